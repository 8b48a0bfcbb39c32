// Deliberately broken TAXII servers, and legal but unusual ones: the reference server behind a
// proxy that adds exactly one defect, or behaviours the standard allows that our server does not
// show itself. The conformance suite must catch each defect under the right requirement ids, and
// must not fail a server for a legal behaviour.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Drops X-TAXII-Date-Added-First/Last from every answer. */
  | 'no-date-added-headers'
  /** Forwards requests without match[type], so the filter is ignored. */
  | 'ignores-match-type'
  /** Repeats the previous page's last record at the top of every continued page. */
  | 'repeats-record-across-pages'
  /** Answers as if every Accept were the TAXII media type. */
  | 'accepts-any-accept';

/** Behaviours the standard allows (each seen on a real server) that this project's server does not show. */
export type LegalVariation =
  /** Discovery lists its API roots as URLs relative to the discovery URL (§4.1.1). */
  'relative-api-roots';

export interface FaultyProxy {
  origin: string;
  close(): Promise<void>;
}

export function startFaultyProxy(upstreamOrigin: string, fault: Fault): Promise<FaultyProxy> {
  return startProxy(upstreamOrigin, { fault });
}

export function startLegalVariationsProxy(upstreamOrigin: string, legal: LegalVariation[]): Promise<FaultyProxy> {
  return startProxy(upstreamOrigin, { legal });
}

async function startProxy(upstreamOrigin: string, { fault, legal = [] }: { fault?: Fault; legal?: LegalVariation[] }): Promise<FaultyProxy> {
  /** For the repeating fault: the last record of the page each next token continues. */
  const lastRecordBefore = new Map<string, unknown>();

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', upstreamOrigin);
      if (fault === 'ignores-match-type') {
        for (const name of [...url.searchParams.keys()]) if (name === 'match[type]') url.searchParams.delete(name);
      }
      const headers = forwardHeaders(req);
      if (fault === 'accepts-any-accept' && headers.accept !== undefined) headers.accept = 'application/taxii+json;version=2.1';
      const body = await readAll(req);
      const upstream = await fetch(url, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 && { body: new Uint8Array(body) }),
        redirect: 'manual',
      });
      const responseHeaders: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) return;
        if (fault === 'no-date-added-headers' && name.startsWith('x-taxii-date-added')) return;
        responseHeaders[name] = value;
      });
      let text = await upstream.text();
      if (fault === 'repeats-record-across-pages' && upstream.status === 200 && text.startsWith('{')) {
        const json = JSON.parse(text) as { objects?: unknown[]; next?: string };
        const token = url.searchParams.get('next');
        if (Array.isArray(json.objects)) {
          const carried = token ? lastRecordBefore.get(token) : undefined;
          if (typeof json.next === 'string' && json.objects.length > 0) lastRecordBefore.set(json.next, json.objects.at(-1));
          if (carried !== undefined) json.objects.unshift(carried);
          text = JSON.stringify(json);
        }
      }
      if (legal.includes('relative-api-roots') && url.pathname === '/taxii2/' && upstream.status === 200) {
        const discovery = JSON.parse(text) as { default?: string; api_roots?: string[] };
        const relative = (root: string) => new URL(root).pathname;
        if (discovery.default !== undefined) discovery.default = relative(discovery.default);
        if (discovery.api_roots !== undefined) discovery.api_roots = discovery.api_roots.map(relative);
        text = JSON.stringify(discovery);
      }
      res.writeHead(upstream.status, responseHeaders);
      res.end(text);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy error: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forwardHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || ['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
