// Deliberately broken TAXII servers, and legal but unusual ones: the reference server behind a
// proxy that adds exactly one defect, or behaviours the standard allows that our server does not
// show itself. The conformance suite must catch each defect under the right requirement ids, and
// must not fail a server for a legal behaviour.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_CONTENT_LENGTH } from './reference-server.js';

export type Fault =
  /** Drops X-TAXII-Date-Added-First/Last from every answer. */
  | 'no-date-added-headers'
  /** Forwards requests without match[type], so the filter is ignored. */
  | 'ignores-match-type'
  /** Repeats the previous page's last record at the top of every continued page. */
  | 'repeats-record-across-pages'
  /** Answers as if every Accept were the TAXII media type. */
  | 'accepts-any-accept'
  /** Answers 500 (with a TAXII error resource) to an added_after that is not a timestamp. */
  | 'error-500-on-bad-added-after'
  /** Answers 406 to Accept: application/taxii+json without a version parameter. */
  | 'refuses-unversioned-accept'
  /** Answers 401 without a WWW-Authenticate header. */
  | 'no-www-authenticate'
  /** Serves limit=0 as if no limit had been given. */
  | 'accepts-limit-zero'
  /** Answers 200 to a DELETE of an object that does not exist. */
  | 'deletes-nothing-with-200'
  /** Drops the first record of every page reached with next. */
  | 'skips-record-between-pages'
  /** Lists, with can_read true, a collection that every request for then answers 404. */
  | 'lists-collection-it-refuses'
  /** Answers with Content-Type application/taxii+json, without the version parameter. */
  | 'unversioned-content-type';

/** The collection the listing fault invents: listed as readable, never served. */
const PHANTOM_COLLECTION = { id: '6f1c0b52-2d7e-4a53-9f7e-0c9a4d3b5e21', title: 'Listed but never served', can_read: true, can_write: false };

/** Behaviours the standard allows (each seen on a real server) that this project's server does not show. */
export type LegalVariation =
  /** Discovery lists its API roots as URLs relative to the discovery URL (§4.1.1). */
  | 'relative-api-roots'
  /** A server-side cursor: the same `next` value on every page of a walk (§3.4: the value is opaque). */
  | 'reused-next'
  /** The manifest says `more: true` without `next`; clients continue with added_after (§3.5). */
  | 'manifest-more-without-next'
  /** getObjectVersions lists the newest version first (no order is required, §5.8). */
  | 'versions-newest-first'
  /** 404 wherever the reference server says 403, except where §5.7 requires 403 (a delete with one right). */
  | 'not-found-for-forbidden'
  /** A request holding any invalid object is refused whole with 400 (no per-object acceptance is required). */
  | 'whole-request-rejection'
  /** 404 answers carry a plain-text body, not an error resource (the body is a MAY, §3.1). */
  | 'plain-text-404'
  /**
   * Reports every object of an addObjects as a success, the invalid too (as a server that stores
   * content without judging it does; §5.5's only per-object MUST is that an exact duplicate is no
   * error). Not in ALL_LEGAL_VARIATIONS: whole-request rejection would hide it.
   */
  | 'invalid-reported-as-success'
  /**
   * Serves the objects of getObjects without `spec_version`, as a server of STIX 2.0 content does
   * (TAXII does not look inside objects). Not in ALL_LEGAL_VARIATIONS: for consumer profiles.
   */
  | 'objects-without-spec-version';

export const ALL_LEGAL_VARIATIONS: LegalVariation[] = [
  'relative-api-roots',
  'reused-next',
  'manifest-more-without-next',
  'versions-newest-first',
  'not-found-for-forbidden',
  'whole-request-rejection',
  'plain-text-404',
];

