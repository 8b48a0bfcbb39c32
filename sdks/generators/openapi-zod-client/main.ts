// openapi-zod-client (a Zodios client on axios, zod schemas checking every answer): one client from
// the OpenAPI 3.0 form of the API-root variant (axios writes the `match` object as `match[type]=…`)
// and one from the 3.0 discovery variant. Settings: generate with
// `--media-type-expr "mediaType.startsWith('application/taxii+json')"`, or it reads only
// `application/json` content and types every answer as void; and the credentials and the TAXII
// media type in Accept and Content-Type as axios headers (axios sends JSON as application/json).
import { isAxiosError } from 'axios';
import { createApiClient as createDiscoveryClient } from './discovery.js';
import type { z } from 'zod';
import { createApiClient, type schemas } from './root.js';
import { basicAuthorization, bearerAuthorization, env, runScenario, stixOf } from './scenario.js';

const TAXII = 'application/taxii+json;version=2.1';
const axiosConfig = { headers: { Authorization: basicAuthorization(), Accept: TAXII, 'Content-Type': TAXII } };
const root = createApiClient(env('TAXII_API_ROOT'), { axiosConfig });
const origin = createDiscoveryClient(env('TAXII_ORIGIN'), { axiosConfig });
const read = env('TAXII_READ_COLLECTION');
const write = env('TAXII_WRITE_COLLECTION');

await runScenario({
  discovery: () => origin.getDiscovery(),
  collections: () => root.getCollections(),
  objects: ({ type, limit, next }) => root.getObjects({ params: { collectionId: read }, queries: { match: { type }, limit, next } }),
  object: (collectionId, objectId) => root.getObject({ params: { collectionId, objectId } }),
  add: (envelope) => root.addObjects(envelope as Parameters<typeof root.addObjects>[0], { params: { collectionId: write } }),
  status: (statusId) => root.getStatus({ params: { statusId } }),
  versions: (objectId) => root.getObjectVersions({ params: { collectionId: write, objectId } }),
  remove: (objectId) => root.deleteObject(undefined, { params: { collectionId: write, objectId } }),
  isGone: (objectId) =>
    root.getObject({ params: { collectionId: write, objectId } }).then(
      () => false,
      (error: unknown) => isAxiosError(error) && error.response?.status === 404,
    ),
  typed: async (indicatorId) => {
    const first = async (type: string) => (await root.getObjects({ params: { collectionId: read }, queries: { match: { type }, limit: 1 } })).objects?.[0];
    const added = (await root.getObject({ params: { collectionId: write, objectId: indicatorId } })).objects?.[0];
    return {
      malwareName: stixOf<z.infer<typeof schemas.Malware>>(await first('malware'), 'malware')?.name,
      relationshipType: stixOf<z.infer<typeof schemas.Relationship>>(await first('relationship'), 'relationship')?.relationship_type,
      pattern: stixOf<z.infer<typeof schemas.Indicator>>(added, 'indicator')?.pattern,
    };
  },
  // Answers are parsed by the generated zod schemas: the item is what they let through.
  reserialise: async (collectionId, objectId) => JSON.parse(JSON.stringify((await root.getObject({ params: { collectionId, objectId } })).objects?.[0])),
  // Zodios on axios has no notion of credentials: the token is an axios header of a client of its own.
  collectionsWithToken: (token) =>
    createApiClient(env('TAXII_API_ROOT'), {
      axiosConfig: { headers: { ...axiosConfig.headers, Authorization: bearerAuthorization(token) } },
    }).getCollections(),
});
