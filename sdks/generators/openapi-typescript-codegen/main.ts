// openapi-typescript-codegen (fetch client): one client from the OpenAPI 3.0 form of the API-root
// variant (it writes object-valued query parameters as `match[type]=…` itself) and one from the
// 3.0 discovery variant, each with its own `OpenAPI` settings object. Settings: BASE, USERNAME and
// PASSWORD, and the TAXII media type in Accept (it sends `Accept: application/json` otherwise).
import { OpenAPI as DiscoverySettings, DiscoveryService } from './discovery/index.js';
import {
  ApiError,
  CollectionsService,
  ObjectsService,
  OpenAPI,
  StatusService,
  type AddObjectsEnvelope,
  type Indicator,
  type Malware,
  type Relationship,
} from './root/index.js';
import { env, runScenario, stixOf } from './scenario.js';

const TAXII = 'application/taxii+json;version=2.1';
for (const [settings, base] of [
  [OpenAPI, env('TAXII_API_ROOT')],
  [DiscoverySettings, env('TAXII_ORIGIN')],
] as const) {
  settings.BASE = base;
  settings.USERNAME = env('TAXII_USER');
  settings.PASSWORD = env('TAXII_PASSWORD');
  settings.HEADERS = { Accept: TAXII };
}
const read = env('TAXII_READ_COLLECTION');
const write = env('TAXII_WRITE_COLLECTION');

void runScenario({
  discovery: () => DiscoveryService.getDiscovery(),
  collections: () => CollectionsService.getCollections(),
  objects: ({ type, limit, next }) => ObjectsService.getObjects(read, undefined, limit, next, { type }),
  object: (collectionId, objectId) => ObjectsService.getObject(collectionId, objectId),
  // It types the status resource as Record<string, any> (it does not read the Status schema).
  add: async (envelope) => (await ObjectsService.addObjects(write, envelope as AddObjectsEnvelope)) as { id: string },
  status: async (statusId) => (await StatusService.getStatus(statusId)) as { status: string; success_count: number },
  versions: (objectId) => ObjectsService.getObjectVersions(write, objectId),
  remove: (objectId) => ObjectsService.deleteObject(write, objectId),
  isGone: (objectId) =>
    ObjectsService.getObject(write, objectId).then(
      () => false,
      (error: unknown) => error instanceof ApiError && error.status === 404,
    ),
  typed: async (indicatorId) => {
    const first = async (type: string) => (await ObjectsService.getObjects(read, undefined, 1, undefined, { type })).objects?.[0];
    const added = (await ObjectsService.getObject(write, indicatorId)).objects?.[0];
    return {
      malwareName: stixOf<Malware>(await first('malware'), 'malware')?.name as string | undefined,
      relationshipType: stixOf<Relationship>(await first('relationship'), 'relationship')?.relationship_type as string | undefined,
      pattern: stixOf<Indicator>(added, 'indicator')?.pattern as string | undefined,
    };
  },
  // Its envelope items are the answer's JSON under the generated types: writing one out again is
  // JSON.stringify, which keeps whatever the answer held.
  reserialise: async (collectionId, objectId) => JSON.parse(JSON.stringify((await ObjectsService.getObject(collectionId, objectId)).objects?.[0])),
  // Its own way: OpenAPI.TOKEN is sent as a bearer token (and must stand alone: with USERNAME set,
  // Basic would be sent too).
  collectionsWithToken: async (token) => {
    const saved = { TOKEN: OpenAPI.TOKEN, USERNAME: OpenAPI.USERNAME, PASSWORD: OpenAPI.PASSWORD };
    Object.assign(OpenAPI, { TOKEN: token, USERNAME: undefined, PASSWORD: undefined });
    try {
      return await CollectionsService.getCollections();
    } finally {
      Object.assign(OpenAPI, saved);
    }
  },
});
