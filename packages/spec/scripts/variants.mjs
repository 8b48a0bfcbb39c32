// The published variants of the description, each derived mechanically from the bundled canonical
// document so that none can drift from it. Each one removes a feature that some SDK generators
// cannot handle; packages/spec/README.md says which variant suits which generator.
import { Converter } from '@apiture/openapi-down-convert';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DISCOVERY_PATH = '/taxii2/';

const clone = (value) => structuredClone(value);

function operations(doc) {
  return Object.values(doc.paths).flatMap((item) => HTTP_METHODS.filter((m) => item[m]).map((m) => item[m]));
}

/** Adds a paragraph to the top of info.description saying which variant this is. */
function describeVariant(doc, paragraph) {
  doc.info.description = `${paragraph}\n\n${doc.info.description}`;
}

/** The local component refs (`#/components/<kind>/<name>`) reachable from the given value. */
function refsIn(value, found = new Set()) {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/')) found.add(item);
      else refsIn(item, found);
    }
  }
  return found;
}

const componentAt = (doc, ref) => {
  const [, , kind, name] = ref.split('/');
  return doc.components?.[kind]?.[name];
};

/** Drops the components that nothing left in the document refers to (security schemes stay:
 * `security` names them without `$ref`), and tags no operation uses. */
export function pruneUnused(doc) {
  const reachable = new Set();
  const pending = [...refsIn(doc.paths)];
  while (pending.length > 0) {
    const ref = pending.pop();
    if (reachable.has(ref)) continue;
    reachable.add(ref);
    pending.push(...refsIn(componentAt(doc, ref)));
  }
  for (const [kind, members] of Object.entries(doc.components ?? {})) {
    if (kind === 'securitySchemes') continue;
    for (const name of Object.keys(members)) {
      if (!reachable.has(`#/components/${kind}/${name}`)) delete members[name];
    }
    if (Object.keys(members).length === 0) delete doc.components[kind];
  }
  const usedTags = new Set(operations(doc).flatMap((op) => op.tags ?? []));
  if (doc.tags) doc.tags = doc.tags.filter((tag) => usedTags.has(tag.name));
  return doc;
}

/** The ten operations under an API root: discovery, with its path-level `servers`, left out. */
export function apiRootOnly(canonical) {
  const doc = clone(canonical);
  delete doc.paths[DISCOVERY_PATH];
  describeVariant(
    doc,
    "This is the API-root variant: the operations under an API root only, for generators that ignore a path-level `servers` entry. Discovery (`GET /taxii2/` on the server's origin) is in the discovery variant and in the combined description.",
  );
  return pruneUnused(doc);
}

/** Discovery alone, its origin as the document's only server. */
export function discoveryOnly(canonical) {
  const doc = clone(canonical);
  const item = doc.paths[DISCOVERY_PATH];
  doc.servers = item.servers;
  delete item.servers;
  doc.paths = { [DISCOVERY_PATH]: item };
  describeVariant(
    doc,
    "This is the discovery variant: the one operation at the server's origin, for generators that ignore a path-level `servers` entry. The operations under an API root are in the API-root variant and in the combined description.",
  );
  return pruneUnused(doc);
}

/** Replaces each deepObject `match` parameter by one plain query parameter per filter field, named
 * `match[id]`, `match[type]`, …; the request on the wire is the same. */
function flattenMatchParameters(doc) {
  const resolve = (parameter) => (parameter.$ref ? componentAt(doc, parameter.$ref) : parameter);
  for (const item of Object.values(doc.paths)) {
    for (const holder of [item, ...HTTP_METHODS.map((m) => item[m]).filter(Boolean)]) {
      if (!holder.parameters) continue;
      holder.parameters = holder.parameters.flatMap((parameter) => {
        const resolved = resolve(parameter);
        if (resolved.in !== 'query' || resolved.style !== 'deepObject') return [parameter];
        return Object.entries(resolved.schema.properties).map(([field, schema]) => {
          const example = resolved.example?.[field];
          const target = schema.$ref ? componentAt(doc, schema.$ref) : schema;
          return {
            name: `${resolved.name}[${field}]`,
            in: 'query',
            required: false,
            allowReserved: resolved.allowReserved,
            description: `${target.description ?? target.title}\n\nOne field of the \`${resolved.name}\` filters. ${resolved.description}`,
            schema,
            ...(example === undefined ? {} : { example }),
          };
        });
      });
    }
  }
  return doc;
}

/** The API-root operations with each deepObject `match` parameter by one plain query parameter per filter field,
 * named `match[id]`, `match[type]`, …, for generators without deepObject support. The request on
 * the wire is the same. */
export function flatMatch(canonical) {
  const doc = clone(canonical);
  delete doc.paths[DISCOVERY_PATH];
  flattenMatchParameters(doc);
  describeVariant(
    doc,
    'This is the flat-match variant: the operations under an API root (as in the API-root variant, for generators that ignore a path-level `servers` entry), with each filter as a plain query parameter named `match[id]`, `match[type]`, `match[version]` or `match[spec_version]`, for generators without deepObject parameters. Requests are the same on the wire as with the combined description.',
  );
  return pruneUnused(doc);
}

/** The API root as a path parameter of the server variant: one path segment, any name. Written
 * inline on each path, not as a component: generators name component parameters as types, and
 * `apiRoot` would then clash with the `ApiRoot` resource (oapi-codegen refuses the document). */
const API_ROOT_PARAMETER = {
  name: 'apiRoot',
  in: 'path',
  required: true,
  description:
    "The API root's name: its one path segment under the server's origin, as discovery lists it (`/{apiRoot}/`). The standard lets an API root sit at any path; a server built from this variant serves its API roots one segment below the origin, as most TAXII servers do. An unknown name gives `404`.",
  schema: { type: 'string' },
  example: 'api1',
};

