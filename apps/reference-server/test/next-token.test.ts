import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NextTokens } from '../src/next-token.js';

describe('NextTokens (SRV-FLT-10)', () => {
  const secret = randomBytes(32);
  const payload = { scope: 'objects|c|', filters: { match: { type: 'malware' } }, position: 1_700_000_000_000_000 };

  it('round-trips a payload', () => {
    const tokens = new NextTokens(secret, 60);
    expect(tokens.read(tokens.issue(payload), 'objects|c|')).toEqual(payload);
  });

  it('works on another instance with the same secret, not with another secret', () => {
    const token = new NextTokens(secret, 60).issue(payload);
    expect(new NextTokens(Buffer.from(secret), 60).read(token, 'objects|c|').position).toBe(payload.position);
    expect(() => new NextTokens(randomBytes(32), 60).read(token, 'objects|c|')).toThrow(/not a token this server issued/);
  });

  it('expires after its time to live', () => {
    let now = 1_000_000_000_000;
    const tokens = new NextTokens(secret, 60, () => now);
    const token = tokens.issue(payload);
    now += 59_000;
    expect(tokens.read(token, 'objects|c|').position).toBe(payload.position);
    now += 2_000;
    expect(() => tokens.read(token, 'objects|c|')).toThrow(/expired/);
  });

  it('refuses short secrets', () => {
    expect(() => new NextTokens(randomBytes(16), 60)).toThrow(/at least 32 bytes/);
  });
});
