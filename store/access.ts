/**
 * Access to `voc serve`: API tokens (kept only as a hash of their secret), browser sessions and the
 * audit trail of every change made through the server.
 *
 * token: `voc_<token_id>_<secret>`, shown once when created. principal: the role and scope a
 * request acts with, from its token or its session.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from './db.ts';
import type { AccessScope } from './scope.ts';

export const ROLES = ['admin', 'lead', 'reviewer', 'agent'] as const;
/** Roles whose scope is a list of teams. */
export const TEAM_ROLES: readonly Role[] = ['lead', 'reviewer'];
export type Role = (typeof ROLES)[number];

export interface Principal {
  token_id: string;
  role: Role;
  teams: string[];
  agent_id: string | null;
  /** What this principal may read, for every query. */
  scope: AccessScope;
}

export interface TokenInfo {
  token_id: string;
  role: Role;
  teams: string[];
  agent_id: string | null;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

export class AccessError extends Error {
  override name = 'AccessError';
}

/** How long a browser session lasts without signing in again. */
export const SESSION_HOURS = 12;
/** An arbitrary constant naming the lock taken while the first admin token is made. */
const BOOTSTRAP_LOCK_KEY = 4_207_731_006;

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const TOKEN_RE = /^voc_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function scopeOf(role: Role, teams: string[], agentId: string | null): AccessScope {
  if (role === 'admin') return {};
  if (role === 'lead' || role === 'reviewer') return { teams };
  return { agent: agentId };
}

function principalOf(r: { token_id: string; role: Role; teams: string[]; agent_id: string | null }): Principal {
  return { token_id: r.token_id, role: r.role, teams: r.teams, agent_id: r.agent_id, scope: scopeOf(r.role, r.teams, r.agent_id) };
}

export interface NewToken {
  role: Role;
  teams?: string[];
  agent?: string | null;
  label?: string | null;
}

/** Creates a token and returns it in full: the only time the secret is seen. */
export async function createToken(db: Queryable, t: NewToken, opts: { loginLink?: boolean } = {}): Promise<{ token_id: string; token: string; login_code: string | null }> {
  if (!ROLES.includes(t.role)) throw new AccessError(`role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(t.role)}`);
  const teams = [...new Set(t.teams ?? [])];
  if (TEAM_ROLES.includes(t.role) && teams.length === 0) throw new AccessError(`a ${t.role} token needs at least one --team`);
  if (t.role === 'agent' && !t.agent) throw new AccessError('an agent token needs --agent ID');
  const tokenId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const loginCode = opts.loginLink ? randomBytes(24).toString('base64url') : null;
  await db.query(
    `INSERT INTO api_tokens (token_id, secret_hash, role, teams, agent_id, label, login_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [tokenId, sha256(secret), t.role, teams, t.role === 'agent' ? t.agent : null, t.label ?? null, loginCode ? sha256(loginCode) : null],
  );
  return { token_id: tokenId, token: `voc_${tokenId}_${secret}`, login_code: loginCode };
}

/**
 * On a store with no token at all, makes the first admin token with a one-time sign-in link, under a
 * lock so two servers starting at once make one. Null when a token already exists.
 */
export async function bootstrapAdmin(db: Db): Promise<{ token_id: string; token: string; login_code: string } | null> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
    const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens');
    if (rows[0]!.n > 0) return null;
    const made = await createToken(tx, { role: 'admin', label: 'first admin (made by voc serve)' }, { loginLink: true });
    return { ...made, login_code: made.login_code! };
  });
}

export async function listTokens(db: Queryable): Promise<TokenInfo[]> {
  const { rows } = await db.query<TokenInfo>(
    `SELECT token_id, role, teams, agent_id, label, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS revoked_at
     FROM api_tokens ORDER BY created_at, token_id`,
  );
  return rows;
}

/** Revokes a token and ends its sessions; false when there is no such token. */
export async function revokeToken(db: Db, tokenId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE token_id = $1 RETURNING token_id', [tokenId]);
    await tx.query('DELETE FROM web_sessions WHERE token_id = $1', [tokenId]);
    return rows.length > 0;
  });
}

/** The principal of a presented token, or null when it is malformed, unknown or revoked. */
export async function verifyToken(db: Queryable, token: string): Promise<Principal | null> {
  const m = TOKEN_RE.exec(token.trim());
  if (!m) return null;
  const { rows } = await db.query<{ token_id: string; role: Role; teams: string[]; agent_id: string | null; secret_hash: Buffer | Uint8Array }>(
    'SELECT token_id, role, teams, agent_id, secret_hash FROM api_tokens WHERE token_id = $1 AND revoked_at IS NULL',
    [m[1]],
  );
  const r = rows[0];
  // Hash and compare even for an unknown id, so timing says nothing about which ids exist.
  const presented = sha256(m[2]!);
  const stored = r ? Buffer.from(r.secret_hash) : Buffer.alloc(32);
  const same = timingSafeEqual(presented, stored);
  return r && same ? principalOf(r) : null;
}

/** Uses a one-time sign-in code: the token's principal, and the code is gone. Null when not valid. */
export async function consumeLoginCode(db: Queryable, tokenId: string, code: string): Promise<Principal | null> {
  const { rows } = await db.query<{ token_id: string; role: Role; teams: string[]; agent_id: string | null }>(
    `UPDATE api_tokens SET login_hash = NULL
     WHERE token_id = $1 AND login_hash = $2 AND revoked_at IS NULL
     RETURNING token_id, role, teams, agent_id`,
    [tokenId, sha256(code)],
  );
  return rows[0] ? principalOf(rows[0]) : null;
}

/** Opens a browser session; the returned id goes in the cookie, only its hash in the table. */
export async function createSession(db: Queryable, tokenId: string): Promise<{ session: string; csrf: string }> {
  const session = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.query(
    `INSERT INTO web_sessions (session_hash, token_id, csrf, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [sha256(session), tokenId, csrf, SESSION_HOURS],
  );
  await db.query('DELETE FROM web_sessions WHERE expires_at < now()');
  return { session, csrf };
}

/** The principal and CSRF token of a live session on a token still valid, else null. */
export async function readSession(db: Queryable, session: string): Promise<{ principal: Principal; csrf: string } | null> {
  const { rows } = await db.query<{ token_id: string; role: Role; teams: string[]; agent_id: string | null; csrf: string }>(
    `SELECT t.token_id, t.role, t.teams, t.agent_id, s.csrf FROM web_sessions s JOIN api_tokens t USING (token_id)
     WHERE s.session_hash = $1 AND s.expires_at > now() AND t.revoked_at IS NULL`,
    [sha256(session)],
  );
  const r = rows[0];
  return r ? { principal: principalOf(r), csrf: r.csrf } : null;
}

export async function endSession(db: Queryable, session: string): Promise<void> {
  await db.query('DELETE FROM web_sessions WHERE session_hash = $1', [sha256(session)]);
}

/** Constant-time equality of two strings (CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = sha256(a);
  const y = sha256(b);
  return timingSafeEqual(x, y);
}

/** Records a change: who made it, what, on what. Call inside the change's own transaction. */
export async function audit(db: Queryable, who: Principal, action: string, target: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await db.query('INSERT INTO audit_log (token_id, role, action, target, detail) VALUES ($1, $2, $3, $4, $5)', [who.token_id, who.role, action, target, JSON.stringify(detail)]);
}

export interface AuditEntry {
  audit_id: number;
  at: string;
  token_id: string;
  role: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

export async function listAudit(db: Queryable, limit = 200): Promise<AuditEntry[]> {
  const { rows } = await db.query<AuditEntry>(
    `SELECT audit_id::int AS audit_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, token_id, role, action, target, detail
     FROM audit_log ORDER BY audit_id DESC LIMIT $1`,
    [limit],
  );
  return rows;
}
