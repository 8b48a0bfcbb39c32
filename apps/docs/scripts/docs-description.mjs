// The description as the docs page shows it: the bundled description with what a reader of the
// page needs and the renderer cannot work out itself. Only the page reads this copy; generators
// and the server read the bundle, which stays the source of truth.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codeSamples } from './samples.mjs';

const METHODS = ['get', 'post', 'delete'];
const GUIDES = ['generating-an-sdk', 'building-a-server', 'testing-a-server', 'paging'];
const guide = (name) => readFileSync(fileURLToPath(new URL(`../guides/${name}.md`, import.meta.url)), 'utf8').trim();

/** `{apiRoot}` written out with its example value: the renderer resolves an unexpanded template
 * against the page's own address, which then shows as the server. */
function expandServers(servers) {
  return servers?.map((server) => ({
    url: Object.entries(server.variables ?? {}).reduce((url, [name, variable]) => url.replaceAll(`{${name}}`, variable.default), server.url),
    description: `${server.description} Shown here with the example value; use your server's.`,
  }));
}

function anonymousAllowed(security) {
  return (security ?? []).some((requirement) => Object.keys(requirement).length === 0);
}

const RELATIONSHIPS = new Set(['relationship', 'sighting']);
const META = new Set(['language-content', 'marking-definition', 'extension-definition']);

/**
 * The STIX 2.1 types as a section of the page: a table of every type the description defines, then
 * each one's schema with its example (Redoc renders a SchemaDefinition tag in place), so a reader
 * finds what an envelope item of that type holds without opening the envelope's union.
 */
function stixSection(doc) {
  const schemas = doc.components.schemas;
  const mapping = Object.entries(schemas.KnownStixObject.discriminator.mapping).map(([type, ref]) => [type, ref.split('/').pop()]);
  const observable = (name) => schemas[name].allOf?.some((part) => part.$ref?.endsWith('/StixCyberObservableCommonProperties'));
  const category = (type, name) => (observable(name) ? 'cyber observable' : RELATIONSHIPS.has(type) ? 'relationship' : META.has(type) ? 'meta object' : 'domain object');
  const section = (name) => /§([0-9.]+)/.exec(schemas[name].description)?.[1] ?? '';
  const rows = mapping.map(([type, name]) => `| \`${type}\` | ${schemas[name].title} | ${category(type, name)} | §${section(name)} |`);
  const definitions = mapping.map(([, name]) => `### ${schemas[name].title}\n\n<SchemaDefinition schemaRef="#/components/schemas/${name}" showReadOnly={true} showWriteOnly={true} />`);
  return [
    '## STIX 2.1 objects',
    'Envelope items are STIX objects (`StixObject`): one of the 42 types STIX 2.1 defines, told apart by `type` (`KnownStixObject`), or any other object with a valid `type` and `id` (`OtherStixObject`: custom and extension types, STIX 2.0, later versions). Section numbers here refer to the STIX 2.1 standard. SDK generators give each type its own class; `taxii validate` and the reference server check objects against these schemas.',
    '| type | schema | kind | STIX 2.1 |\n|---|---|---|---|\n' + rows.join('\n'),
    ...definitions,
  ].join('\n\n');
}

export function docsDescription(bundled) {
  const doc = structuredClone(bundled);
  const samples = codeSamples();
  doc.servers = expandServers(doc.servers);
  for (const item of Object.values(doc.paths)) {
    if (item.servers) item.servers = expandServers(item.servers);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      // The renderer neither shows nor searches operationIds; SDK users arrive with a method
      // named after one (getObjects, get_objects, GetObjects), so each section names its own.
      const access = anonymousAllowed(op.security ?? doc.security)
        ? 'HTTP Basic credentials, or none: a server may also serve this operation to anonymous clients.'
        : 'HTTP Basic credentials.';
      const server = (op.servers ?? item.servers ?? doc.servers)[0].url;
      const [path] = Object.entries(doc.paths).find(([, candidate]) => candidate === item);
      op.description = `**operationId:** \`${op.operationId}\` · **URL:** \`${server}${path}\` (example host) · **Access:** ${access}\n\n${op.description}`;
      op['x-codeSamples'] = samples[op.operationId];
    }
  }
  doc.info.description = `${doc.info.description.trim()}\n\n${GUIDES.map(guide).join('\n\n')}\n\n${stixSection(doc)}\n`;
  return doc;
}
