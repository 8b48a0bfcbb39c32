// @hey-api/openapi-ts (its fetch client): one SDK from the API-root variant (deepObject `match`
// serialised by its client) and one from the discovery variant. Settings: each client's baseUrl,
// `auth` with "user:password" for the Basic scheme only (it encodes Basic itself), and the TAXII media type in Accept;
// addObjects already sends the description's TAXII Content-Type.
import { client as discoveryClient } from './discovery/client.gen.js';
import { getDiscovery } from './discovery/sdk.gen.js';
import { createClient, createConfig } from './root/client/index.js';
import { client as rootClient } from './root/client.gen.js';
import { addObjects, deleteObject, getCollections, getObject, getObjects, getObjectVersions, getStatus } from './root/sdk.gen.js';
import type { AddObjectsEnvelope, Indicator, Malware, Relationship } from './root/types.gen.js';
import { env, runScenario, stixOf } from './scenario.js';

const TAXII = 'application/taxii+json;version=2.1';
// `auth` is asked once for each scheme an operation lists (Basic, then Bearer) and every answer is
// sent: it must answer for Basic alone, or the bearer scheme overwrites Basic with `Bearer user:password`.
const settings = {
  auth: (scheme: { scheme?: string }) => (scheme.scheme === 'basic' ? `${env('TAXII_USER')}:${env('TAXII_PASSWORD')}` : undefined),
  headers: { Accept: TAXII },
};
rootClient.setConfig({ baseUrl: env('TAXII_API_ROOT'), ...settings });
discoveryClient.setConfig({ baseUrl: env('TAXII_ORIGIN'), ...settings });
const read = env('TAXII_READ_COLLECTION');
const write = env('TAXII_WRITE_COLLECTION');

function data<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (!answer.response.ok || answer.data === undefined) throw new Error(`HTTP ${answer.response.status}: ${JSON.stringify(answer.error)}`);
  return answer.data;
}

await runScenario({
  discovery: async () => data(await getDiscovery()),
  collections: async () => data(await getCollections()),
  objects: async ({ type, limit, next }) => data(await getObjects({ path: { collectionId: read }, query: { match: { type }, limit, next } })),
  object: async (collectionId, objectId) => data(await getObject({ path: { collectionId, objectId } })),
  add: async (envelope) => data(await addObjects({ path: { collectionId: write }, body: envelope as AddObjectsEnvelope })),
  status: async (statusId) => data(await getStatus({ path: { statusId } })),
  versions: async (objectId) => data(await getObjectVersions({ path: { collectionId: write, objectId } })),
  remove: async (objectId) => {
    const { response } = await deleteObject({ path: { collectionId: write, objectId } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  },
  isGone: async (objectId) => (await getObject({ path: { collectionId: write, objectId } })).response.status === 404,
  typed: async (indicatorId) => {
    const first = async (type: string) => data(await getObjects({ path: { collectionId: read }, query: { match: { type }, limit: 1 } })).objects?.[0];
    const added = data(await getObject({ path: { collectionId: write, objectId: indicatorId } })).objects?.[0];
    return {
      malwareName: stixOf<Malware>(await first('malware'), 'malware')?.name,
      relationshipType: stixOf<Relationship>(await first('relationship'), 'relationship')?.relationship_type,
      pattern: stixOf<Indicator>(added, 'indicator')?.pattern,
    };
  },
  // Its envelope items are the answer's JSON under the generated types: writing one out again is
  // JSON.stringify, which keeps whatever the answer held.
  reserialise: async (collectionId, objectId) => JSON.parse(JSON.stringify(data(await getObject({ path: { collectionId, objectId } })).objects?.[0])),
  // Its own way: each operation lists the description's schemes, and `auth` is asked for each in
  // turn; answering only for the bearer scheme makes the client send `Authorization: Bearer`.
  collectionsWithToken: async (token) => {
    const client = createClient(
      createConfig({ baseUrl: env('TAXII_API_ROOT'), headers: { Accept: TAXII }, auth: (scheme) => (scheme.scheme === 'bearer' ? token : undefined) }),
    );
    return data(await getCollections({ client }));
  },
});
