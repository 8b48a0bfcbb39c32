// The endpoint table of the requirements checklist (section 1), as data. Each row must be present
// in the bundled description exactly as stated, so the description cannot silently lose (or
// grow) an operation, parameter, header, media type or error status.
import { describe, expect, it } from 'vitest';
import { createValidator, dereferenced, operations, parametersOf, resolve, spec, type Operation } from './openapi-walk.js';

const TAXII = 'application/taxii+json;version=2.1';
const TAXII_UNVERSIONED = 'application/taxii+json';
const PAGE_FILTERS = ['added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'];

type Row = {
  operationId: string;
  method: string;
  path: string;
  success: string;
  successSchema: string | null;
  query: string[];
  errors: string[];
  pageHeaders?: boolean;
};

// SRV-GEN-01: every endpoint of section 1. Paths are relative to the API root, except discovery.
const ENDPOINTS: Row[] = [
  { operationId: 'getDiscovery', method: 'get', path: '/taxii2/', success: '200', successSchema: 'Discovery', query: [], errors: ['401', '403', '404', '406'] },
  { operationId: 'getApiRoot', method: 'get', path: '/', success: '200', successSchema: 'ApiRoot', query: [], errors: ['401', '403', '404', '406'] },
  {
    operationId: 'getStatus',
    method: 'get',
    path: '/status/{statusId}/',
    success: '200',
    successSchema: 'Status',
    query: [],
    errors: ['401', '403', '404', '406'],
  },
  {
    operationId: 'getCollections',
    method: 'get',
    path: '/collections/',
    success: '200',
    successSchema: 'Collections',
    query: [],
    errors: ['400', '401', '403', '404', '406'],
  },
  {
    operationId: 'getCollection',
    method: 'get',
    path: '/collections/{collectionId}/',
    success: '200',
    successSchema: 'Collection',
    query: [],
    errors: ['400', '401', '403', '404', '406'],
  },
  {
    operationId: 'getManifest',
    method: 'get',
    path: '/collections/{collectionId}/manifest/',
    success: '200',
    successSchema: 'Manifest',
    query: PAGE_FILTERS,
    errors: ['400', '401', '403', '404', '406'],
    pageHeaders: true,
  },
  {
    operationId: 'getObjects',
    method: 'get',
    path: '/collections/{collectionId}/objects/',
    success: '200',
    successSchema: 'Envelope',
    query: PAGE_FILTERS,
    errors: ['400', '401', '403', '404', '406'],
    pageHeaders: true,
  },
  {
    operationId: 'addObjects',
    method: 'post',
    path: '/collections/{collectionId}/objects/',
    success: '202',
    successSchema: 'Status',
    query: [],
    errors: ['400', '401', '403', '404', '406', '413', '415', '422'],
  },
  {
    operationId: 'getObject',
    method: 'get',
    path: '/collections/{collectionId}/objects/{objectId}/',
    success: '200',
    successSchema: 'Envelope',
    query: ['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]'],
    errors: ['400', '401', '403', '404', '406'],
    pageHeaders: true,
  },
  {
    operationId: 'deleteObject',
    method: 'delete',
    path: '/collections/{collectionId}/objects/{objectId}/',
    success: '200',
    successSchema: null,
    query: ['match[version]', 'match[spec_version]'],
    errors: ['400', '401', '403', '404', '406'],
  },
  {
    operationId: 'getObjectVersions',
    method: 'get',
    path: '/collections/{collectionId}/objects/{objectId}/versions/',
    success: '200',
    successSchema: 'Versions',
    query: ['added_after', 'limit', 'next', 'match[spec_version]'],
    errors: ['400', '401', '403', '404', '406'],
    pageHeaders: true,
  },
];

/** Operations that read or write stored content, and so may meet a storage fault. */
const STORAGE_OPERATIONS = new Set(['getManifest', 'getObjects', 'addObjects', 'getObject', 'deleteObject', 'getObjectVersions', 'getStatus']);
const byOperationId = new Map(operations().map((o) => [o.op.operationId as string, o]));
const schemaRef = (name: string) => `#/components/schemas/${name}`;
const ajv = createValidator();

/** The query parameters as they appear on the wire: a deepObject `match` becomes `match[field]`. */
function wireQueryNames(operation: Operation): string[] {
  return parametersOf(operation)
    .filter((p) => p.in === 'query')
    .flatMap((p) => (p.style === 'deepObject' ? Object.keys(resolve(p.schema).properties).map((f) => `${p.name}[${f}]`) : [p.name]));
}

