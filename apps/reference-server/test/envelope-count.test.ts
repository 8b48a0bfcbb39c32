// By default the object-count limit follows max_content_length (over 64 bytes, the shortest STIX
// object): a client that sizes its envelopes by bytes alone, as MISP's push packs objects up to
// max_content_length, is never refused for their number; a body of tiny items beyond what any real
// object could make is still refused before it is parsed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, objectsPath, startServer, TAXII, type Running } from './harness.js';

let running: Running;

beforeAll(async () => {
  running = await startServer();
});
afterAll(() => running.stop());

// The test server's first API root advertises max_content_length 64 MiB.
const DERIVED_LIMIT = (64 * 1024 * 1024) / 64;

describe('objects per request, by default', () => {
  it('takes 20,000 small objects in one envelope (once refused past 10,000) and stores every one', async () => {
    const objects = Array.from({ length: 20_000 }, (_, i) => ({ type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${randomUUID()}`, value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }));
    const reply = await running.as('alice').post(objectsPath(), { objects });
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ status: 'complete', total_count: 20_000, success_count: 20_000, failure_count: 0 });
    const page = await running.as('alice').get(`${objectsPath()}?match[type]=ipv4-addr&limit=1000`);
    expect(page.body.objects).toHaveLength(1000);
    expect(page.body.more).toBe(true);
  }, 120_000);

  it('refuses, unparsed, one item more than max_content_length / 64, naming the limit', async () => {
    const items = DERIVED_LIMIT + 1;
    const body = Buffer.concat([Buffer.from('{"objects":['), Buffer.alloc(items * 3 - 1, '{},'), Buffer.from(']}')]);
    const response = await fetch(running.base + objectsPath(), { method: 'POST', headers: { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII }, body: new Uint8Array(body) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ details: { limit: 'objects per request', value: DERIVED_LIMIT } });
  });
});
