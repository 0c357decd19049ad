/**
 * Error classes more than one layer throws or recognises. Layer-specific errors (a bad input row, a
 * lexicon that fails to load, a database that cannot be reached) stay with their layer.
 */

/** A mistake in how voc was called or configured: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = 2;
}

/** A failure that retrying cannot fix (bad job data): the queue records it and does not retry. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** The queue's server (Redis) cannot be reached. */
export class QueueConnectionError extends Error {
  override name = 'QueueConnectionError';
}