function queryParameter(operation: Operation, name: string) {
  const parameter = parametersOf(operation).find((p) => p.in === 'query' && p.name === name);
  if (!parameter) throw new Error(`${operation.op.operationId} has no query parameter ${name}`);
  return parameter;
}

function matchFieldSchema(operation: Operation, field: string) {
  return resolve(resolve(queryParameter(operation, 'match').schema).properties[field]);
}

const accepts = (schema: object, value: unknown) => ajv.validate(schema, value);

describe('SRV-GEN-01: every endpoint of section 1 is described', () => {
  it('has exactly the 11 operations of the table, no more', () => {
    expect([...byOperationId.keys()].sort()).toEqual(ENDPOINTS.map((r) => r.operationId).sort());
  });

  describe.each(ENDPOINTS.map((r) => [r.operationId, r] as const))('%s', (_id, row) => {
    const operation = byOperationId.get(row.operationId)!;

    it(`is ${row.method.toUpperCase()} ${row.path}`, () => {
      expect(operation).toBeDefined();
      expect([operation.method, operation.path]).toEqual([row.method, row.path]);
    });

    it('takes exactly the query parameters of the table (SRV-FLT-08)', () => {
      expect(wireQueryNames(operation).sort()).toEqual([...row.query].sort());
    });

    if (row.query.some((q) => q.startsWith('match[')))
      it('rejects unknown match fields rather than ignoring them (SRV-FLT-08)', () => {
        expect(resolve(queryParameter(operation, 'match').schema).additionalProperties).toBe(false);
      });

    it(`answers ${row.success} with ${row.successSchema ?? 'no body'}`, () => {
      const response = resolve(operation.op.responses[row.success]);
      if (row.successSchema === null) {
        expect(response.content).toBeUndefined();
      } else {
        expect(Object.keys(response.content)).toEqual([TAXII]);
        expect(response.content[TAXII].schema.$ref).toBe(schemaRef(row.successSchema));
      }
    });

    // Ours on top of the table: 429, the failed-login limit (SRV-SEC-05), everywhere; 503, a
    // storage fault, where the operation reads or writes stored content (§3.6 leaves 5xx open).
    const ours = STORAGE_OPERATIONS.has(row.operationId) ? ['429', '503'] : ['429'];

    it(`names every error status of the table with the TAXII error resource: ${row.errors.join(' ')}`, () => {
      const statuses = Object.keys(operation.op.responses).filter((s) => s !== row.success && !ours.includes(s));
      expect(statuses.sort()).toEqual([...row.errors].sort());
      expect(Object.keys(operation.op.responses).filter((s) => s === '503')).toEqual(ours.includes('503') ? ['503'] : []);
      for (const status of [...row.errors, ...ours]) {
        const response = resolve(operation.op.responses[status]);
        expect(Object.keys(response.content), status).toEqual([TAXII]);
        expect(response.content[TAXII].schema.$ref, status).toBe(schemaRef('ErrorMessage'));
      }
    });

    it(`may answer ${ours.join(' and ')} with a Retry-After in seconds (failed logins, SRV-SEC-05${ours.includes('503') ? '; storage faults' : ''})`, () => {
      for (const status of ours) {
        const header = resolve(resolve(operation.op.responses[status]).headers['Retry-After']);
        expect(header.required, status).toBe(true);
        expect([60, 1].map((v) => accepts(resolve(header.schema), v))).toEqual([true, true]);
        expect([0, 'soon'].map((v) => accepts(resolve(header.schema), v))).toEqual([false, false]);
      }
    });

    it('sends WWW-Authenticate with one or more challenges of any scheme with every 401 (SRV-SEC-02, RFC 7235)', () => {
      const header = resolve(resolve(operation.op.responses['401']).headers['WWW-Authenticate']);
      expect(header.required).toBe(true);
      const good = ['Basic realm="TAXII"', 'Basic', 'Bearer', 'Bearer realm="x", Basic realm="y"', 'Negotiate'];
      const bad = ['', ' Basic', 'realm="TAXII"', '"Basic"'];
      expect(good.filter((v) => !accepts(resolve(header.schema), v))).toEqual([]);
      expect(bad.filter((v) => accepts(resolve(header.schema), v))).toEqual([]);
    });

    it(`${row.pageHeaders ? 'carries' : 'has no'} X-TAXII-Date-Added-First/-Last (SRV-GEN-04)`, () => {
      const headers = Object.keys(resolve(operation.op.responses[row.success]).headers ?? {});
      const expected = row.pageHeaders ? ['X-TAXII-Date-Added-First', 'X-TAXII-Date-Added-Last'] : [];
      expect(headers.sort()).toEqual(expected);
    });
  });
});

