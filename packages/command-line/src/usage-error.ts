/** Wrong usage: the command prints the message on one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
