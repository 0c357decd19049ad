/**
 * What the server's routes share: the context they run in, the errors that become 404 and 400, the
 * session cookie and the Content-Security-Policy.
 */
import type { Scorer } from '../pipeline/score.ts';
import type { Scorecard } from '../pipeline/scorecard/scorecard.ts';
import type { Db } from '../store/db.ts';

export interface ServeContext {
  db: Db;
  /** The configured scorer (calibration, models); its version picks the scores that are read. */
  scorer: Scorer;
  /** Agents with fewer interactions are listed but not ranked or put in a quadrant. @defaultValue 20 */
  minInteractions: number;
  /** The QA scorecard interactions are evaluated and reviewed on (--scorecard, $VOC_SCORECARD, else the default). */
  scorecard: Scorecard;
  /** Days within which an earlier contact by the customer counts for live guidance. @defaultValue 7 (Config.repeatWindowDays) */
  repeatWindowDays: number;
}

/** A 404 that looks the same whether the thing is missing or outside the caller's scope. */
export class NotFound extends Error {
  override name = 'NotFound';
  statusCode = 404;
}
export class BadRequest extends Error {
  override name = 'BadRequest';
  statusCode = 400;
}

export const SESSION_COOKIE = 'voc_session';

/**
 * Every page and response: no network request off this server, no inline or foreign scripts, no
 * framing. Charts are inline SVG (no style attributes), styles and the one script are files here.
 */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A cookie that is not valid percent-encoding is not ours: ignore it.
    }
  }
  return out;
}
