// `taxii` against a server that tries to trap it, run as a user runs it: pages that go round in a
// circle longer than one page, redirects that would carry the user's own headers to another host,
// a 307 on a push, and text meant to take over the terminal. Each server here is a few lines of
// node:http that answers as the attack needs.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTaxii } from '../support/run-bin.js';

const TAXII = 'application/taxii+json;version=2.1';
const COLLECTION = '9a1e3c5f-7b2d-4e6a-8c0f-1d3b5a7c9e2f';
const dir = mkdtempSync(join(tmpdir(), 'taxii-hostile-'));

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;
type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** A server on loopback that records every request and answers with `handler`. */
async function hostile(handler: Handler): Promise<{ base: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: body.toString('utf8') });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': TAXII, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const indicator = (n: number) => ({ type: 'indicator', spec_version: '2.1', id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}` });
const at = (n: number) => `2026-01-01T00:00:0${n}.000000Z`;

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

async function start(handler: Handler) {
  const running = await hostile(handler);
  servers.push(running.server);
  return running;
}

describe('a walk that goes round in circles', () => {
  // Three pages A, B, C, then A again, under the same `next` (a server-side cursor looks like that).
  const cycle = (withHeaders: boolean): Handler => {
    let served = 0;
    return (_req, _body, res) => {
      const page = served++ % 3;
      const objects = [indicator(page * 2), indicator(page * 2 + 1)];
      answer(
        res,
        200,
        { more: true, next: 'same-cursor', objects },
        withHeaders ? { 'X-TAXII-Date-Added-First': at(page * 2), 'X-TAXII-Date-Added-Last': at(page * 2 + 1) } : {},
      );
    };
  };

  it('stops with exit 3 when a page starts before the previous one ended (date_added went back)', async () => {
    const { base, seen } = await start(cycle(true));
    const run = await runTaxii(['objects', `${base}/api/`, COLLECTION, '--all'], {});
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^taxii: the server went back: page 4 starts at 2026-01-01T00:00:00.000000Z, before the previous page ended; stopping instead of looping\n/,
    );
    expect(seen).toHaveLength(4);
  });

  it('stops with exit 3 at the first page seen before, however long the circle, when the server sends no date_added headers', async () => {
    const { base, seen } = await start(cycle(false));
    const run = await runTaxii(['objects', `${base}/api/`, COLLECTION, '--all'], {});
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^taxii: the server returned the same 2 records again after page 3; stopping instead of looping\n/);
    expect(seen).toHaveLength(4);
  });
});

describe('redirects', () => {
  const status = (n: number) => ({
    id: '5b1d3e2a-0c4f-4a6b-8d9e-1f2a3b4c5d6e',
    status: 'complete',
    total_count: n,
    success_count: n,
    failure_count: 0,
    pending_count: 0,
  });

  it('a 307 on push to another host: the body is sent again, the user headers and credentials are not', async () => {
    const apiRoot = { title: 'Redirecting', versions: [TAXII], max_content_length: 1_000_000 };
    const elsewhere = await start((req, body, res) =>
      req.method === 'POST' ? answer(res, 202, status(JSON.parse(body.toString()).objects.length)) : answer(res, 404, {}),
    );
    // localhost and 127.0.0.1 are different origins, as two hosts are.
    const target = elsewhere.base.replace('127.0.0.1', 'localhost');
    const first = await start((req, _body, res) => {
      if (req.method !== 'POST') return answer(res, 200, apiRoot);
      res.writeHead(307, { Location: `${target}${req.url}` });
      res.end();
    });
    const file = join(dir, 'two.json');
    writeFileSync(file, JSON.stringify({ objects: [indicator(1), indicator(2)] }));
    const run = await runTaxii(['push', `${first.base}/api/`, COLLECTION, file, '-H', 'X-Api-Key: do-not-forward'], {
      TAXII_USER: 'alice',
      TAXII_PASSWORD: 'secret-pw',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pushed = first.seen.find((s) => s.method === 'POST')!;
    expect(pushed.headers).toMatchObject({ 'x-api-key': 'do-not-forward', authorization: expect.stringMatching(/^Basic /) });
    expect(elsewhere.seen).toHaveLength(1);
    expect(elsewhere.seen[0]!.method).toBe('POST');
    expect(JSON.parse(elsewhere.seen[0]!.body)).toEqual({ objects: [indicator(1), indicator(2)] });
    expect(elsewhere.seen[0]!.body).toBe(pushed.body);
    expect(elsewhere.seen[0]!.headers['x-api-key']).toBeUndefined();
    expect(elsewhere.seen[0]!.headers.authorization).toBeUndefined();
  });

  it('a redirect within the same origin keeps them', async () => {
    const { base, seen } = await start((req, _body, res) => {
      if (req.url === '/api/') return void res.writeHead(308, { Location: '/moved/' }).end();
      answer(res, 200, { title: 'Moved here', versions: [TAXII], max_content_length: 1024 });
    });
    const run = await runTaxii(['root', `${base}/api/`, '-H', 'X-Api-Key: same-origin'], { TAXII_USER: 'alice', TAXII_PASSWORD: 'secret-pw' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Moved here');
    expect(seen.map((s) => [s.url, s.headers['x-api-key'], Boolean(s.headers.authorization)])).toEqual([
      ['/api/', 'same-origin', true],
      ['/moved/', 'same-origin', true],
    ]);
  });

  it('a redirect loop ends with exit 3 and a message, after at most 10 hops', async () => {
    const { base, seen } = await start((_req, _body, res) => void res.writeHead(302, { Location: '/api/' }).end());
    const run = await runTaxii(['root', `${base}/api/`], {});
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^taxii: GET http:\/\/127\.0\.0\.1:\d+\/api\/ was redirected more than 10 times; stopping\n/);
    expect(seen).toHaveLength(11);
  });
});

describe('text meant for the terminal', () => {
  const ESC = '\u001b';
  const forged = `Feed${ESC}[2J${ESC}[H\ntaxii: all good\u202e`;

  it('titles: every control character is shown as an escape, none reaches the terminal; --json keeps the text exact', async () => {
    const { base } = await start((_req, _body, res) => answer(res, 200, { title: forged, api_roots: [] }));
    const run = await runTaxii(['discover', `${base}/taxii2/`], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Feed\\u001b[2J\\u001b[H\\u000ataxii: all good\\u202e');
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const json = await runTaxii(['discover', `${base}/taxii2/`, '--json'], {});
    expect(JSON.parse(json.stdout).title).toBe(forged);
  });

  it('an error description of 100 kB with escape codes: a short, safe line for people, the whole text with --json', async () => {
    const description = `${ESC}]0;owned${'\u0007'}${'x'.repeat(100_000)}`;
    const { base } = await start((_req, _body, res) => answer(res, 400, { title: `Bad${ESC}[31m`, description, http_status: '400' }));
    const run = await runTaxii(['collections', `${base}/api/`], {});
    expect(run.code).toBe(1);
    const line = run.stderr.split('\n')[0]!;
    expect(line.length).toBeLessThan(700);
    expect(line).toMatch(/^taxii: the server refused: 400 Bad\\u001b\[31m: \\u001b\]0;owned\\u0007x+… \(\d+ more characters; --json shows them all\)$/);
    expect(run.stderr).not.toContain(ESC);
    const json = await runTaxii(['collections', `${base}/api/`, '--json'], {});
    expect(JSON.parse(json.stdout).error.resource.description).toBe(description);
  });
});
