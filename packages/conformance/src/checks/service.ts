// Discovery, the API root, collections, transport security, content negotiation and
// authentication: what can be judged without reading any collection's content.
import { resolveSrv } from 'node:dns/promises';
import { isIP } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Check, Judge } from '../check.js';
import { bodyField, collectionUrl, withQuery, type Context } from '../context.js';
import { PROBE_ENVELOPE, postBody } from '../fixture.js';
import { isTaxii21, TAXII, type Exchange } from '../http.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function needApiRoot(judge: Judge, context: Context): string {
  if (!context.target.apiRoot || !context.target.apiRootResource) return judge.skip(context.target.problem ?? 'no API root could be read');
  return context.target.apiRoot;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** An API-root URL as §4.1.1 allows it: absolute, or relative with a single leading '/'; never with a query. */
function isApiRootUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value.includes('?')) return false;
  if (value.startsWith('/')) return !value.startsWith('//');
  return /^https?:\/\/[^/?#\s]+/i.test(value);
}

export const serviceChecks: Check<Context>[] = [
  {
    id: 'SRV-DSC-01',
    async run(judge, { target }) {
      const discovery = target.discovery;
      if (!discovery) return judge.skip('no discovery request was made');
      judge.expectStatus(discovery, 200, `GET ${target.discoveryUrl}`);
      const roots = bodyField<unknown>(discovery, 'api_roots');
      judge.expect(typeof bodyField(discovery, 'title') === 'string', 'the discovery resource has no title', discovery);
      if (roots !== undefined) {
        judge.expect(Array.isArray(roots), 'api_roots is not a list', discovery);
        for (const root of Array.isArray(roots) ? roots : []) {
          judge.expect(
            isApiRootUrl(root),
            `API root ${JSON.stringify(root)} is neither an absolute URL nor a relative one starting with a single '/', without a query (§4.1.1)`,
            discovery,
          );
        }
      }
      const fallback = bodyField<unknown>(discovery, 'default');
      if (fallback !== undefined) {
        judge.expect(
          isApiRootUrl(fallback),
          `default ${JSON.stringify(fallback)} is neither an absolute URL nor a relative one starting with a single '/' (§4.1.1)`,
          discovery,
        );
        judge.expect(
          Array.isArray(roots) && roots.includes(fallback),
          `default ${JSON.stringify(fallback)} is not an item of api_roots (§4.1.1: it MUST be)`,
          discovery,
        );
      }
    },
  },
  {
    id: 'SRV-GEN-03',
    run(judge, context) {
      const { target } = context;
      judge.expect(new URL(target.discoveryUrl).pathname.endsWith('/taxii2/'), `discovery is at ${target.discoveryUrl}, not /taxii2/`);
      const roots = bodyField<unknown[]>(target.discovery ?? ({} as Exchange), 'api_roots') ?? [];
      for (const root of roots) if (typeof root === 'string') judge.expect(root.endsWith('/'), `API root URL ${root} does not end in /`, target.discovery);
      const apiRoot = needApiRoot(judge, context);
      judge.expect(apiRoot.endsWith('/'), `the API root ${apiRoot} does not end in /`);
    },
  },
  {
    id: 'SRV-SEC-01',
    run(judge, { target }) {
      const url = new URL(target.apiRoot ?? target.discoveryUrl);
      if (url.protocol === 'https:') return judge.note('served over HTTPS');
      judge.expect(isLoopback(url.hostname), `plain HTTP on ${url.hostname}, which is not loopback (§8.2.2: TAXII is served over HTTPS)`);
      // On loopback plain HTTP is a development set-up: whether the deployment uses TLS cannot be seen.
      judge.skip('plain HTTP on loopback: cannot judge TLS');
    },
  },
  {
    id: 'SRV-DSC-02',
    async run(judge, { target }) {
      const host = new URL(target.discoveryUrl).hostname;
      if (isIP(host.replace(/^\[|\]$/g, '')) || isLoopback(host) || !host.includes('.')) return judge.skip(`not applicable: ${host} is not a DNS domain`);
      const domain = host.split('.').slice(-2).join('.');
      const records = await resolveSrv(`_taxii2._tcp.${domain}`).catch(() => []);
      if (records.length === 0) return judge.skip(`not supported: no _taxii2._tcp.${domain} SRV record`);
      judge.note(`_taxii2._tcp.${domain} points to ${records.map((r) => `${r.name}:${r.port}`).join(', ')}`);
    },
  },
  {
    id: 'SRV-RES-03',
    run(judge, context) {
      needApiRoot(judge, context);
      const versions = context.target.apiRootResource?.versions;
      judge.expect(Array.isArray(versions) && versions.includes(TAXII), `versions is ${JSON.stringify(versions)}, without ${TAXII}`);
    },
  },
  {
    id: 'SRV-RES-04',
    run(judge, context) {
      needApiRoot(judge, context);
      const { collections } = context.target;
      if (collections.length === 0) return judge.skip('the API root lists no collections for this user');
      for (const c of collections) judge.expect(typeof c.id === 'string' && UUID.test(c.id), `collection id ${JSON.stringify(c.id)} is not a UUID`);
      const aliases = collections.map((c) => c.alias).filter((a): a is string => typeof a === 'string');
      const repeated = aliases.filter((a, i) => aliases.indexOf(a) !== i);
      judge.expect(repeated.length === 0, `aliases used twice: ${[...new Set(repeated)].join(', ')}`);
    },
  },
  {
    id: 'SRV-RES-05',
    run(judge, context) {
      needApiRoot(judge, context);
      const known = new Set(['title', 'description', 'versions', 'max_content_length']);
      const custom = Object.keys(context.target.apiRootResource ?? {}).filter((k) => !known.has(k));
      if (custom.length === 0) return judge.skip('not observed: the API root resource has no custom properties');
      judge.note(`custom properties present: ${custom.join(', ')}`);
    },
  },
  {
    id: 'SRV-SEC-03',
    async run(judge, context) {
      needApiRoot(judge, context);
      if (context.target.collections.length === 0) return judge.skip('the API root lists no collections for this user');
      // The listing speaks for this user: every collection in it opens with the same rights, and
      // one it says the user can read really is readable (the unreadable ones are SRV-SEC-04).
      for (const listed of context.target.collections.slice(0, 10)) {
        const one = await context.http.get(collectionUrl(context, listed), { operation: 'getCollection' });
        if (!judge.expectStatus(one, 200, `getCollection of listed collection ${listed.id}`)) continue;
        judge.expect(
          bodyField(one, 'can_read') === listed.can_read && bodyField(one, 'can_write') === listed.can_write,
          `collection ${listed.id}: can_read/can_write differ between getCollections and getCollection`,
          one,
        );
        if (listed.can_read === true) {
          const manifest = await context.http.get(withQuery(collectionUrl(context, listed, 'manifest/'), { limit: 1 }), { operation: 'getManifest' });
          judge.expectStatus(manifest, 200, `getManifest of ${listed.id}, listed with can_read true`);
        }
      }
    },
  },
  {
    id: 'SRV-MT-02',
    async run(judge, context) {
      const apiRoot = needApiRoot(judge, context);
      for (const accept of ['application/json', 'text/html', 'application/taxii+json;version=2.0']) {
        for (const [url, operation] of [
          [apiRoot, 'getApiRoot'],
          [`${apiRoot}collections/`, 'getCollections'],
        ] as const) {
          judge.expectStatus(await context.http.get(url, { operation, accept }), 406, `GET ${url} with Accept: ${accept}`);
        }
      }
    },
  },
  {
    id: 'SRV-MT-03',
    async run(judge, context) {
      const apiRoot = needApiRoot(judge, context);
      const answer = await context.http.get(apiRoot, { operation: 'getApiRoot', accept: 'application/taxii+json' });
      if (judge.expectStatus(answer, 200, 'GET the API root with Accept: application/taxii+json')) {
        judge.expect(isTaxii21(answer.headers['content-type']), `answered with Content-Type ${answer.headers['content-type']}`, answer);
      }
      const fixture = context.fixture;
      if (fixture && !fixture.problem) {
        // One of the suite's own objects, already stored: a success that stores nothing new (SRV-VER-02).
        const posted = await postBody(context, fixture.collection, JSON.stringify({ objects: [fixture.objectsV1[1]] }), 'application/taxii+json');
        judge.expectStatus(posted, 202, 'addObjects with Content-Type: application/taxii+json');
      } else {
        judge.note('Content-Type on addObjects not tried: read-only run');
      }
    },
  },
  {
    id: 'SRV-MT-05',
    async run(judge, context) {
      const apiRoot = needApiRoot(judge, context);
      const answer = await context.http.get(apiRoot, { operation: 'getApiRoot', accept: null });
      if (judge.expectStatus(answer, 200, 'GET the API root without Accept')) {
        judge.expect(isTaxii21(answer.headers['content-type']), `answered with Content-Type ${answer.headers['content-type']}`, answer);
      }
    },
  },
  {
    id: 'SRV-SEC-02',
    async run(judge, context) {
      const apiRoot = needApiRoot(judge, context);
      const anonymous = await context.http.get(apiRoot, { operation: 'getApiRoot', auth: false });
      if (anonymous.status === 200 && context.options.tls?.cert) {
        return judge.skip(
          'the suite presents a client certificate (--cert) on every connection, so it cannot ask without credentials: run without --cert to judge this',
        );
      }
      if (anonymous.status === 200) return judge.skip('the API root is served without credentials: nothing to protect here');
      const targets: [string, 'getDiscovery' | 'getApiRoot' | 'getCollections'][] = [
        [context.target.discoveryUrl, 'getDiscovery'],
        [apiRoot, 'getApiRoot'],
        [`${apiRoot}collections/`, 'getCollections'],
      ];
      for (const [url, operation] of targets) {
        const answer = url === apiRoot ? anonymous : await context.http.get(url, { operation, auth: false });
        if (operation === 'getDiscovery' && answer.status === 200) continue; // discovery may be public
        if (judge.expectStatus(answer, 401, `GET ${url} without credentials`)) {
          const challenge = answer.headers['www-authenticate'];
          if (judge.expect(typeof challenge === 'string' && challenge.trim() !== '', `401 without a WWW-Authenticate header (§1.6.9, RFC 7235)`, answer)) {
            judge.expectShould(
              /(^|,)\s*basic\b/i.test(challenge!),
              `the WWW-Authenticate challenges (${JSON.stringify(challenge)}) do not offer Basic (§8.2.2)`,
              answer,
            );
          }
        }
      }
      // A user name of the suite's own: failed logins must never count against a real account.
      const wrong = await context.http.get(apiRoot, {
        operation: 'getApiRoot',
        auth: { username: `taxii-conformance-${randomUUID()}`, password: `wrong-${randomUUID()}` },
      });
      judge.expectStatus(wrong, 401, 'GET the API root with credentials that are not valid');
    },
  },
  {
    id: 'SRV-GEN-05',
    async run(judge, context) {
      const apiRoot = needApiRoot(judge, context);
      const missing = randomUUID();
      // The status is the rule here; whether the 404 carries an error resource is SRV-GEN-06 (a SHOULD, §3.1).
      const expect404 = (exchange: Exchange, what: string) => judge.expectStatus(exchange, 404, what);
      expect404(
        await context.http.get(new URL(`../taxii-conformance-${missing}/`, apiRoot).href, { operation: 'getApiRoot' }),
        'an API root that does not exist',
      );
      expect404(await context.http.get(`${apiRoot}collections/${missing}/`, { operation: 'getCollection' }), 'a collection that does not exist');
      expect404(await context.http.get(`${apiRoot}status/${missing}/`, { operation: 'getStatus' }), 'a status that does not exist');
      const read = context.target.read;
      if (read)
        expect404(
          await context.http.get(collectionUrl(context, read, `objects/indicator--${missing}/`), { operation: 'getObject' }),
          'an object that does not exist',
        );
    },
  },
  {
    id: 'SRV-SEC-04',
    async run(judge, context) {
      needApiRoot(judge, context);
      const unreadable = context.target.collections.filter((c) => c.can_read === false);
      const unwritable = context.fixture ? context.target.collections.filter((c) => c.can_write === false) : [];
      if (unreadable.length === 0 && unwritable.length === 0)
        return judge.skip(
          context.fixture
            ? 'no listed collection lacks a right for this user'
            : 'no listed collection is unreadable for this user (writes are not tried in a read-only run)',
        );
      // Reads without can_read: 403 or 404 (§5.3, §5.4, §5.6, §5.8 allow either).
      for (const c of unreadable.slice(0, 3)) {
        judge.expectStatus(
          await context.http.get(collectionUrl(context, c, 'objects/'), { operation: 'getObjects' }),
          [403, 404],
          `getObjects on ${c.id} (can_read false)`,
        );
        judge.expectStatus(
          await context.http.get(collectionUrl(context, c, 'manifest/'), { operation: 'getManifest' }),
          [403, 404],
          `getManifest on ${c.id} (can_read false)`,
        );
      }
      // Deleting needs both rights; the table of §5.7 is exact: one of them 403, neither 404.
      for (const c of unwritable.slice(0, 3)) {
        const url = `${collectionUrl(context, c, `objects/indicator--${randomUUID()}/`)}?match[version]=all`;
        const expected = c.can_read === true ? 403 : 404;
        judge.expectStatus(
          await context.http.request('DELETE', url, { operation: 'deleteObject' }),
          expected,
          `deleteObject on ${c.id} (can_read ${String(c.can_read)}, can_write false; §5.7 requires ${expected})`,
        );
      }
    },
  },
  {
    id: 'SRV-ADD-05',
    async run(judge, context) {
      needApiRoot(judge, context);
      if (!context.fixture) return judge.skip('read-only run: give --write-collection to try writes');
      const unwritable = context.target.collections.filter((c) => c.can_write === false);
      if (unwritable.length === 0) return judge.skip('every listed collection is writable for this user');
      for (const c of unwritable.slice(0, 3)) {
        const posted = await postBody(context, c, PROBE_ENVELOPE);
        // The probe holds an object no server can store; a server may judge the body before the rights.
        if (posted.status === 400 || posted.status === 422) {
          judge.see(posted);
          judge.note(`addObjects on ${c.id}: the probe was refused as unprocessable (${posted.status}) before the rights were judged`);
          continue;
        }
        judge.expectStatus(posted, [403, 404], `addObjects on ${c.id} (can_write false; §5.5 allows 403 or 404)`);
      }
    },
  },
];
