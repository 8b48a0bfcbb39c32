// openapi-generator's typescript-fetch client: one from the API-root variant (its runtime writes
// the deepObject `match` as `match[type]=…`) and one from the discovery variant. Settings: each
// Configuration's basePath, username and password; the media types come from the description.
// modelPropertyNaming=original: its models keep the standard's property names (`api_roots`).
import { Configuration as DiscoveryConfiguration, DiscoveryApi } from './discovery/index.js';
import {
  CollectionsApi,
  Configuration,
  EnvelopeToJSON,
  ObjectsApi,
  ResponseError,
  StatusApi,
  type AddObjectsEnvelope,
  type Indicator,
  type Malware,
  type Relationship,
} from './root/index.js';
import { env, runScenario, stixOf } from './scenario.js';

const credentials = { username: env('TAXII_USER'), password: env('TAXII_PASSWORD') };
const root = new Configuration({ basePath: env('TAXII_API_ROOT'), ...credentials });
const discovery = new DiscoveryApi(new DiscoveryConfiguration({ basePath: env('TAXII_ORIGIN'), ...credentials }));
const collections = new CollectionsApi(root);
const objects = new ObjectsApi(root);
const statuses = new StatusApi(root);
const read = env('TAXII_READ_COLLECTION');
const write = env('TAXII_WRITE_COLLECTION');

await runScenario({
  discovery: async () => ({ api_roots: (await discovery.getDiscovery()).api_roots }),
  collections: () => collections.getCollections(),
  objects: ({ type, limit, next }) => objects.getObjects({ collectionId: read, match: { type }, limit, next }),
  object: (collectionId, objectId) => objects.getObject({ collectionId, objectId }),
  add: (envelope) => objects.addObjects({ collectionId: write, addObjectsEnvelope: envelope as unknown as AddObjectsEnvelope }),
  status: async (statusId) => {
    const status = await statuses.getStatus({ statusId });
    return { status: status.status, success_count: status.success_count };
  },
  versions: (objectId) => objects.getObjectVersions({ collectionId: write, objectId }),
  remove: (objectId) => objects.deleteObject({ collectionId: write, objectId }),
  isGone: (objectId) =>
    objects.getObject({ collectionId: write, objectId }).then(
      () => false,
      (error: unknown) => error instanceof ResponseError && error.response.status === 404,
    ),
  typed: async (indicatorId) => {
    const first = async (type: string) => (await objects.getObjects({ collectionId: read, match: { type }, limit: 1 })).objects?.[0];
    const added = (await objects.getObject({ collectionId: write, objectId: indicatorId })).objects?.[0];
    return {
      malwareName: stixOf<Malware>(await first('malware'), 'malware')?.name,
      relationshipType: stixOf<Relationship>(await first('relationship'), 'relationship')?.relationship_type,
      pattern: stixOf<Indicator>(added, 'indicator')?.pattern,
    };
  },
  // Its models map the answer's JSON to classes (FromJSON) and back (ToJSON), which its
  // runtime then writes with JSON.stringify.
  reserialise: async (collectionId, objectId) => JSON.parse(JSON.stringify(EnvelopeToJSON(await objects.getObject({ collectionId, objectId })).objects?.[0])),
  // Its own way: a Configuration's accessToken is sent for the description's bearer scheme.
  collectionsWithToken: (token) => new CollectionsApi(new Configuration({ basePath: env('TAXII_API_ROOT'), accessToken: token })).getCollections(),
});
