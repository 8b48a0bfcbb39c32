// swagger-typescript-api (fetch client): one module from the flat-match variant (it writes an
// object-valued query parameter as `match=[object Object]`, so the filters must be plain
// `match[type]` and so on) and one from the discovery variant. Settings: each client's baseUrl;
// in `baseApiParams` the credentials and `format: 'json'` (it parses only `application/json`
// answers by itself, and leaves `data` null for `application/taxii+json`); and a `customFetch`
// that puts the TAXII media type on bodies, which it sends as `application/json` whatever the
// description says, over any header given with the call.
import { Api as DiscoveryApi } from './discovery.js';
import { Api, type AddObjectsEnvelope, type Indicator, type Malware, type Relationship } from './root.js';
import { basicAuthorization, bearerAuthorization, env, runScenario, stixOf } from './scenario.js';

const TAXII = 'application/taxii+json;version=2.1';
const baseApiParams = { headers: { Authorization: basicAuthorization(), Accept: TAXII }, format: 'json' as const };
const customFetch: typeof fetch = (url, init) =>
  fetch(url, init?.body ? { ...init, headers: { ...(init.headers as Record<string, string>), 'Content-Type': TAXII } } : init);
const root = new Api({ baseUrl: env('TAXII_API_ROOT'), baseApiParams, customFetch });
const origin = new DiscoveryApi({ baseUrl: env('TAXII_ORIGIN'), baseApiParams });
const read = env('TAXII_READ_COLLECTION');
const write = env('TAXII_WRITE_COLLECTION');

await runScenario({
  discovery: async () => (await origin.taxii2.getDiscovery()).data,
  collections: async () => (await root.collections.getCollections()).data,
  objects: async ({ type, limit, next }) => (await root.collections.getObjects(read, { 'match[type]': type, limit, next })).data,
  object: async (collectionId, objectId) => (await root.collections.getObject(collectionId, objectId)).data,
  add: async (envelope) => (await root.collections.addObjects(write, envelope as AddObjectsEnvelope)).data,
  status: async (statusId) => (await root.status.getStatus(statusId)).data,
  versions: async (objectId) => (await root.collections.getObjectVersions(write, objectId)).data,
  // 200 without a body: read as text, since JSON parsing of nothing fails.
  remove: async (objectId) => root.collections.deleteObject(write, objectId, {}, { format: 'text' }),
  // Every answer that is not 2xx is thrown, as the response itself.
  isGone: async (objectId) =>
    root.collections.getObject(write, objectId).then(
      () => false,
      (answer: Response) => answer.status === 404,
    ),
  typed: async (indicatorId) => {
    const first = async (type: string) => (await root.collections.getObjects(read, { 'match[type]': type, limit: 1 })).data.objects?.[0];
    const added = (await root.collections.getObject(write, indicatorId)).data.objects?.[0];
    return {
      malwareName: stixOf<Malware>(await first('malware'), 'malware')?.name,
      relationshipType: stixOf<Relationship>(await first('relationship'), 'relationship')?.relationship_type,
      pattern: stixOf<Indicator>(added, 'indicator')?.pattern,
    };
  },
  // Its envelope items are the answer's JSON under the generated types: writing one out again is
  // JSON.stringify, which keeps whatever the answer held.
  reserialise: async (collectionId, objectId) => JSON.parse(JSON.stringify((await root.collections.getObject(collectionId, objectId)).data.objects?.[0])),
  // Its own way: every operation of a secured description is `secure`, so a client's securityWorker
  // gives each request its credentials, from the data set with setSecurityData.
  collectionsWithToken: async (token) => {
    const client = new Api<string>({
      baseUrl: env('TAXII_API_ROOT'),
      baseApiParams: { headers: { Accept: TAXII }, format: 'json' },
      securityWorker: (data) => (data ? { headers: { Authorization: bearerAuthorization(data) } } : {}),
    });
    client.setSecurityData(token);
    return (await client.collections.getCollections()).data;
  },
});
