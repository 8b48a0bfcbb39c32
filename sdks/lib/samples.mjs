// The docs portal's code samples: one whole program per operation and language, kept beside the
// recipe whose generated client it uses (generators/<recipe>/samples/), shown on the operation's
// page as it is (apps/docs) and run here, after the recipe's scenario, against the same demo. A
// program passes when it exits 0 and did what its operation does: it printed what the server
// holds, or the server holds what it added, or no longer holds what it deleted.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SDKS } from './paths.mjs';

/** In the order they run: reads first, then the writes, the delete last. */
export const SAMPLE_OPERATIONS = [
  'getDiscovery',
  'getApiRoot',
  'getCollections',
  'getCollection',
  'getManifest',
  'getObjects',
  'getObject',
  'getObjectVersions',
  'addObjects',
  'getStatus',
  'deleteObject',
];

/** The recipes with samples, as the docs label them; `file` names an operation's program. */
export const SAMPLE_SETS = [
  { recipe: 'openapi-generator-python', lang: 'Python', label: 'Python (openapi-generator)', file: (op) => `${op}.py` },
  { recipe: 'openapi-generator-go', lang: 'Go', label: 'Go (openapi-generator)', file: (op) => `${op}/main.go` },
  { recipe: 'openapi-generator-java', lang: 'Java', label: 'Java (openapi-generator)', file: (op) => `${op[0].toUpperCase()}${op.slice(1)}.java` },
  { recipe: 'ploidy', lang: 'Rust', label: 'Rust (ploidy)', file: (op) => `${op.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}.rs` },
];

export const samplesDir = (recipe) => join(SDKS, 'generators', recipe, 'samples');

/** operationId → program text, for one recipe. */
export function samplePrograms(recipe) {
  const set = SAMPLE_SETS.find((s) => s.recipe === recipe);
  return Object.fromEntries(SAMPLE_OPERATIONS.map((op) => [op, readFileSync(join(samplesDir(recipe), set.file(op)), 'utf8')]));
}

/** What the addObjects programs add (each language the same object; a second add is a success). */
export const SAMPLE_ADDED_ID = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const VERSION = '2026-01-02T03:04:05.678Z';

/**
 * Runs every program of `recipe` (its `samples.build` once, then what `samples.command` gives per
 * operation: a command, its arguments and any further environment)
 * against the demo, with an object of its own to read and delete. Throws on the first that fails.
 */
export async function runSamples(recipe, ctx, demo) {
  const { TAXII_ORIGIN: origin, TAXII_API_ROOT: apiRoot, TAXII_USER: user, TAXII_PASSWORD: password, TAXII_WRITE_COLLECTION: collection } = demo.scenarioEnv;
  const headers = {
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    accept: 'application/taxii+json;version=2.1',
    'content-type': 'application/taxii+json;version=2.1',
  };
  const taxii = async (path, init = {}) => {
    const response = await fetch(`${apiRoot}${path}`, { headers, ...init });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };
  const objectId = `indicator--${randomUUID()}`;
  const indicator = {
    type: 'indicator',
    spec_version: '2.1',
    id: objectId,
    created: VERSION,
    modified: VERSION,
    name: 'Docs sample probe',
    pattern: "[ipv4-addr:value = '198.51.100.9']",
    pattern_type: 'stix',
    valid_from: VERSION,
  };
  const added = await taxii(`/collections/${collection}/objects/`, { method: 'POST', body: JSON.stringify({ objects: [indicator] }) });
  if (added.status !== 202) throw new Error(`could not add the samples' object: ${added.status}`);
  const root = (await taxii('/')).body;
  const env = {
    ...process.env,
    TAXII_SERVER: origin,
    TAXII_API_ROOT: apiRoot,
    TAXII_USER: user,
    TAXII_PASSWORD: password,
    TAXII_COLLECTION: collection,
    TAXII_OBJECT_ID: objectId,
    TAXII_STATUS_ID: added.body.id,
  };
  const exists = async (id) => (await taxii(`/collections/${collection}/objects/${id}/`)).status === 200;

  /** What each program must have done; `output` is what it printed. */
  const did = {
    getDiscovery: (output) => output.includes(new URL(`${apiRoot}/`).pathname) || `no API root in ${output}`,
    getApiRoot: (output) => output.includes(root.title) || `no title "${root.title}"`,
    getCollections: (output) => output.includes(collection) || `no collection ${collection}`,
    getCollection: (output) => output.includes(collection) || `no collection ${collection}`,
    getManifest: (output) => output.includes(objectId) || `no record of ${objectId}`,
    getObjects: (output) => output.includes(objectId) || `no ${objectId}`,
    getObject: (output) => output.includes(objectId) || `no ${objectId}`,
    getObjectVersions: (output) => new RegExp(`${VERSION.slice(0, 19)}\\.678`).test(output) || `no version ${VERSION}`,
    addObjects: async () => (await exists(SAMPLE_ADDED_ID)) || `${SAMPLE_ADDED_ID} is not in the collection`,
    getStatus: (output) => output.includes('complete') || 'no status "complete"',
    deleteObject: async () => !(await exists(objectId)) || `${objectId} is still in the collection`,
  };

  await recipe.samples.build(ctx);
  for (const op of SAMPLE_OPERATIONS) {
    const [command, args, extraEnv = {}] = await recipe.samples.command(ctx, op);
    const { output } = await ctx.run(command, args, { cwd: ctx.out, env: { ...env, ...extraEnv }, timeoutSeconds: 120 });
    const verdict = await did[op](output);
    if (verdict !== true) throw new Error(`the ${op} sample ran, but: ${verdict}`);
  }
}