const STIX_ID = /^([a-z0-9-]{3,250})--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

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
  /** For the server-side cursor: the upstream next value each cursor name stands for now. */
  const cursors = new Map<string, string>();
  let cursorCount = 0;

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', upstreamOrigin);
      if (fault === 'ignores-match-type') {
        for (const name of [...url.searchParams.keys()]) if (name === 'match[type]') url.searchParams.delete(name);
      }
      const headers = forwardHeaders(req);
      if (fault === 'accepts-any-accept' && headers.accept !== undefined) headers.accept = 'application/taxii+json;version=2.1';
      const taxiiError = (status: number, title: string) => {
        res.writeHead(status, { 'content-type': 'application/taxii+json;version=2.1' });
        res.end(JSON.stringify({ title, http_status: String(status) }));
      };
      if (fault === 'error-500-on-bad-added-after') {
        const addedAfter = url.searchParams.get('added_after');
        if (addedAfter !== null && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(addedAfter)) return taxiiError(500, 'Internal server error');
      }
      if (fault === 'refuses-unversioned-accept' && headers.accept?.trim() === 'application/taxii+json') return taxiiError(406, 'Not acceptable');
      if (fault === 'accepts-limit-zero' && url.searchParams.get('limit') === '0') url.searchParams.delete('limit');
      const body = await readAll(req);
      // Like a real server, it checks the size (the upstream's 413) before the content.
      if (legal.includes('whole-request-rejection') && req.method === 'POST' && body.length <= MAX_CONTENT_LENGTH && holdsInvalidObject(body)) {
        res.writeHead(400, { 'content-type': 'application/taxii+json;version=2.1' });
        res.end(JSON.stringify({ title: 'Bad request', description: 'the request holds an object that is not valid STIX; nothing was stored' }));
        return;
      }
      // A cursor name the client sends back stands for the upstream value it was last given.
      const cursor = legal.includes('reused-next') ? url.searchParams.get('next') : null;
      if (cursor !== null) {
        const upstreamNext = cursors.get(cursor);
        if (upstreamNext === undefined) {
          res.writeHead(400, { 'content-type': 'application/taxii+json;version=2.1' });
          res.end(JSON.stringify({ title: 'Bad request', description: 'unknown cursor' }));
          return;
        }
        url.searchParams.set('next', upstreamNext);
      }
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
        if (fault === 'no-www-authenticate' && name === 'www-authenticate') return;
        responseHeaders[name] = fault === 'unversioned-content-type' && name === 'content-type' ? value.replace(/;\s*version=2\.1/, '') : value;
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
      let status = upstream.status;
      if (fault === 'deletes-nothing-with-200' && req.method === 'DELETE' && status === 404) {
        res.writeHead(200);
        res.end();
        return;
      }
      if (fault === 'skips-record-between-pages' && status === 200 && url.searchParams.has('next') && text.startsWith('{')) {
        const json = JSON.parse(text) as { objects?: unknown[] };
        if (Array.isArray(json.objects) && json.objects.length > 0) {
          json.objects.shift();
          if (json.objects.length === 0) delete json.objects;
          text = JSON.stringify(json);
        }
      }
      if (fault === 'lists-collection-it-refuses' && req.method === 'GET' && status === 200 && url.pathname.endsWith('/collections/')) {
        const listing = JSON.parse(text) as { collections?: unknown[] };
        listing.collections = [...(listing.collections ?? []), PHANTOM_COLLECTION];
        text = JSON.stringify(listing);
      }
      const isStatus = (req.method === 'POST' && status === 202) || (req.method === 'GET' && status === 200 && url.pathname.includes('/status/'));
      if (legal.includes('invalid-reported-as-success') && isStatus) {
        const report = JSON.parse(text) as {
          success_count: number;
          failure_count: number;
          successes?: unknown[];
          failures?: { id: string; version: string }[];
        };
        if (report.failure_count > 0) {
          report.successes = [...(report.successes ?? []), ...(report.failures ?? []).map(({ id, version }) => ({ id, version }))];
          report.success_count += report.failure_count;
          report.failure_count = 0;
          delete report.failures;
          text = JSON.stringify(report);
        }
      }
      if (legal.includes('not-found-for-forbidden') && status === 403 && req.method !== 'DELETE') status = 404;
      if (legal.includes('plain-text-404') && status === 404) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not Found');
        return;
      }
      if (status === 200 && text.startsWith('{') && req.method === 'GET') {
        const json = JSON.parse(text) as { more?: boolean; next?: string; versions?: unknown[] };
        let changed = false;
        if (legal.includes('reused-next') && typeof json.next === 'string') {
          const name = cursor ?? `cursor-${++cursorCount}`;
          cursors.set(name, json.next);
          json.next = name;
          changed = true;
        }
        if (legal.includes('manifest-more-without-next') && url.pathname.endsWith('/manifest/') && json.next !== undefined) {
          delete json.next;
          changed = true;
        }
        if (legal.includes('versions-newest-first') && url.pathname.endsWith('/versions/') && Array.isArray(json.versions)) {
          json.versions.reverse();
          const [first, last] = [responseHeaders['x-taxii-date-added-first'], responseHeaders['x-taxii-date-added-last']];
          if (first !== undefined && last !== undefined)
            [responseHeaders['x-taxii-date-added-first'], responseHeaders['x-taxii-date-added-last']] = [last, first];
          changed = true;
        }
        if (legal.includes('objects-without-spec-version') && url.pathname.endsWith('/objects/') && Array.isArray((json as { objects?: unknown[] }).objects)) {
          for (const object of (json as { objects: Record<string, unknown>[] }).objects) delete object.spec_version;
          changed = true;
        }
        if (changed) text = JSON.stringify(json);
      }
      res.writeHead(status, responseHeaders);
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

/** Whether an addObjects body holds an object whose id is not `<type>--<UUID>` of its own type. */
function holdsInvalidObject(body: Buffer): boolean {
  try {
    const { objects } = JSON.parse(body.toString('utf8')) as { objects?: unknown[] };
    return (objects ?? []).some((o) => {
      const object = o as { type?: unknown; id?: unknown };
      const match = typeof object.id === 'string' ? STIX_ID.exec(object.id) : null;
      return !match || match[1] !== object.type;
    });
  } catch {
    return false;
  }
}
