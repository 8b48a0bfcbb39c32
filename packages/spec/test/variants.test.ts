// The published forms of the description as generators meet them: each one valid for an
// independent validator, each variant doing the one thing it is for, and no text that breaks the
// code generators write (comment terminators, reserved type names).
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { specPaths, variantPaths } from '../src/index.js';
import { HTTP_METHODS, operations, spec } from './openapi-walk.js';

type Json = Record<string, any>;

const FORMS: [string, string][] = [
  ['combined (3.1)', specPaths.yaml],
  ['api-root (3.1)', variantPaths.apiRoot],
  ['discovery (3.1)', variantPaths.discovery],
  ['flat-match (3.1)', variantPaths.flatMatch],
  ['server (3.1)', variantPaths.server],
  ['combined (3.0)', variantPaths.openapi30.combined],
  ['api-root (3.0)', variantPaths.openapi30.apiRoot],
  ['discovery (3.0)', variantPaths.openapi30.discovery],
  ['flat-match (3.0)', variantPaths.openapi30.flatMatch],
  ['server (3.0)', variantPaths.openapi30.server],
];
const load = (file: string): Json => parse(readFileSync(file, 'utf8'));

/** Every string value in the document with where it sits, keys excluded (media-type keys such as
 * `application/taxii+json` are never copied into comments). */
function strings(value: unknown, at = '#'): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${at}/${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, `${at}/${key}`));
  return [];
}

function serversAnywhere(doc: Json): unknown[] {
  return Object.values<Json>(doc.paths).flatMap((item) => [item.servers, ...HTTP_METHODS.map((m) => item[m]?.servers)].filter(Boolean));
}

const operationIds = (doc: Json) =>
  operations(doc)
    .map(({ op }) => op.operationId)
    .sort();

// The standard's sections for its eleven operations, as its table of contents names them.
const SECTIONS: Record<string, [string, string]> = {
  getDiscovery: ['4.1', 'server-discovery'],
  getApiRoot: ['4.2', 'get-api-root-information'],
  getStatus: ['4.3', 'get-status'],
  getCollections: ['5.1', 'get-collections'],
  getCollection: ['5.2', 'get-a-collection'],
  getManifest: ['5.3', 'get-object-manifests'],
  getObjects: ['5.4', 'get-objects'],
  addObjects: ['5.5', 'add-objects'],
  getObject: ['5.6', 'get-an-object'],
  deleteObject: ['5.7', 'delete-an-object'],
  getObjectVersions: ['5.8', 'get-object-versions'],
};

