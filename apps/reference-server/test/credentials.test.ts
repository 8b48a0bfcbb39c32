// The credential verifier on its own: how many scrypt checks a burst of logins costs. A client
// that opens many connections at once sends the same credentials on each before any is answered.
import { describe, expect, it } from 'vitest';
import { ErrorAnswer } from '@taxii21/server';
import { createCredentialVerifier } from '../src/credentials.js';
import { LoginThrottle, MemoryFailureLedger } from '../src/login-throttle.js';
import { hashPassword, verifyPassword } from '../src/passwords.js';

async function verifier(maxFailures = 100) {
  const users = [{ username: 'alice', passwordHash: await hashPassword('right horse') }];
  let checks = 0;
  const counted = (password: string, hash: string) => {
    checks++;
    return verifyPassword(password, hash);
  };
  const throttle = new LoginThrottle(maxFailures, 60_000, 'user', new MemoryFailureLedger());
  const verify = createCredentialVerifier(users, throttle, undefined, counted);
  return { verify, checks: () => checks };
}

const from = { clientAddress: '127.0.0.1' };

describe('createCredentialVerifier', () => {
  it('checks the password once for 50 requests that arrive together with the same credentials', async () => {
    const { verify, checks } = await verifier();
    const users = await Promise.all(Array.from({ length: 50 }, () => verify('alice', 'right horse', from)));
    expect(users).toEqual(Array.from({ length: 50 }, () => ({ username: 'alice' })));
    expect(checks()).toBe(1);
    // Remembered afterwards; another password is a check of its own.
    expect(await verify('alice', 'right horse', from)).toEqual({ username: 'alice' });
    expect(checks()).toBe(1);
    expect(await verify('alice', 'wrong horse', from)).toBeNull();
    expect(checks()).toBe(2);
  });

  it('counts each request of a wrong-password burst as a failure, with one check', async () => {
    const { verify, checks } = await verifier(5);
    const answers = await Promise.all(Array.from({ length: 8 }, () => verify('alice', 'wrong horse', from)));
    expect(answers).toEqual(Array.from({ length: 8 }, () => null));
    expect(checks()).toBe(1);
    // Eight failures against a limit of five: the pair is refused now, even with the right password.
    const refused = await verify('alice', 'right horse', from).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ErrorAnswer);
    expect((refused as ErrorAnswer).status).toBe(429);
  });
});
