// The failed-login counter on its own, on a clock the test moves (SRV-SEC-05).
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../src/login-throttle.js';

describe('LoginThrottle', () => {
  it('refuses a pair after maxFailures within the window, and says for how long', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(3, 60_000, 100, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('10.0.0.1', 'alice')).toBe(0);
      throttle.recordFailure('10.0.0.1', 'alice');
      now += 10_000;
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: the oldest leaves the window at 60 s.
    expect(throttle.retryAfterSeconds('10.0.0.1', 'alice')).toBe(30);
    expect(throttle.retryAfterSeconds('10.0.0.2', 'alice')).toBe(0);
    expect(throttle.retryAfterSeconds('10.0.0.1', 'bob')).toBe(0);
    now += 30_000;
    expect(throttle.retryAfterSeconds('10.0.0.1', 'alice')).toBe(0);
  });

  it('forgets a pair on success, does nothing when off, and keeps memory bounded', () => {
    const throttle = new LoginThrottle(2, 60_000, 3);
    throttle.recordFailure('a', 'u');
    throttle.recordFailure('a', 'u');
    expect(throttle.retryAfterSeconds('a', 'u')).toBeGreaterThan(0);
    throttle.recordSuccess('a', 'u');
    expect(throttle.retryAfterSeconds('a', 'u')).toBe(0);

    const off = new LoginThrottle(0, 60_000);
    for (let i = 0; i < 100; i++) off.recordFailure('a', 'u');
    expect(off.retryAfterSeconds('a', 'u')).toBe(0);

    for (const user of ['u1', 'u2', 'u3', 'u4']) {
      throttle.recordFailure('b', user);
      throttle.recordFailure('b', user);
    }
    // Only three pairs are tracked: the oldest (u1) was dropped.
    expect(['u1', 'u2', 'u3', 'u4'].map((u) => throttle.retryAfterSeconds('b', u) > 0)).toEqual([false, true, true, true]);
  });
});
