// The failed-login counter on its own, on a clock the test moves (SRV-SEC-05).
import { describe, expect, it } from 'vitest';
import { LoginThrottle, MemoryFailureLedger } from '../src/login-throttle.js';

describe('LoginThrottle', () => {
  it('refuses a pair after maxFailures within the window, and says for how long', async () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(3, 60_000, 'user', new MemoryFailureLedger(100), () => now);
    for (let i = 0; i < 3; i++) {
      expect(await throttle.retryAfterSeconds('10.0.0.1', 'alice')).toBe(0);
      await throttle.recordFailure('10.0.0.1', 'alice');
      now += 10_000;
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: the oldest leaves the window at 60 s.
    expect(await throttle.check('10.0.0.1', 'alice')).toEqual({ retryAfterSeconds: 30, hasFailures: true });
    expect(await throttle.retryAfterSeconds('10.0.0.2', 'alice')).toBe(0);
    expect(await throttle.retryAfterSeconds('10.0.0.1', 'bob')).toBe(0);
    now += 30_000;
    expect(await throttle.check('10.0.0.1', 'alice')).toEqual({ retryAfterSeconds: 0, hasFailures: true });
    now += 30_000;
    expect(await throttle.check('10.0.0.1', 'alice')).toEqual({ retryAfterSeconds: 0, hasFailures: false });
  });

  it('forgets a pair on success, does nothing when off, and keeps memory bounded', async () => {
    const throttle = new LoginThrottle(2, 60_000, 'user', new MemoryFailureLedger(3));
    await throttle.recordFailure('a', 'u');
    await throttle.recordFailure('a', 'u');
    expect(await throttle.retryAfterSeconds('a', 'u')).toBeGreaterThan(0);
    await throttle.recordSuccess('a', 'u');
    expect(await throttle.retryAfterSeconds('a', 'u')).toBe(0);

    const off = new LoginThrottle(0, 60_000, 'user');
    for (let i = 0; i < 100; i++) await off.recordFailure('a', 'u');
    expect(await off.retryAfterSeconds('a', 'u')).toBe(0);

    for (const user of ['u1', 'u2', 'u3', 'u4']) {
      await throttle.recordFailure('b', user);
      await throttle.recordFailure('b', user);
    }
    // Only three pairs are tracked: the oldest (u1) was dropped.
    const locked = await Promise.all(['u1', 'u2', 'u3', 'u4'].map(async (u) => (await throttle.retryAfterSeconds('b', u)) > 0));
    expect(locked).toEqual([false, true, true, true]);
  });

  it('keeps the counts of throttles that share a ledger apart', async () => {
    const ledger = new MemoryFailureLedger();
    const perUser = new LoginThrottle(1, 60_000, 'user', ledger);
    const perAddress = new LoginThrottle(1, 60_000, 'address', ledger);
    await perUser.recordFailure('a', '');
    expect(await perUser.retryAfterSeconds('a', '')).toBeGreaterThan(0);
    expect(await perAddress.retryAfterSeconds('a', '')).toBe(0);
  });
});
