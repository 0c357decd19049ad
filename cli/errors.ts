/** A mistake in how voc was called or configured: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = 2;
}