describe.each(FORMS)('the %s form', (_name, file) => {
  const doc = load(file);

  // Compiling the validator's meta-schema takes seconds on a loaded 2-core machine (it took more
  // than vitest's default 5 s in CI's second pass): a generous bound, not a speed claim.
  it('is valid for an independent validator (@seriousme/openapi-schema-validator)', { timeout: 60_000 }, async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has no comment delimiter (*/ or /*) in any string, so generated doc comments stay closed', () => {
    expect(strings(doc).filter(([, text]) => text.includes('*/') || text.includes('/*'))).toEqual([]);
  });

  it('has no description on a server variable, and no schema named Error', () => {
    const variables = (doc.servers ?? []).concat(serversAnywhere(doc).flat()).flatMap((server: Json) => Object.values<Json>(server.variables ?? {}));
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((variable) => 'description' in variable)).toEqual([]);
    expect(Object.keys(doc.components?.schemas ?? {})).not.toContain('Error');
  });

  it("names its contact, and links every operation to the standard's section for it", () => {
    expect(doc.info.contact?.name).toBeTruthy();
    for (const { op } of operations(doc)) {
      const [section, anchor] = SECTIONS[op.operationId];
      expect(op.externalDocs, op.operationId).toEqual({
        description: expect.stringContaining(`§${section} `),
        url: `https://github.com/oasis-tcs/cti-taxii2/blob/master/spec/taxii-v2.1.md#${anchor}`,
      });
    }
  });
});

describe('each variant does the one thing it is for', () => {
  const all = Object.keys(SECTIONS).sort();

  it('combined: all eleven operations, discovery on its own server', () => {
    expect(operationIds(spec)).toEqual(all);
    expect(spec.paths['/taxii2/'].servers[0].url).toBe('{origin}');
    expect(spec.components.schemas.ErrorMessage.title).toBe('Error Message');
  });

  it('api-root: the ten operations under an API root, and no path-level servers', () => {
    const doc = load(variantPaths.apiRoot);
    expect(operationIds(doc)).toEqual(all.filter((id) => id !== 'getDiscovery'));
    expect(serversAnywhere(doc)).toEqual([]);
    expect(doc.servers).toEqual(spec.servers);
    expect(doc.components.schemas).not.toHaveProperty('Discovery');
    expect(doc.tags.map((tag: Json) => tag.name)).not.toContain('Discovery');
  });

  it("discovery: one operation, the server's origin as the document's server", () => {
    const doc = load(variantPaths.discovery);
    expect(operationIds(doc)).toEqual(['getDiscovery']);
    expect(serversAnywhere(doc)).toEqual([]);
    expect(doc.servers).toEqual(spec.paths['/taxii2/'].servers);
    expect(doc.components.schemas).not.toHaveProperty('Envelope');
    expect(Object.keys(doc.components.securitySchemes)).toEqual(Object.keys(spec.components.securitySchemes));
  });

  it('flat-match: every deepObject filter becomes one plain parameter per field, named as on the wire', () => {
    const doc = load(variantPaths.flatMatch);
    const apiRoot = load(variantPaths.apiRoot);
    const resolve = (p: Json, from: Json) =>
      p.$ref
        ? p.$ref
            .split('/')
            .slice(1)
            .reduce((at: Json, key: string) => at[key], from)
        : p;
    const flat = (from: Json, deep: boolean) =>
      operations(from).flatMap(({ op, pathItem }) =>
        [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]
          .map((p: Json) => resolve(p, from))
          .filter((p: Json) => (deep ? p.style === 'deepObject' : p.name.startsWith('match[')))
          .flatMap((p: Json) =>
            deep ? Object.keys(p.schema.properties).map((field) => `${op.operationId} ${p.name}[${field}]`) : [`${op.operationId} ${p.name}`],
          ),
      );
    const expected = flat(apiRoot, true);
    expect(expected).toContain('getObjects match[spec_version]');
    expect(flat(doc, false).sort()).toEqual(expected.sort());
    expect(flat(doc, true)).toEqual([]);
    expect(operationIds(doc)).toEqual(operationIds(apiRoot));
  });

  it('server: all eleven operations at the origin, discovery at /taxii2/, the rest under /{apiRoot}/, filters flat', () => {
    const doc = load(variantPaths.server);
    expect(serversAnywhere(doc)).toEqual([]);
    expect(doc.servers).toEqual(spec.paths['/taxii2/'].servers);
    expect(operationIds(doc)).toEqual(operationIds(spec));
    expect(Object.keys(doc.paths)).toEqual(Object.keys(spec.paths).map((path) => (path === '/taxii2/' ? path : `/{apiRoot}${path}`)));
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      const names = (item.parameters ?? []).map((p: Json) => (p.$ref ? p.$ref.split('/').at(-1) : p.name));
      expect(names.includes('apiRoot'), path).toBe(path !== '/taxii2/');
    }
    const filters = operations(doc).flatMap(({ op }) =>
      (op.parameters ?? []).filter((p: Json) => p.name?.startsWith('match[')).map((p: Json) => `${op.operationId} ${p.name}`),
    );
    expect(filters).toEqual(expect.arrayContaining(['getObjects match[type]', 'getObjectVersions match[spec_version]']));
    expect(JSON.stringify(doc)).not.toContain('deepObject');
  });

  // What 3.0 allows is the validators' business (above); here, that nothing was lost on the way.
  it('3.0: every 3.1 form converted, with the same operations', () => {
    const pairs: [string, string][] = [
      [specPaths.yaml, variantPaths.openapi30.combined],
      [variantPaths.apiRoot, variantPaths.openapi30.apiRoot],
      [variantPaths.discovery, variantPaths.openapi30.discovery],
      [variantPaths.flatMatch, variantPaths.openapi30.flatMatch],
      [variantPaths.server, variantPaths.openapi30.server],
    ];
    for (const [from, to] of pairs) {
      const converted = load(to);
      expect(converted.openapi).toBe('3.0.3');
      expect(operationIds(converted)).toEqual(operationIds(load(from)));
      // 3.0 has no mutualTLS scheme: the other alternatives stay, and the description says what went.
      expect(converted.security).toEqual([{ basicAuth: [] }, { bearerAuth: [] }, {}]);
      expect(Object.keys(converted.components.securitySchemes)).toEqual(['basicAuth', 'bearerAuth']);
      expect(converted.info.description).toContain('leaves out `mutualTLS`');
    }
  });
});
