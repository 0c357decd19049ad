/**
 * Posting alert firings to a webhook: JSON, retried with exponential backoff, the outcome recorded on
 * the firing (sent, or failed with the last error). Delivery never throws: a receiver that is down
 * loses no firing (it stays recorded) and never stops ingest or scoring.
 */
import type { Queryable } from '../store/db.ts';
import { recordDelivery } from '../store/alerts.ts';
import type { Firing } from './alerts.ts';

export interface WebhookOptions {
  /** Tries per firing. @defaultValue 4 */
  attempts?: number;
  /** First wait between tries, doubled each time. @defaultValue 500 ms */
  backoffMs?: number;
  /** One try's time limit. @defaultValue 5000 ms */
  timeoutMs?: number;
}

/** Posts one firing; returns the tries it took and the last error (null when delivered). */
export async function postFiring(url: string, firing: Firing & { id: number }, opts: WebhookOptions = {}): Promise<{ attempts: number; error: string | null }> {
  const tries = opts.attempts ?? 4;
  let wait = opts.backoffMs ?? 500;
  let error: string | null = null;
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'voc.alert', ...firing }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      if (res.ok) return { attempts: attempt, error: null };
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    if (attempt < tries) {
      await new Promise((r) => setTimeout(r, wait));
      wait *= 2;
    }
  }
  return { attempts: tries, error };
}

/** Delivers every new firing and records the outcome of each. */
export async function deliverFirings(db: Queryable, url: string, firings: (Firing & { id: number })[], opts: WebhookOptions = {}): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const f of firings) {
    const r = await postFiring(url, f, opts);
    await recordDelivery(db, f.id, r.error ? 'failed' : 'sent', r.attempts, r.error);
    if (r.error) failed++;
    else sent++;
  }
  return { sent, failed };
}
