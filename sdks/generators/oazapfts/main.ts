// oazapfts: one module from the API-root variant (its runtime serialises the deepObject `match`
// itself) and one from the discovery variant. Settings: each module's `defaults.baseUrl`, and the
// TAXII media type and credentials as headers on every call: its runtime puts
// `Accept: application/json` on each request and `Content-Type: application/json` on each body,
// which only a call's own headers override (`defaults.headers` do not).
import * as discovery from './discovery.js';
import * as root from './root.js';
import { basicAuthorization, bearerAuthorization, env, runScenario, stixOf } from './scenario.js';

const TAXII = 'application/taxii+json;version=2.1';
const opts = { headers: { Accept: TAXII, 'Content-Type': TAXII, Authorization: basicAuthorization() } };
root.defaults.baseUrl = env('TAXII_API_ROOT');
discovery.defaults.baseUrl = env('TAXII_ORIGIN');
const read = env('TAXII_READ_COLLECTION');
const write = env('TAXII_WRITE_COLLECTION');

function data<T>(answer: { status: number; data?: unknown }, wanted: number): T {
  if (answer.status !== wanted) throw new Error(`HTTP ${answer.status}: ${JSON.stringify(answer.data)}`);
  return answer.data as T;
}

await runScenario({
  discovery: async () => data<discovery.Discovery>(await discovery.getDiscovery(opts), 200),
  collections: async () => data<root.Collections>(await root.getCollections(opts), 200),
  objects: async ({ type, limit, next }) => data<root.Envelope>(await root.getObjects(read, { match: { type }, limit, next }, opts), 200),
  object: async (collectionId, objectId) => data<root.Envelope>(await root.getObject(collectionId, objectId, {}, opts), 200),
  add: async (envelope) => data<root.Status>(await root.addObjects(write, envelope as root.EnvelopeToAdd, opts), 202),
  status: async (statusId) => data<root.Status>(await root.getStatus(statusId, opts), 200),
  versions: async (objectId) => data<root.Versions>(await root.getObjectVersions(write, objectId, {}, opts), 200),
  remove: async (objectId) => data<unknown>(await root.deleteObject(write, objectId, {}, opts), 200),
  isGone: async (objectId) => (await root.getObject(write, objectId, {}, opts)).status === 404,
  typed: async (indicatorId) => {
    const first = async (type: string) => data<root.Envelope>(await root.getObjects(read, { match: { type }, limit: 1 }, opts), 200).objects?.[0];
    const added = data<root.Envelope>(await root.getObject(write, indicatorId, {}, opts), 200).objects?.[0];
    return {
      malwareName: stixOf<root.Malware>(await first('malware'), 'malware')?.name,
      relationshipType: stixOf<root.Relationship>(await first('relationship'), 'relationship')?.relationship_type,
      pattern: stixOf<root.Indicator>(added, 'indicator')?.pattern,
    };
  },
  // Its envelope items are the answer's JSON under the generated types: writing one out again is
  // JSON.stringify, which keeps whatever the answer held.
  reserialise: async (collectionId, objectId) =>
    JSON.parse(JSON.stringify(data<root.Envelope>(await root.getObject(collectionId, objectId, {}, opts), 200).objects?.[0])),
  // oazapfts has no notion of credentials: the token is a header of the call.
  collectionsWithToken: async (token) =>
    data<root.Collections>(await root.getCollections({ headers: { ...opts.headers, Authorization: bearerAuthorization(token) } }), 200),
});
