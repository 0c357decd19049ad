/**
 * Connection failures are transient: PostgreSQL restarting or failing over, a backend terminated, Redis
 * restarting or briefly unreachable. The processes that move work (ingest, workers) wait them out —
 * retry with backoff, say once that the service went away and once that it is back — instead of
 * exiting. Everything else (bad data, a missing table, a wrong password) is not retried here.
 */

/** SQLSTATE codes of a lost or refused PostgreSQL connection, and of a server starting up or shutting down. */
const PG_CONNECTION_CODES = new Set([
  '08000', '08001', '08003', '08004', '08006', '08007', // connection exception
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown or restart
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up or recovering
  '53300', // too_many_connections
]);

/** Errors of the socket underneath (Node's `err.code`). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** What pg and ioredis say when a connection drops without a code. */
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /client has encountered a connection error/i,
  /connection is closed/i,
  /timeout exceeded when trying to connect/i,
  /server closed the connection unexpectedly/i,
  /reached the max retries per request limit/i,
  /socket closed unexpectedly/i,
];

/** True when `err` (or its cause) is a lost, refused or not-yet-possible connection: worth waiting out. */
export function isConnectionError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (PG_CONNECTION_CODES.has(code) || SOCKET_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(message))) return true;
    if (e instanceof AggregateError && e.errors.some(isConnectionError)) return true;
  }
  return false;
}

/** Thrown out of a wait for a service when the process is shutting down. */
export class ShutdownError extends Error {
  override name = 'ShutdownError';
  constructor(message = 'shutting down') {
    super(message);
  }
}

/**
 * One service's availability, as a process sees it: the first failure of an outage is logged, later
 * ones are not, and the first success after it logs that the service is back and how long it was gone.
 */
export class Outage {
  private since: number | null = null;

  constructor(
    /** What went away, for messages: "PostgreSQL at postgres://db/voc". */
    readonly what: string,
    private readonly log: (message: string) => void = (m) => console.error(`voc: ${m}`),
  ) {}

  get down(): boolean {
    return this.since !== null;
  }

  failed(err: unknown): void {
    if (this.since !== null) return;
    this.since = Date.now();
    const reason = (err as Error)?.message || (err as { code?: string })?.code || String(err);
    this.log(`lost the connection to ${this.what} (${reason.split('\n')[0]}); retrying until it is back`);
  }

  recovered(): void {
    if (this.since === null) return;
    const seconds = (Date.now() - this.since) / 1000;
    this.since = null;
    this.log(`${this.what} is back after ${seconds.toFixed(1)} s; carrying on`);
  }
}

/** Backoff between attempts while a service is away: 250 ms doubling to 5 s. */
export const RECONNECT = { firstDelayMs: 250, maxDelayMs: 5000 } as const;

/** Resolves after `ms`, or rejects with ShutdownError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new ShutdownError());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ShutdownError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn` until it succeeds or fails with something other than a connection error, waiting with
 * backoff between attempts. `fn` must be safe to run again after a connection error (an idempotent
 * write, a read, or one transaction that either committed or did not).
 */
export async function retryConnection<T>(fn: () => Promise<T>, outage: Outage, signal?: AbortSignal): Promise<T> {
  let delay: number = RECONNECT.firstDelayMs;
  for (;;) {
    try {
      const out = await fn();
      outage.recovered();
      return out;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      if (signal?.aborted) throw new ShutdownError();
      outage.failed(err);
      await sleep(delay, signal);
      delay = Math.min(delay * 2, RECONNECT.maxDelayMs);
    }
  }
}
