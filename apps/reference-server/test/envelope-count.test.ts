// By default a body of B bytes may hold 10,000 objects or B / 64, whichever is more (no STIX object
// is shorter than 64 bytes): a client that sizes its envelopes by bytes alone, as MISP's push packs
// objects up to max_content_length, is never refused for their number; a large body of items too
// small to be STIX objects is refused before it is parsed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, objectsPath, startServer, TAXII, type Running } from './harness.js';

let running: Running;

beforeAll(async () => {
  running = await startServer();
});
afterAll(() => running.stop());

describe('objects per request, by default', () => {
  it('takes 20,000 small objects in one envelope (once refused past 10,000) and stores every one', async () => {
    const objects = Array.from({ length: 20_000 }, (_, i) => ({
      type: 'ipv4-addr',
      spec_version: '2.1',
      id: `ipv4-addr--${randomUUID()}`,
      value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    }));
    const reply = await running.as('alice').post(objectsPath(), { objects });
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ status: 'complete', total_count: 20_000, success_count: 20_000, failure_count: 0 });
    const page = await running.as('alice').get(`${objectsPath()}?match[type]=ipv4-addr&limit=1000`);
    expect(page.body.objects).toHaveLength(1000);
    expect(page.body.more).toBe(true);
  }, 120_000);

  it('refuses, unparsed, a million empty items (3 MB): more than a body that size can hold objects, naming the limit', async () => {
    const items = 1_000_000;
    const body = Buffer.concat([Buffer.from('{"objects":['), Buffer.alloc(items * 3 - 1, '{},'), Buffer.from(']}')]);
    const response = await fetch(running.base + objectsPath(), {
      method: 'POST',
      headers: { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII },
      body: new Uint8Array(body),
    });
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { description: string; details: unknown };
    expect(answer.details).toEqual({ limit: 'objects per request', value: Math.floor(body.length / 64) });
    expect(answer.description).toBe(
      `A request of ${body.length} bytes holds at most ${Math.floor(body.length / 64)} objects: no STIX object is shorter than 64 bytes.`,
    );
  });
});
