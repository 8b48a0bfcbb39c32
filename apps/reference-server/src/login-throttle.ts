// Failed-login limiting (SRV-SEC-05): after `maxFailures` wrong passwords for one user name from one
// client address within `windowMs`, that pair is refused (429 with Retry-After) until the window
// has passed, without running scrypt, so guessing is slow and cannot burn the server's CPU. Other
// users and other addresses are unaffected, so a guesser cannot lock everyone out. Memory is
// bounded: the oldest entries go first when `maxTracked` is reached.

export class LoginThrottle {
  /** key → times of recent failures, oldest first */
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly maxTracked = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until this pair may try again, or 0 when it may try now. */
  retryAfterSeconds(clientAddress: string, username: string): number {
    if (this.maxFailures === 0) return 0;
    const times = this.#recent(key(clientAddress, username));
    if (times.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((times[times.length - this.maxFailures]! + this.windowMs - this.now()) / 1000));
  }

  recordFailure(clientAddress: string, username: string): void {
    if (this.maxFailures === 0) return;
    const k = key(clientAddress, username);
    const times = this.#recent(k);
    times.push(this.now());
    this.#failures.delete(k); // re-insert: Map order is then least recently failed first
    this.#failures.set(k, times.slice(-this.maxFailures));
    if (this.#failures.size > this.maxTracked) this.#failures.delete(this.#failures.keys().next().value!);
  }

  /** A successful login starts the count afresh. */
  recordSuccess(clientAddress: string, username: string): void {
    this.#failures.delete(key(clientAddress, username));
  }

  #recent(k: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const times = (this.#failures.get(k) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) this.#failures.delete(k);
    return times;
  }
}

function key(clientAddress: string, username: string): string {
  return `${clientAddress}\u0000${username}`;
}
