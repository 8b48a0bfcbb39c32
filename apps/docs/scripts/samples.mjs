// Code samples for each operation of the docs page: curl, this project's TypeScript client and
// `taxii` command line, and whole programs with the Python, Go, Java and Rust clients of the SDK
// matrix (sdks/generators/<recipe>/samples/), which `npm test` generates, compiles and runs
// against the demo server, so a sample cannot drift from code that works.
import { SAMPLE_SETS, samplePrograms } from '../../../sdks/lib/samples.mjs';

const ROOT = 'https://taxii.example.org/taxii/feeds';
const COLLECTION = '5f1d6c9a-3b2e-4f7a-8c41-9e0d2b7a6c13';
const OBJECT = 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5';
const STATUS = '2d086da7-4bdc-4f91-900e-d77486753710';
const ACCEPT = "-H 'Accept: application/taxii+json;version=2.1'";
const curl = (args) => `curl -u "$TAXII_USER:$TAXII_PASSWORD" ${ACCEPT} ${args}`;

const CURL = {
  getDiscovery: curl('https://taxii.example.org/taxii2/'),
  getApiRoot: curl(`${ROOT}/`),
  getStatus: curl(`${ROOT}/status/${STATUS}/`),
  getCollections: curl(`${ROOT}/collections/`),
  getCollection: curl(`${ROOT}/collections/${COLLECTION}/`),
  getManifest: curl(`-g '${ROOT}/collections/${COLLECTION}/manifest/?match[type]=malware&limit=100'`),
  getObjects: curl(`-g '${ROOT}/collections/${COLLECTION}/objects/?match[type]=malware&limit=100'`),
  addObjects: curl(`-H 'Content-Type: application/taxii+json;version=2.1' --data @envelope.json ${ROOT}/collections/${COLLECTION}/objects/`),
  getObject: curl(`${ROOT}/collections/${COLLECTION}/objects/${OBJECT}/`),
  deleteObject: curl(`-X DELETE -g '${ROOT}/collections/${COLLECTION}/objects/${OBJECT}/?match[version]=all'`),
  getObjectVersions: curl(`${ROOT}/collections/${COLLECTION}/objects/${OBJECT}/versions/`),
};

const client = (lines) =>
  [
    "import { TaxiiClient } from '@taxii21/client';",
    '',
    'const client = new TaxiiClient({ auth: { username: process.env.TAXII_USER!, password: process.env.TAXII_PASSWORD! } });',
    `const root = client.apiRoot('${ROOT}/');`,
    ...lines,
  ].join('\n');

const TYPESCRIPT = {
  getDiscovery: [
    "import { TaxiiClient } from '@taxii21/client';",
    '',
    'const client = new TaxiiClient({ auth: { username: process.env.TAXII_USER!, password: process.env.TAXII_PASSWORD! } });',
    "const discovery = await client.discover('https://taxii.example.org/taxii2/');",
    'console.log(discovery.api_roots);',
  ].join('\n'),
  getApiRoot: client(['const { resource } = await root.getApiRoot();', 'console.log(resource.max_content_length);']),
  getStatus: client([`const { resource } = await root.getStatus('${STATUS}');`, 'console.log(resource.status, resource.success_count);']),
  getCollections: client([
    'const { resource } = await root.getCollections();',
    'for (const c of resource.collections ?? []) console.log(c.id, c.title, c.can_read, c.can_write);',
  ]),
  getCollection: client([`const { resource } = await root.getCollection('${COLLECTION}');`]),
  getManifest: client([`for await (const record of root.manifest('${COLLECTION}', { match: { type: 'malware' } })) console.log(record.id, record.version);`]),
  getObjects: client([
    '// Every page, following `next` (or `added_after` where a server gives no `next`).',
    `for await (const object of root.objects('${COLLECTION}', { match: { type: 'malware' }, limit: 100 })) console.log(object.id);`,
  ]),
  addObjects: client([
    '// Splits to fit max_content_length and waits for each status.',
    `const report = await root.addObjects('${COLLECTION}', objects);`,
    'console.log(report.success_count, report.failure_count);',
  ]),
  getObject: client([`const { resource } = await root.getObject('${COLLECTION}', '${OBJECT}');`]),
  deleteObject: client([`await root.deleteObject('${COLLECTION}', '${OBJECT}', { match: { version: 'all' } });`]),
  getObjectVersions: client([`for await (const version of root.versions('${COLLECTION}', '${OBJECT}')) console.log(version);`]),
};

const cli = (line) => `export TAXII_USER=… TAXII_PASSWORD=…\n${line}`;
const CLI = {
  getDiscovery: cli('taxii discover https://taxii.example.org/taxii2/'),
  getApiRoot: cli(`taxii root ${ROOT}/`),
  getStatus: cli(`taxii status ${ROOT}/ ${STATUS}`),
  getCollections: cli(`taxii collections ${ROOT}/`),
  getManifest: cli(`taxii manifest ${ROOT}/ ${COLLECTION} --type malware --all`),
  getObjects: cli(`taxii objects ${ROOT}/ ${COLLECTION} --type malware --all --format bundle -o malware.json`),
  addObjects: cli(`taxii push ${ROOT}/ ${COLLECTION} bundle.json`),
  getObject: cli(`taxii object ${ROOT}/ ${COLLECTION} ${OBJECT}`),
  deleteObject: cli(`taxii delete ${ROOT}/ ${COLLECTION} ${OBJECT} --match-version all`),
  getObjectVersions: cli(`taxii versions ${ROOT}/ ${COLLECTION} ${OBJECT} --all`),
};

/** The SDK matrix's sample programs: each a whole program, run against the demo by `npm test`. */
const generated = SAMPLE_SETS.map((set) => ({ ...set, programs: samplePrograms(set.recipe) }));

export function codeSamples() {
  const result = {};
  for (const operationId of Object.keys(CURL)) {
    result[operationId] = [
      { lang: 'curl', label: 'curl', source: CURL[operationId] },
      { lang: 'TypeScript', label: '@taxii21/client', source: TYPESCRIPT[operationId] },
      ...(CLI[operationId] ? [{ lang: 'Shell', label: 'taxii', source: CLI[operationId] }] : []),
      ...generated.filter((set) => set.programs[operationId]).map((set) => ({ lang: set.lang, label: set.label, source: set.programs[operationId] })),
    ];
  }
  return result;
}
