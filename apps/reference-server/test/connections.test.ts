// Connections that hold the server's resources: a client too slow to send its headers gets 408
// with an error resource, and one that pipelines requests without reading the answers is cut off
// rather than having its answers buffered without end.
import { connect } from 'node:net';
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
