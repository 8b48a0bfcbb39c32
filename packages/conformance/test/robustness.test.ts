// Broken servers are findings, not crashes: whatever comes back (or does not), the suite finishes
// with a report that says what happened, and every report format can be written from it.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { htmlReport, junitXml, runConformance, terminalSummary, type ConformanceReport } from '../src/index.js';

let servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  servers = [];
});

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function outcome(report: ConformanceReport, id: string) {
  return report.results.find((r) => r.id === id)!;
}

function expectReportsRender(report: ConformanceReport) {
  expect(terminalSummary(report)).toContain('SRV-DSC-01');
  expect(junitXml(report)).toMatch(/^<\?xml/);
  expect(htmlReport(report)).toContain('<table>');
}

describe('against broken servers', () => {
  it('reports 5xx with HTML bodies as failures with evidence', async () => {
    const origin = await serve((_, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' });
      res.end('<h1>Internal Server Error</h1>');
    });
    const report = await runConformance({ url: `${origin}/taxii2/`, timeoutMs: 2_000 });
    const discovery = outcome(report, 'SRV-DSC-01');
    expect(discovery.outcome).toBe('fail');
    expect(discovery.message).toMatch(/expected 200, got 500/);
    expect(discovery.evidence[0]).toMatchObject({ status: 500, bodyExcerpt: '<h1>Internal Server Error</h1>' });
    expect(report.summary.mustFailures).toBeGreaterThan(0);
    expect(terminalSummary(report)).toContain(`evidence: GET ${origin}/taxii2/ → 500 text/html\n        <h1>Internal Server Error</h1>`);
    expectReportsRender(report);
  });

  it('reports a server that never answers as a timeout', async () => {
    const origin = await serve(() => {
      /* never answers */
    });
    const report = await runConformance({ url: `${origin}/taxii2/`, timeoutMs: 200 });
    // Nothing can be judged: the run says so instead of failing the server.
    expect(report.stopped).toMatch(/cannot be reached \(no complete answer within 200 ms\)/);
    expect(report.summary).toMatchObject({ fail: 0, pass: 0 });
    expect(outcome(report, 'SRV-DSC-01')).toMatchObject({ outcome: 'skip', message: expect.stringMatching(/^not judged: /) });
    expectReportsRender(report);
  });

  it('does not follow redirects: a 302 is a finding, with its Location', async () => {
    const origin = await serve((_, res) => {
      res.writeHead(302, { Location: 'https://elsewhere.example/taxii2/' });
      res.end();
    });
    const report = await runConformance({ url: `${origin}/taxii2/`, timeoutMs: 2_000 });
    expect(outcome(report, 'SRV-DSC-01').message).toMatch(/got 302 redirect to https:\/\/elsewhere\.example\/taxii2\//);
  });

  it('reports bodies that are not JSON, or not UTF-8, under SRV-GEN-02', async () => {
    const origin = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/taxii+json;version=2.1' });
      res.end(req.url === '/taxii2/' ? Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) : 'this is not JSON');
    });
    const report = await runConformance({ url: `${origin}/taxii2/`, timeoutMs: 2_000 });
    expect(outcome(report, 'SRV-GEN-02')).toMatchObject({ outcome: 'fail' });
    expect(outcome(report, 'SRV-GEN-02').details.join('\n')).toMatch(/not valid UTF-8/);
    expect(report.target.problem).toMatch(/names no API root/);
    expectReportsRender(report);
  });

  it('reports a closed port as no answer, without crashing', async () => {
    const origin = await serve(() => {});
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    const report = await runConformance({ url: `${origin}/api1/`, timeoutMs: 2_000 });
    expect(report.stopped).toMatch(/api1\/ cannot be reached \(fetch failed \(ECONNREFUSED\)\)/);
    expect(report.summary.mustFailures).toBe(0);
    expectReportsRender(report);
  });

  it('stops with advice, not a verdict, when the server asks for credentials the run did not give', async () => {
    const origin = await serve((_, res) => {
      res.writeHead(401, { 'Content-Type': 'application/taxii+json;version=2.1', 'WWW-Authenticate': 'Basic realm="x"' });
      res.end(JSON.stringify({ title: 'Authentication required' }));
    });
    const anonymous = await runConformance({ url: `${origin}/taxii2/`, timeoutMs: 2_000 });
    expect(anonymous.stopped).toMatch(
      /asks for credentials \(401\): give them with --user\/--password or --token \(or TAXII_USER\/TAXII_PASSWORD or TAXII_TOKEN\), or a client certificate with --cert\/--key/,
    );
    const wrong = await runConformance({ url: `${origin}/taxii2/`, timeoutMs: 2_000, username: 'alice', password: 'nope' });
    expect(wrong.stopped).toMatch(/refused the credentials of 'alice' \(401\)/);
    expect(JSON.stringify(wrong)).not.toContain('nope');
    expect(wrong.summary.mustFailures).toBe(0);
  });

  it('reports a body beyond maxResponseBytes as no usable answer', async () => {
    const origin = await serve((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/taxii+json;version=2.1' });
      res.end(JSON.stringify({ title: 'x'.repeat(10_000) }));
    });
    const report = await runConformance({ url: `${origin}/taxii2/`, timeoutMs: 2_000, maxResponseBytes: 1_000 });
    expect(outcome(report, 'SRV-DSC-01').message).toMatch(/response body larger than 1000 bytes/);
  });

  it('never warns a MAY because another check failed: a write fixture refused with 500 leaves SRV-ADD-06 a skip', async () => {
    const taxii = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/taxii+json;version=2.1' });
      res.end(JSON.stringify(body));
    };
    const origin = await serve((req, res) => {
      if (req.method === 'POST') return taxii(res, 500, { title: 'Internal server error' });
      if (req.url === '/taxii2/') return taxii(res, 200, { title: 't', api_roots: ['/api1/'] });
      if (req.url === '/api1/') return taxii(res, 200, { title: 'r', versions: ['application/taxii+json;version=2.1'], max_content_length: 1000 });
      if (req.url === '/api1/collections/')
        return taxii(res, 200, { collections: [{ id: '91a7b528-80eb-42ed-a74d-c6fbd5a26116', title: 'c', can_read: true, can_write: true }] });
      return taxii(res, 404, { title: 'Not found' });
    });
    const report = await runConformance({ url: `${origin}/taxii2/`, timeoutMs: 2_000, writeCollection: '91a7b528-80eb-42ed-a74d-c6fbd5a26116' });
    expect(outcome(report, 'SRV-ADD-03').outcome).toBe('fail');
    expect(outcome(report, 'SRV-ADD-06')).toMatchObject({
      outcome: 'skip',
      message: expect.stringMatching(/^not judged: addObjects of the suite's objects answered 500/),
    });
  });
});