/** For server generators: every operation in one document at the server's origin, which is where
 * such generators mount routes (they ignore a path-level `servers` entry and would mount discovery
 * under the API root). Discovery stays at `/taxii2/`; each API-root operation moves under
 * `/{apiRoot}/`, a path parameter, so that one generated server serves any number of API roots;
 * filters are flat, which every server framework reads. */
export function serverBlueprint(canonical) {
  const doc = clone(canonical);
  const discovery = doc.paths[DISCOVERY_PATH];
  doc.servers = discovery.servers;
  delete discovery.servers;
  const paths = { [DISCOVERY_PATH]: discovery };
  for (const [path, item] of Object.entries(doc.paths)) {
    if (path === DISCOVERY_PATH) continue;
    paths[`/{apiRoot}${path}`] = { ...item, parameters: [clone(API_ROOT_PARAMETER), ...(item.parameters ?? [])] };
  }
  doc.paths = paths;
  flattenMatchParameters(doc);
  describeVariant(
    doc,
    "This is the server variant, for server generators: every operation at the server's origin, discovery at `/taxii2/` and each API-root operation under `/{apiRoot}/` (a path parameter: API roots one path segment below the origin), with each filter as a plain query parameter named `match[id]`, `match[type]`, `match[version]` or `match[spec_version]`. Requests and answers are those of the combined description.",
  );
  return pruneUnused(doc);
}

/** Schema keywords of OpenAPI 3.1 (JSON Schema 2020-12) that 3.0 has no place for and the
 * converter leaves in. Each only tightens validation, so a 3.0 reader loses a check, never a field. */
const SCHEMA_KEYWORDS_WITHOUT_30_EQUIVALENT = ['contains', 'minContains', 'maxContains'];

/** Security scheme types of 3.1 that 3.0 lacks: a client certificate is then the TLS layer's
 * business alone, which the 3.0 form's description says. */
const SECURITY_SCHEME_TYPES_WITHOUT_30_EQUIVALENT = ['mutualTLS'];

function dropSecuritySchemesWithout30Equivalent(doc) {
  const schemes = doc.components?.securitySchemes ?? {};
  const dropped = Object.keys(schemes).filter((name) => SECURITY_SCHEME_TYPES_WITHOUT_30_EQUIVALENT.includes(schemes[name].type));
  if (dropped.length === 0) return;
  for (const name of dropped) delete schemes[name];
  const keep = (requirements) => requirements?.filter((r) => !Object.keys(r).some((name) => dropped.includes(name)));
  if (doc.security) doc.security = keep(doc.security);
  for (const item of Object.values(doc.paths ?? {}))
    for (const op of Object.values(item)) if (op && typeof op === 'object' && op.security) op.security = keep(op.security);
  doc.info.description += `\n\nOpenAPI 3.0 has no security scheme for client certificates, so this form leaves out \`${dropped.join('`, `')}\`; a server that takes client certificates asks for them during the TLS handshake all the same.`;
}

/** What the converter leaves that 3.0 does not allow: `info.summary` (folded into the description),
 * a license by SPDX identifier only (3.0 names it by URL), siblings of `$ref` (3.0 ignores them,
 * and strict validators reject them), the keywords above and a `mutualTLS` security scheme. */
function finishOpenApi30(doc, licenseIdentifier) {
  dropSecuritySchemesWithout30Equivalent(doc);
  if (doc.info.summary) {
    doc.info.description = `${doc.info.summary}\n\n${doc.info.description}`;
    delete doc.info.summary;
  }
  if (licenseIdentifier && doc.info.license && !doc.info.license.url) {
    delete doc.info.license.identifier;
    doc.info.license.url = `https://spdx.org/licenses/${licenseIdentifier}.html`;
  }
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    if (typeof value.$ref === 'string') {
      for (const key of Object.keys(value)) if (key !== '$ref') delete value[key];
      return;
    }
    for (const keyword of SCHEMA_KEYWORDS_WITHOUT_30_EQUIVALENT) {
      if (value.type === 'array') delete value[keyword];
    }
    Object.values(value).forEach(visit);
  };
  visit(doc);
  return doc;
}

/** OpenAPI 3.0.3, converted by a maintained converter (@apiture/openapi-down-convert), for
 * generators that read only 3.0. */
export function openapi30(doc31) {
  const doc = finishOpenApi30(new Converter(clone(doc31), { verbose: false }).convert(), doc31.info.license?.identifier);
  describeVariant(
    doc,
    'Converted mechanically to OpenAPI 3.0 from the OpenAPI 3.1 form, for generators that read only 3.0; the 3.1 description is the source of truth.',
  );
  return doc;
}

const identity = (doc) => clone(doc);

/** Every published variant: its path under bundled/ (without extension) and how it is made from
 * the canonical document. The canonical document itself is bundled by Redocly. */
export const VARIANTS = [
  ['taxii21.api-root', apiRootOnly],
  ['taxii21.discovery', discoveryOnly],
  ['taxii21.flat-match', flatMatch],
  ['taxii21.server', serverBlueprint],
  ...[
    ['taxii21', identity],
    ['taxii21.api-root', apiRootOnly],
    ['taxii21.discovery', discoveryOnly],
    ['taxii21.flat-match', flatMatch],
    ['taxii21.server', serverBlueprint],
  ].map(([name, make]) => [`openapi-3.0/${name}`, (doc) => openapi30(make(doc))]),
];
