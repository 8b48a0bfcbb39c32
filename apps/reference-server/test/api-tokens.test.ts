// API tokens: `Authorization: Bearer` with the user's rights on every endpoint, refused alike
// whether the id exists or not, refused once expired or once its user is gone, and counted by the
// same failed-login throttle as passwords. Runs on the run's store (the throttle's ledger is
// PostgreSQL's when the store is).
import { afterEach, describe, expect, it } from 'vitest';
import { newApiToken } from '../src/api-tokens.js';
import { MAIN, READ_ONLY, startServer, TAXII, TEST_STORE, testIndicator, type Running } from './harness.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function send(base: string, path: string, token: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { Accept: TAXII, ...bearer(token), ...(init.body !== undefined && { 'Content-Type': TAXII }) },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe(`API tokens (${TEST_STORE})`, () => {
  it('work on every endpoint with their user’s rights, and are refused alike when wrong or unknown', async () => {
    running = await startServer();
    const alice = newApiToken('alice');
    const bob = newApiToken('bob');
    running.server.reload({ ...running.config, tokens: [alice.entry, bob.entry] });
    const { base } = running;

    expect((await send(base, '/taxii2/', alice.token)).status).toBe(200);
    // taxii2-client's TokenAuth sends the same token as `Token <token>`.
    expect((await fetch(`${base}/taxii2/`, { headers: { Accept: TAXII, Authorization: `Token ${alice.token}` } })).status).toBe(200);
    const collections = await send(base, '/api1/collections/', alice.token);
    expect(collections.body.collections.map((c: any) => c.id)).toEqual([MAIN, READ_ONLY]);
    const pushed = await send(base, `/api1/collections/${MAIN}/objects/`, alice.token, { method: 'POST', body: { objects: [testIndicator(1)] } });
    expect(pushed.status).toBe(202);
    expect((await send(base, `/api1/status/${pushed.body.id}/`, alice.token)).body.success_count).toBe(1);
    expect((await send(base, `/api1/collections/${MAIN}/objects/${testIndicator(1).id}/versions/`, alice.token)).status).toBe(200);
    // bob reads main but may not write it, nor see read-only.
    expect((await send(base, `/api1/collections/${MAIN}/manifest/`, bob.token)).body.objects).toHaveLength(1);
    expect((await send(base, `/api1/collections/${MAIN}/objects/`, bob.token, { method: 'POST', body: { objects: [testIndicator(2)] } })).status).toBe(403);
    expect((await send(base, `/api1/collections/${READ_ONLY}/`, bob.token)).status).toBe(404);

    const forged = alice.token.slice(0, -4) + (alice.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const unknown = newApiToken('alice').token;
    const answers = [await send(base, '/taxii2/', forged), await send(base, '/taxii2/', unknown), await send(base, '/taxii2/', 'not-a-token-at-all')];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body.description).toBe('The bearer token is not valid.');
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="TAXII", charset="UTF-8", Bearer realm="TAXII", error="invalid_token"');
    }
    // Without credentials both schemes are offered.
    const anonymous = await fetch(`${base}/taxii2/`, { headers: { Accept: TAXII } });
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="TAXII", charset="UTF-8", Bearer realm="TAXII"');
  });

  it('stop working once expired, removed, or when their user is removed (on reload)', async () => {
    running = await startServer();
    const past = newApiToken('alice', new Date(Date.now() - 1000), new Date(Date.now() - 60_000));
    const kept = newApiToken('alice');
    const bobs = newApiToken('bob');
    running.server.reload({ ...running.config, tokens: [past.entry, kept.entry, bobs.entry] });
    const { base } = running;

    const expired = await send(base, '/taxii2/', past.token);
    expect(expired.status).toBe(401);
    expect(expired.body.description).toBe(`This token expired at ${past.entry.expires}; ask for a new one ('taxii-server token add alice').`);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await send(base, '/taxii2/', kept.token)).status).toBe(200);
    expect((await send(base, '/taxii2/', bobs.token)).status).toBe(200);

    running.server.reload({ ...running.config, users: running.config.users.filter((u) => u.username !== 'bob'), tokens: [past.entry, bobs.entry] });
    expect((await send(base, '/taxii2/', kept.token)).status).toBe(401);
    expect((await send(base, '/taxii2/', bobs.token)).status).toBe(401);
  });

  it('count failures per token id and address, like passwords: past the limit even the right token waits (SRV-SEC-05)', async () => {
    running = await startServer({ limits: { maxFailedLogins: 3 } });
    const alice = newApiToken('alice');
    const other = newApiToken('alice');
    running.server.reload({ ...running.config, tokens: [alice.entry, other.entry] });
    const { base } = running;
    const wrong = alice.token.slice(0, -1) + (alice.token.endsWith('A') ? 'B' : 'A');
    for (let i = 0; i < 3; i++) expect((await send(base, '/taxii2/', wrong)).status).toBe(401);
    const locked = await send(base, '/taxii2/', alice.token);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another token of the same user is another key.
    expect((await send(base, '/taxii2/', other.token)).status).toBe(200);
  });
});
