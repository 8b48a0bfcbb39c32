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

/** A security scheme in words a reader of the docs recognises. */
function schemeInWords(scheme) {
  if (scheme?.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') return 'HTTP Basic credentials';
  if (scheme?.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return 'an API token (`Authorization: Bearer`)';
  if (scheme?.type === 'mutualTLS') return 'a client certificate';
  if (scheme?.type === 'apiKey') return `an API key in the ${scheme.in} \`${scheme.name}\``;
  return `${scheme?.type ?? 'unknown'} credentials`;
}

/** What an operation's security requirements (alternatives) accept, in one sentence. */
function accessInWords(security, schemes) {
  const ways = (security ?? [])
    .filter((requirement) => Object.keys(requirement).length > 0)
    .map((requirement) =>
      Object.keys(requirement)
        .map((name) => schemeInWords(schemes[name]))
        .join(' and '),
    );
  const anonymous = (security ?? []).some((requirement) => Object.keys(requirement).length === 0);
  const listed = ways.length <= 1 ? (ways[0] ?? 'none') : `${ways.slice(0, -1).join(', ')} or ${ways.at(-1)}`;
  return anonymous ? `${listed}, or none: a server may also serve this operation to anonymous clients.` : `${listed}.`;
}

const RELATIONSHIPS = new Set(['relationship', 'sighting']);
const META = new Set(['language-content', 'marking-definition', 'extension-definition']);

const refName = (ref) => ref.split('/').pop();
const oneLine = (text) => (text ?? '').replace(/\s+/g, ' ').trim().replaceAll('|', '\\|');

/** A schema's type in words, for a table cell: `string`, `list of Kill chain phase`, `one of a, b`. */
function typeInWords(schema, schemas) {
  if (!schema) return 'any';
  if (schema.$ref) {
    const target = schemas[refName(schema.$ref)];
    // A named enumeration reads as its values, as an inline one does.
    return target?.enum ? typeInWords(target, schemas) : (target?.title ?? refName(schema.$ref));
  }
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return `one of ${schema.enum.map((value) => `\`${value}\``).join(', ')}`;
  if (schema.type === 'array') return `list of ${typeInWords(schema.items, schemas)}`;
  if (schema.oneOf ?? schema.anyOf) return (schema.oneOf ?? schema.anyOf).map((part) => typeInWords(part, schemas)).join(' or ');
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object')
    return `map of ${typeInWords(schema.additionalProperties, schemas)}`;
  return Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
}

/** Every property a STIX type's schema allows, its own and those of the common parts it includes, with what it requires. */
function propertiesOf(schema, schemas) {
  const properties = new Map();
  const required = new Set();
  const visit = (part) => {
    if (part.$ref) return visit(schemas[refName(part.$ref)]);
    for (const [name, property] of Object.entries(part.properties ?? {})) properties.set(name, property);
    for (const name of part.required ?? []) required.add(name);
    for (const piece of part.allOf ?? []) visit(piece);
  };
  visit(schema);
  // `type` and `id` first, as the standard's tables list them; then in the schema's order.
  const order = (name) => ['type', 'id'].indexOf(name) >>> 0;
  return [...properties].sort(([a], [b]) => order(a) - order(b)).map(([name, property]) => ({ name, property, required: required.has(name) }));
}

/** One STIX type as visible text: its description, a table of its properties and the standard's example. */
function stixType(name, schemas) {
  const schema = schemas[name];
  const rows = propertiesOf(schema, schemas).map(
    ({ name: property, property: definition, required }) =>
      `| \`${property}\` | ${typeInWords(definition, schemas)} | ${required ? 'required' : 'optional'} | ${oneLine(definition.description ?? schemas[refName(definition.$ref ?? '')]?.description)} |`,
  );
  const example = schema.examples?.[0] ?? schema.example;
  return [
    `### ${schema.title}`,
    oneLine(schema.description).replaceAll('\\|', '|'),
    `| property | type | required | description |\n|---|---|---|---|\n${rows.join('\n')}`,
    'Custom properties (`x_…`) and extensions are allowed on every type (§11.1, §7.3).',
    ...(example ? ['Example (from the standard):', `\`\`\`json\n${JSON.stringify(example, null, 2)}\n\`\`\``] : []),
  ].join('\n\n');
}

/** The page's route of a markdown heading, as the renderer makes it. */
const sectionLink = (title) => `#section/${title.toLowerCase().replace(/\s+/g, '-')}`;

/**
 * The STIX 2.1 types as a section of the page: a table of every type the description defines,
 * each linked to its own section, then each type as visible text (properties, whether required,
 * what each holds, the standard's example), so a reader finds what an envelope item of that type
 * holds without opening the envelope's union. Written out here because the renderer does not draw
 * schemas embedded in the description's text.
 */
function stixSection(doc) {
  const schemas = doc.components.schemas;
  const mapping = Object.entries(schemas.KnownStixObject.discriminator.mapping).map(([type, ref]) => [type, refName(ref)]);
  const observable = (name) => schemas[name].allOf?.some((part) => part.$ref?.endsWith('/StixCyberObservableCommonProperties'));
  const category = (type, name) =>
    observable(name) ? 'cyber observable' : RELATIONSHIPS.has(type) ? 'relationship' : META.has(type) ? 'meta object' : 'domain object';
  const section = (name) => /§([0-9.]+)/.exec(schemas[name].description)?.[1] ?? '';
  const rows = mapping.map(
    ([type, name]) => `| \`${type}\` | [${schemas[name].title}](${sectionLink(schemas[name].title)}) | ${category(type, name)} | §${section(name)} |`,
  );
  return [
    '## STIX 2.1 objects',
    'Envelope items are STIX objects (`StixObject`): one of the 42 types STIX 2.1 defines, told apart by `type` (`KnownStixObject`), or any other object with a valid `type` and `id` (`OtherStixObject`: custom and extension types, STIX 2.0, later versions). Section numbers here refer to the STIX 2.1 standard. SDK generators give each type its own class; `taxii validate` and the reference server check objects against these schemas.',
    `| type | schema | kind | STIX 2.1 |\n|---|---|---|---|\n${rows.join('\n')}`,
    ...mapping.map(([, name]) => stixType(name, schemas)),
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
      const access = accessInWords(op.security ?? doc.security, doc.components?.securitySchemes ?? {});
      const server = (op.servers ?? item.servers ?? doc.servers)[0].url;
      const [path] = Object.entries(doc.paths).find(([, candidate]) => candidate === item);
      op.description = `**operationId:** \`${op.operationId}\` · **URL:** \`${server}${path}\` (example host) · **Access:** ${access}\n\n${op.description}`;
      op['x-codeSamples'] = samples[op.operationId];
    }
  }
  doc.info.description = `${doc.info.description.trim()}\n\n${GUIDES.map(guide).join('\n\n')}\n\n${stixSection(doc)}\n`;
  return doc;
}