describe('SRV-GEN-03: URLs', () => {
  it('every path ends in a slash', () => {
    expect(Object.keys(spec.paths).filter((p) => !p.endsWith('/'))).toEqual([]);
  });

  it('API-root paths hang off a server variable holding the API root URL (CLI-DSC-01)', () => {
    expect(spec.servers).toHaveLength(1);
    expect(spec.servers[0].url).toBe('{apiRoot}');
    expect(spec.servers[0].variables.apiRoot.default).toMatch(/^https:\/\/[^/]+\/.+[^/]$/);
  });

  it('discovery overrides the servers with the origin, so it is /taxii2/ on the host', () => {
    const servers = spec.paths['/taxii2/'].servers;
    expect(servers).toHaveLength(1);
    expect(servers[0].url).toBe('{origin}');
    expect(servers[0].variables.origin.default).toMatch(/^https:\/\/[^/]+$/);
  });
});

describe('SRV-MT-01 / SRV-MT-03: media types', () => {
  it('every response body is application/taxii+json;version=2.1', () => {
    const others = operations().flatMap(({ op }) =>
      Object.values<any>(op.responses)
        .flatMap((r) => Object.keys(resolve(r).content ?? {}))
        .filter((t) => t !== TAXII),
    );
    expect(others).toEqual([]);
  });

  it('addObjects accepts the versioned and the unversioned TAXII media type, and nothing else', () => {
    const { op } = byOperationId.get('addObjects')!;
    expect(op.requestBody.required).toBe(true);
    expect(Object.keys(op.requestBody.content).sort()).toEqual([TAXII_UNVERSIONED, TAXII].sort());
    for (const content of Object.values<any>(op.requestBody.content)) {
      expect(content.schema.$ref).toBe(schemaRef('AddObjectsEnvelope'));
    }
  });
});

