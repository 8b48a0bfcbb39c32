// The metrics an operator's Prometheus scrapes: on their own listener, only to the addresses
// metrics.allow names, in the text format as the Prometheus project's own parser reads it
// (prometheus_client from PyPI, fixtures/prometheus/parse.py), with requests by operation and
// status, latency histograms, failed logins, objects per collection and accepted objects, open
// connections and the process's own figures. Off unless configured.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import { venvBin } from '../../../scripts/python-venv.mjs';
import { basicAuth, MAIN, objectsPath, startServer, TAXII, testIndicator, type Running } from './harness.js';

const PROMETHEUS = fileURLToPath(new URL('./fixtures/prometheus/', import.meta.url));
const VENV = fileURLToPath(new URL('../../../.cache/prometheus-venv', import.meta.url));
type Parsed = { types: Record<string, string>; samples: [string, Record<string, string>, number][] };

let running: Running;
let python: string;

beforeAll(async () => {
  python = join(await (venvBin as (requirements: string, venv: string) => Promise<string>)(join(PROMETHEUS, 'requirements.txt'), VENV), 'python');
  running = await startServer({ settings: { metrics: { listen: { host: '127.0.0.1', port: 0 }, allow: ['127.0.0.1', '::1'], objectCountSeconds: 1 } } });
}, 300_000);
afterAll(() => running?.stop());

function parse(text: string): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const child = execFile(python, [join(PROMETHEUS, 'parse.py')], (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Parsed),
    );
    child.stdin!.end(text);
  });
}

const value = (parsed: Parsed, name: string, labels: Record<string, string> = {}) =>
  parsed.samples.filter(([n, l]) => n === name && Object.entries(labels).every(([k, v]) => l[k] === v)).reduce((sum, [, , v]) => sum + v, 0);

describe('metrics', () => {
  it('counts what clients did, as Prometheus reads it', async () => {
    const base = running.base;
    await running.as('alice').get('/taxii2/');
    await running.as('alice').get(objectsPath());
    await running.as('alice').post(objectsPath(), { objects: [testIndicator(1), testIndicator(2)] });
    await running.as('alice').get(`${objectsPath()}indicator--00000000-0000-4000-8000-000000009999/`);
    await fetch(`${base}/taxii2/`, { headers: { Authorization: basicAuth('alice', 'wrong password'), Accept: TAXII } }).then((r) => r.arrayBuffer());

    const scrape = await fetch(running.server.metricsUrl!);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const parsed = await parse(await scrape.text());

    expect(parsed.types).toMatchObject({
      taxii_requests: 'counter',
      taxii_request_duration_seconds: 'histogram',
      taxii_failed_logins: 'counter',
      taxii_objects: 'gauge',
      taxii_objects_accepted: 'counter',
      taxii_open_connections: 'gauge',
    });
    expect(value(parsed, 'taxii_requests_total', { operation: 'getDiscovery', status: '200' })).toBe(1);
    // Refused before its operation is worked out: counted under 'none'.
    expect(value(parsed, 'taxii_requests_total', { operation: 'none', status: '401' })).toBe(1);
    expect(value(parsed, 'taxii_requests_total', { operation: 'addObjects', status: '202' })).toBe(1);
    expect(value(parsed, 'taxii_requests_total', { operation: 'getObject', status: '404' })).toBe(1);
    expect(value(parsed, 'taxii_request_duration_seconds_count', { operation: 'getObjects' })).toBe(1);
    expect(value(parsed, 'taxii_request_duration_seconds_bucket', { operation: 'getObjects', le: '+Inf' })).toBe(1);
    expect(value(parsed, 'taxii_failed_logins_total', { outcome: 'refused' })).toBe(1);
    expect(value(parsed, 'taxii_objects', { api_root: '/api1/', collection: MAIN })).toBe(2);
    expect(value(parsed, 'taxii_objects_accepted_total', { api_root: '/api1/', collection: MAIN })).toBe(2);
    expect(value(parsed, 'taxii_open_connections')).toBeGreaterThanOrEqual(0);
    expect(value(parsed, 'taxii_process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
  }, 60_000);

  it('answers only the addresses metrics.allow names, and only at /metrics; the TAXII port has none', async () => {
    const other = await startServer({ settings: { metrics: { listen: { port: 0 }, allow: ['10.0.0.0/8'] } } });
    try {
      const refused = await fetch(other.server.metricsUrl!);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toBe('127.0.0.1 may not read the metrics (metrics.allow)\n');
    } finally {
      await other.stop();
    }
    expect((await fetch(running.server.metricsUrl!.replace(/\/metrics$/, '/other'))).status).toBe(404);
    const taxiiPort = await fetch(`${running.base}/metrics`, { headers: { Authorization: basicAuth('alice'), Accept: TAXII } });
    expect(taxiiPort.status).toBe(404);
    expect(taxiiPort.headers.get('content-type')).toBe(TAXII);
  });

  it('is off unless configured', async () => {
    const plain = await startServer();
    try {
      expect(plain.server.metricsUrl).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });
});
