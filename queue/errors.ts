/** A failure that retrying cannot fix (bad job data): the queue records it and does not retry. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export class QueueConnectionError extends Error {
  override name = 'QueueConnectionError';
}