describe('section 4: filter and paging parameter constraints', () => {
  const getObjects = byOperationId.get('getObjects')!;

  it('limit is an integer of at least 1 that fits a JSON number exactly (SRV-FLT-03, §2 integer)', () => {
    const schema = resolve(queryParameter(getObjects, 'limit').schema);
    expect([1, 10_000, 2 ** 53 - 1].map((v) => accepts(schema, v))).toEqual([true, true, true]);
    expect([0, -1, 1.5, 'ten', 2 ** 53].map((v) => accepts(schema, v))).toEqual([false, false, false, false, false]);
  });

  it('added_after takes any RFC 3339 UTC timestamp, not only six-digit TAXII ones (SRV-FLT-02, liberal input)', () => {
    const schema = resolve(queryParameter(getObjects, 'added_after').schema);
    expect(accepts(schema, '2025-04-15T19:58:01.218Z')).toBe(true);
    expect(accepts(schema, '2025-04-15T19:58:01.218455Z')).toBe(true);
    expect(accepts(schema, '2025-04-15T19:58:01Z')).toBe(true);
    expect(['2025-04-15', '2025-04-15T19:58:01+02:00', 'yesterday', '2025-13-45T99:00:00Z'].map((v) => accepts(schema, v))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('added_after and match take ":" and "," unescaped, as clients send them (allowReserved)', () => {
    for (const operation of byOperationId.values()) {
      for (const p of parametersOf(operation).filter((p) => p.name === 'added_after' || p.name === 'match')) {
        expect(p.allowReserved, `${operation.op.operationId} ${p.name}`).toBe(true);
      }
    }
  });

  it('match is sent as match[field]=value (deepObject, exploded)', () => {
    for (const operation of byOperationId.values()) {
      const match = parametersOf(operation).find((p) => p.name === 'match');
      if (match) expect([match.in, match.style, match.explode]).toEqual(['query', 'deepObject', true]);
    }
  });

  it('match[version] takes first, last, all and timestamps, comma-separated (SRV-FLT-06)', () => {
    const schema = matchFieldSchema(getObjects, 'version');
    const good = ['last', 'first', 'all', 'first,last', '2025-04-16T20:37:51.908Z', 'first,2025-04-16T20:37:51.908Z,2023-03-31T19:41:30Z'];
    // `all` stands alone (§3.4.1); repeated values are refused by the server, a pattern cannot say it.
    const bad = ['newest', 'last,', ',first', 'LAST', '2025-04-16', 'first;last', 'all,last', 'first,all', 'all,all'];
    expect(good.filter((v) => !accepts(schema, v))).toEqual([]);
    expect(bad.filter((v) => accepts(schema, v))).toEqual([]);
  });

  it('match[id] and match[type] are comma-separated lists (SRV-FLT-05)', () => {
    const ids = matchFieldSchema(getObjects, 'id');
    const types = matchFieldSchema(getObjects, 'type');
    expect(accepts(ids, 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5,intrusion-set--1c63d4ec-0a75-4daa-b1df-0d11af3d3cc1')).toBe(true);
    expect(accepts(ids, 'malware')).toBe(false);
    expect(accepts(types, 'malware,x-mitre-tactic,relationship')).toBe(true);
    expect(accepts(types, 'Malware')).toBe(false);
  });

  it('match[spec_version] is a comma-separated list of versions (SRV-FLT-07)', () => {
    const schema = matchFieldSchema(getObjects, 'spec_version');
    expect(['2.1', '2.0,2.1'].every((v) => accepts(schema, v))).toBe(true);
    expect(['2', 'v2.1', '2.1,'].some((v) => accepts(schema, v))).toBe(false);
  });

  it('next is accepted on manifest, objects, object and versions (SRV-FLT-04 and its erratum)', () => {
    for (const id of ['getManifest', 'getObjects', 'getObject', 'getObjectVersions']) {
      expect(queryParameter(byOperationId.get(id)!, 'next').schema.type, id).toBe('string');
    }
    for (const name of ['Manifest', 'Envelope', 'Versions']) {
      expect(Object.keys(spec.components.schemas[name].properties), name).toEqual(expect.arrayContaining(['more', 'next']));
    }
  });
});

// Section 2: the resources, each with the properties it must have.
const RESOURCES: Array<[schema: string, required: string[]]> = [
  ['Discovery', ['title']],
  ['ApiRoot', ['title', 'versions', 'max_content_length']],
  ['Collections', []],
  ['Collection', ['id', 'title', 'can_read', 'can_write']],
  ['Manifest', []],
  ['ManifestRecord', ['id', 'date_added', 'version']],
  ['Envelope', []],
  ['Status', ['id', 'status', 'total_count', 'success_count', 'failure_count', 'pending_count']],
  ['StatusDetails', ['id', 'version']],
  ['Versions', []],
  ['ErrorMessage', ['title']],
  ['OtherStixObject', ['type', 'id']],
];

describe('SRV-RES-01: resources have their required properties, with a title and description', () => {
  it.each(RESOURCES)('%s requires %j', (name, required) => {
    const schema = spec.components.schemas[name];
    expect(schema.title).toBeTruthy();
    expect(schema.description).toBeTruthy();
    expect([...(schema.required ?? [])].sort()).toEqual([...required].sort());
  });

  it('no schema admits null', () => {
    const nullable: string[] = [];
    const visit = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'null' || (Array.isArray(n.type) && n.type.includes('null')) || n.nullable === true) nullable.push(at);
      for (const [k, v] of Object.entries(n)) if (k !== 'examples') visit(v, `${at}/${k}`);
    };
    visit(spec.components.schemas, '#/components/schemas');
    expect(nullable).toEqual([]);
  });

  it('api-root versions must include application/taxii+json;version=2.1 (SRV-RES-03)', () => {
    const schema = dereferenced.components.schemas.ApiRoot;
    expect(accepts(schema, { title: 't', versions: [TAXII], max_content_length: 1 })).toBe(true);
    expect(accepts(schema, { title: 't', versions: ['application/taxii+json;version=2.0'], max_content_length: 1 })).toBe(false);
  });

  it('STIX objects stay open to every type and custom property', () => {
    expect(dereferenced.components.schemas.OtherStixObject.additionalProperties).toBe(true);
    const stix = ajv.compile(dereferenced.components.schemas.StixObject);
    const known = ajv.compile(dereferenced.components.schemas.KnownStixObject);
    const tactic = { type: 'x-mitre-tactic', id: 'x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a', x_mitre_shortname: 'impact' };
    const address = { type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.3', x_acme_score: 3 };
    expect([stix(tactic), known(tactic)]).toEqual([true, false]);
    expect([stix(address), known(address)]).toEqual([true, true]);
    // A STIX 2.1 object that breaks its type's schema is still carried: a TAXII server need not check STIX.
    const badIndicator = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--ff26c055-6336-4bc5-b98d-13d6226742dd',
      created: '2025-01-01T00:00:00.000Z',
      modified: '2025-01-01T00:00:00.000Z',
    };
    expect([stix(badIndicator), known(badIndicator)]).toEqual([true, false]);
    expect(stix({ type: 'indicator', spec_version: '2.1' })).toBe(false);
  });

  it('status counts are non-negative integers and status is complete or pending (SRV-RES-02)', () => {
    const status = spec.components.schemas.Status;
    expect(status.properties.status.$ref).toBe('#/components/schemas/StatusState');
    expect(spec.components.schemas.StatusState.enum).toEqual(['complete', 'pending']);
    for (const count of ['total_count', 'success_count', 'failure_count', 'pending_count']) {
      expect([status.properties[count].type, status.properties[count].minimum], count).toEqual(['integer', 0]);
    }
  });
});

describe('SRV-SEC-02: HTTP Basic, and the schemes real consumers also use', () => {
  it('declares Basic, bearer tokens and client certificates as alternatives, and lets each be optional per server', () => {
    expect(spec.components.securitySchemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.components.securitySchemes.mutualTLS).toMatchObject({ type: 'mutualTLS' });
    expect(spec.security).toEqual([{ basicAuth: [] }, { bearerAuth: [] }, { mutualTLS: [] }, {}]);
  });
});

describe('§2: lists and timestamps', () => {
  /** Every array schema in the description's components, with where it is. */
  function arraysIn(node: unknown, at: string, found: Array<[string, Record<string, unknown>]> = []) {
    if (!node || typeof node !== 'object') return found;
    const n = node as Record<string, unknown>;
    if (n.type === 'array') found.push([at, n]);
    for (const [k, v] of Object.entries(n)) if (k !== 'examples' && k !== 'example') arraysIn(v, `${at}/${k}`, found);
    return found;
  }

  it('every list in every resource has at least one item: empty lists are prohibited', () => {
    const arrays = arraysIn(spec.components.schemas, '#/components/schemas');
    expect(arrays.length).toBeGreaterThanOrEqual(10);
    expect(arrays.filter(([, schema]) => schema.minItems !== 1).map(([at]) => at)).toEqual([]);
  });

  it('no description tells readers a list may be empty', () => {
    const text = JSON.stringify(spec);
    expect(text.match(/absent or empty|empty list is|or an empty list/gi) ?? []).toEqual([]);
  });

  it('TAXII timestamps (date_added, request_timestamp, date-added headers) have exactly six fractional digits', () => {
    const taxii = dereferenced.components.schemas.TaxiiTimestamp;
    for (const schema of [
      dereferenced.components.schemas.ManifestRecord.properties.date_added,
      dereferenced.components.schemas.Status.properties.request_timestamp,
      ...['X-TAXII-Date-Added-First', 'X-TAXII-Date-Added-Last'].map((h) => dereferenced.components.headers[h].schema),
    ]) {
      expect(schema.pattern).toBe(taxii.pattern);
    }
    expect(accepts(taxii, '2025-11-20T09:14:02.312455Z')).toBe(true);
    expect(['2025-11-20T09:14:02.312Z', '2025-11-20T09:14:02Z', '2025-11-20T09:14:02.3124551Z'].filter((v) => accepts(taxii, v))).toEqual([]);
  });

  it('object versions are strings: STIX timestamps of any precision for STIX objects, any string for other content', () => {
    const schemas = dereferenced.components.schemas;
    for (const version of [schemas.ManifestRecord.properties.version, schemas.Versions.properties.versions.items, schemas.StatusDetails.properties.version]) {
      expect(version.type).toBe('string');
      expect(version.pattern).toBeUndefined();
    }
    expect(schemas.ManifestRecord.properties.id.type).toBe('string');
    expect(schemas.ManifestRecord.properties.id.pattern).toBeUndefined();
    const stix = schemas.StixTimestamp;
    expect(['2025-04-15T19:58:01Z', '2025-04-15T19:58:01.2Z', '2025-04-15T19:58:01.218Z'].every((v) => accepts(stix, v))).toBe(true);
    expect(schemas.OtherStixObject.properties.modified.pattern).toBe(stix.pattern);
  });
});

describe('§4.1.1: API-root URLs in discovery', () => {
  const discovery = dereferenced.components.schemas.Discovery;

  it('may be absolute or relative to the discovery URL', () => {
    const good = ['https://taxii.example.com:443/', 'https://example.org/taxii/feeds/', 'http://127.0.0.1:8000/api/demo/', '/someapiroot/', '/a/b/c/'];
    expect(good.filter((url) => !accepts(discovery, { title: 't', default: url, api_roots: [url] }))).toEqual([]);
  });

  it('are never protocol-relative, dot-relative or with a query', () => {
    const bad = ['//someserver.example.com/apiroot1', '../someapiroot/', 'someapiroot/', 'https://foo.edu/bar?baz', 'ftp://example.org/x/'];
    expect(bad.filter((url) => accepts(discovery, { title: 't', api_roots: [url] }))).toEqual([]);
  });
});
