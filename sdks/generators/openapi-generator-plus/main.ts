// openapi-generator-plus with its typescript-fetch-client template: one client from the OpenAPI
// 3.0 form of the API-root variant and one from the 3.0 discovery variant. Settings: each
// Configuration's basePath, username and password; the media types come from the description.
// A non-2xx answer is thrown as the Response itself.
import { DiscoveryApi } from './discovery/api';
import { Configuration as DiscoveryConfiguration } from './discovery/configuration';
import { CollectionsApi, ObjectsApi, StatusApi } from './root/api';
import { Configuration } from './root/configuration';
import type { Api } from './root/models';
import { env, runScenario, stixOf } from './scenario';

const credentials = { username: env('TAXII_USER'), password: env('TAXII_PASSWORD') };
const root = new Configuration({ basePath: env('TAXII_API_ROOT'), ...credentials });
const discovery = new DiscoveryApi(new DiscoveryConfiguration({ basePath: env('TAXII_ORIGIN'), ...credentials }));
const collections = new CollectionsApi(root);
const objects = new ObjectsApi(root);
const statuses = new StatusApi(root);
const read = env('TAXII_READ_COLLECTION');
const write = env('TAXII_WRITE_COLLECTION');

void runScenario({
  discovery: () => discovery.getDiscovery(),
  collections: () => collections.getCollections(),
  objects: ({ type, limit, next }) => objects.getObjects(read, undefined, limit, next, { type }),
  object: (collectionId, objectId) => objects.getObject(collectionId, objectId, undefined, undefined, undefined, undefined),
  add: (envelope) => objects.addObjects(write, envelope as unknown as Api.AddObjectsEnvelope),
  status: (statusId) => statuses.getStatus(statusId),
  versions: (objectId) => objects.getObjectVersions(write, objectId, undefined, undefined, undefined, undefined),
  remove: (objectId) => objects.deleteObject(write, objectId, undefined),
  isGone: (objectId) =>
    objects.getObject(write, objectId, undefined, undefined, undefined, undefined).then(
      () => false,
      (answer: unknown) => answer instanceof Response && answer.status === 404,
    ),
  typed: async (indicatorId) => {
    const first = async (type: string) => (await objects.getObjects(read, undefined, 1, undefined, { type })).objects?.[0];
    const added = (await objects.getObject(write, indicatorId, undefined, undefined, undefined, undefined)).objects?.[0];
    return {
      malwareName: stixOf<Api.Malware>(await first('malware'), 'malware')?.name,
      relationshipType: stixOf<Api.Relationship>(await first('relationship'), 'relationship')?.relationship_type,
      pattern: stixOf<Api.Indicator>(added, 'indicator')?.pattern,
    };
  },
  // Its envelope items are the answer's JSON under the generated types: writing one out again is
  // JSON.stringify, which keeps whatever the answer held.
  reserialise: async (collectionId, objectId) =>
    JSON.parse(JSON.stringify((await objects.getObject(collectionId, objectId, undefined, undefined, undefined, undefined)).objects?.[0])),
  // Its own way: a Configuration's accessToken is sent for the description's bearer scheme.
  collectionsWithToken: (token) => new CollectionsApi(new Configuration({ basePath: env('TAXII_API_ROOT'), accessToken: token })).getCollections(),
});
