// Failed-login limiting (SRV-SEC-05): after `maxFailures` wrong passwords for one user name from one
// client address within `windowMs`, that pair is refused (429 with Retry-After) until the window
// has passed, without running scrypt, so guessing is slow and cannot burn the server's CPU. Other
// users and other addresses are unaffected, so a guesser cannot lock everyone out.
//
// Where the counts live is the ledger's business: in this process's memory (bounded: the oldest
// entries go first when `maxTracked` is reached), or in a store that every instance shares
// (PostgreSQL), so that spreading guesses over the instances behind a load balancer gains nothing.
import type { LoginFailureStore } from './store/types.js';

export type FailureLedger = LoginFailureStore;

export class MemoryFailureLedger implements FailureLedger {
  /** key → times of recent failures, oldest first, least recently failed key first */
  readonly #failures = new Map<string, number[]>();

  constructor(private readonly maxTracked = 100_000) {}

  async recentLoginFailures(key: string, sinceMs: number): Promise<number[]> {
    const times = (this.#failures.get(key) ?? []).filter((t) => t > sinceMs);
    if (times.length === 0) this.#failures.delete(key);
    return times;
  }

  async addLoginFailure(key: string, atMs: number, sinceMs: number, keep: number): Promise<void> {
    const times = (this.#failures.get(key) ?? []).filter((t) => t > sinceMs);
    times.push(atMs);
    this.#failures.delete(key); // re-insert: Map order is then least recently failed first
    this.#failures.set(key, times.slice(-keep));
    if (this.#failures.size > this.maxTracked) this.#failures.delete(this.#failures.keys().next().value!);
  }

  async clearLoginFailures(key: string): Promise<void> {
    this.#failures.delete(key);
  }
}

export type ThrottleState = {
  /** Seconds until this pair may try again, or 0 when it may try now. */
  retryAfterSeconds: number;
  /** Whether any failure is on record, i.e. whether a success has something to clear. */
  hasFailures: boolean;
};

export class LoginThrottle {
  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    /** Names this throttle's keys in a ledger that several throttles share. */
    private readonly scope: string,
    private readonly ledger: FailureLedger = new MemoryFailureLedger(),
    private readonly now: () => number = Date.now,
  ) {}

  async check(clientAddress: string, username: string): Promise<ThrottleState> {
    if (this.maxFailures === 0) return { retryAfterSeconds: 0, hasFailures: false };
    const times = await this.ledger.recentLoginFailures(this.key(clientAddress, username), this.now() - this.windowMs);
    if (times.length < this.maxFailures) return { retryAfterSeconds: 0, hasFailures: times.length > 0 };
    const wait = Math.max(1, Math.ceil((times[times.length - this.maxFailures]! + this.windowMs - this.now()) / 1000));
    return { retryAfterSeconds: wait, hasFailures: true };
  }

  async retryAfterSeconds(clientAddress: string, username: string): Promise<number> {
    return (await this.check(clientAddress, username)).retryAfterSeconds;
  }

  async recordFailure(clientAddress: string, username: string): Promise<void> {
    if (this.maxFailures === 0) return;
    const now = this.now();
    await this.ledger.addLoginFailure(this.key(clientAddress, username), now, now - this.windowMs, this.maxFailures);
  }

  /** A successful login starts the count afresh. */
  async recordSuccess(clientAddress: string, username: string): Promise<void> {
    await this.ledger.clearLoginFailures(this.key(clientAddress, username));
  }

  /** JSON, so that no user name can make two pairs one key, and a shared ledger's text column can hold any name. */
  private key(clientAddress: string, username: string): string {
    return JSON.stringify([this.scope, clientAddress, username]);
  }
}
