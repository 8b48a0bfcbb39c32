// Connections that hold the server's resources: a client too slow to send its headers gets 408
// with an error resource, and one that pipelines requests without reading the answers is cut off
// rather than having its answers buffered without end.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, objectsPath, startServer, TAXII, testIndicator, type Running } from './harness.js';

let running: Running;
beforeAll(async () => {
  running = await startServer({ limits: { headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, socketIdleTimeoutSeconds: 2, maxRequestsPerConnection: 50 } });
  // Something to read: 2,000 objects, so each page of 1,000 is about half a megabyte.
  const objects = Array.from({ length: 2000 }, (_, i) => testIndicator(i, { description: 'x'.repeat(200) }));
  expect((await running.as('alice').post(objectsPath(), { objects })).status).toBe(202);
});
afterAll(() => running.stop());

function rawConnection() {
  const url = new URL(running.base);
  return connect(Number(url.port), url.hostname);
}

describe('connections', () => {
  it('headers not sent in time get 408 with a TAXII error resource', async () => {
    const socket = rawConnection();
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.write('GET /taxii2/ HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(received).toContain('Content-Type: application/taxii+json;version=2.1');
    expect(JSON.parse(received.split('\r\n\r\n')[1]!).http_status).toBe('408');
  }, 20_000);

  it('a client pipelining 300 page requests without reading is disconnected, and others are served meanwhile', async () => {
    const request = `GET ${objectsPath()}?limit=1000 HTTP/1.1\r\nHost: x\r\nAccept: application/taxii+json;version=2.1\r\nAuthorization: ${basicAuth('alice')}\r\n\r\n`;
    const socket = rawConnection();
    socket.pause(); // not reading, for now
    socket.on('error', () => undefined);
    const rssBefore = process.memoryUsage().rss;
    socket.write(request.repeat(300));
    // While it sits there, another client is served.
    expect((await running.as('bob').get('/taxii2/')).status).toBe(200);
    // Past the idle timeout (2 s here) the server has given up on it.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    // 300 answers of half a megabyte each would be 150 MB held for this one client.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.resume();
    await closed;
    const answers = received.match(/HTTP\/1\.1 200 /g)?.length ?? 0;
    expect(answers).toBeLessThan(300);
    expect((await running.as('alice').get(`${objectsPath()}?limit=1`)).status).toBe(200);
  }, 30_000);
});

describe('HEAD', () => {
  it('answers every GET endpoint like GET, without the body', async () => {
    const auth = { Authorization: basicAuth('alice'), Accept: TAXII };
    for (const path of ['/taxii2/', '/api1/', '/api1/collections/', `${objectsPath()}?limit=2`, objectsPath().replace('objects/', 'manifest/')]) {
      const [get, head] = await Promise.all(['GET', 'HEAD'].map((method) => fetch(running.base + path, { method, headers: auth })));
      const body = await head!.arrayBuffer();
      expect([path, head!.status, body.byteLength]).toEqual([path, get!.status, 0]);
      for (const name of ['content-type', 'x-taxii-date-added-first', 'x-taxii-date-added-last'])
        expect([path, name, head!.headers.get(name)]).toEqual([path, name, get!.headers.get(name)]);
      await get!.arrayBuffer();
    }
    const anonymous = await fetch(`${running.base}/taxii2/`, { method: 'HEAD' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
  });
});

describe('connection limits', () => {
  let limited: Running;
  beforeAll(async () => {
    limited = await startServer({ limits: { maxConnections: 40, maxConnectionsPerAddress: 5 } });
  });
  afterAll(() => limited.stop());

  /** A connection from `localAddress` (any 127.x.y.z is this machine on Linux), open once the server accepted it. */
  function connectFrom(localAddress: string): Promise<Socket> {
    const url = new URL(limited.base);
    return new Promise((resolve, reject) => {
      const socket = connect({ port: Number(url.port), host: url.hostname, localAddress }, () => resolve(socket));
      socket.on('error', reject);
    });
  }

  /** What the server sends on a connection until it closes, or within 3 s if it stays open. */
  function unprompted(socket: Socket): Promise<string> {
    return new Promise((resolve) => {
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      setTimeout(() => resolve(received), 3000).unref();
    });
  }

  /** Discovery over a connection of its own from `localAddress`: the status line. */
  async function discoveryFrom(localAddress: string): Promise<string> {
    const socket = await connectFrom(localAddress);
    socket.write(`GET /taxii2/ HTTP/1.1\r\nHost: x\r\nAccept: ${TAXII}\r\nAuthorization: ${basicAuth('alice')}\r\nConnection: close\r\n\r\n`);
    return (await unprompted(socket)).split('\r\n')[0]!;
  }

  it('one address holding its 5 connections gets 503 with Retry-After on a sixth, at once; another address is served meanwhile', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => connectFrom('127.0.0.2')));
    const sixth = await connectFrom('127.0.0.2');
    const refusal = await unprompted(sixth);
    expect(refusal).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(refusal).toContain('Retry-After: 5\r\n');
    expect(JSON.parse(refusal.split('\r\n\r\n')[1]!)).toMatchObject({
      http_status: '503',
      description: expect.stringContaining('as many connections as one address may (5)'),
    });
    expect(await discoveryFrom('127.0.0.3')).toBe('HTTP/1.1 200 OK');
    // The held connections still work, and once one closes its address may connect again.
    held[0]!.write(`GET /taxii2/ HTTP/1.1\r\nHost: x\r\nAccept: ${TAXII}\r\nAuthorization: ${basicAuth('alice')}\r\nConnection: close\r\n\r\n`);
    expect((await unprompted(held[0]!)).split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(await discoveryFrom('127.0.0.2')).toBe('HTTP/1.1 200 OK');
    for (const socket of held) socket.destroy();
  });

  it('the server holding 40 connections in all refuses a forty-first from a new address, and serves again once some close', async () => {
    const held: Socket[] = [];
    for (let i = 0; i < 40; i++) held.push(await connectFrom(`127.0.1.${Math.floor(i / 5) + 1}`));
    const refusal = await unprompted(await connectFrom('127.0.2.1'));
    expect(JSON.parse(refusal.split('\r\n\r\n')[1]!)).toMatchObject({
      http_status: '503',
      description: expect.stringContaining('as many connections as it may (40)'),
    });
    for (const socket of held.splice(0, 10)) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await discoveryFrom('127.0.2.1')).toBe('HTTP/1.1 200 OK');
    for (const socket of held) socket.destroy();
  });
});
