// Compile-time checks of the generated contract: `tsc --noEmit` fails if the generated types
// stop expressing what the description says. Each `@ts-expect-error` line must stay an error.
import type { ApiRoot, Envelope, OperationId, QueryOf, Status, operations, paths } from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_proof?: T) => undefined;

// All 11 operations, named as the standard's table names them (SRV-GEN-01).
assert<
  Equal<
    OperationId,
    | 'getDiscovery'
    | 'getApiRoot'
    | 'getStatus'
    | 'getCollections'
    | 'getCollection'
    | 'getManifest'
    | 'getObjects'
    | 'addObjects'
    | 'getObject'
    | 'deleteObject'
    | 'getObjectVersions'
  >
>();

// API-root-relative paths, each ending in a slash (SRV-GEN-03).
assert<
  Equal<
    keyof paths,
    | '/taxii2/'
    | '/'
    | '/status/{statusId}/'
    | '/collections/'
    | '/collections/{collectionId}/'
    | '/collections/{collectionId}/manifest/'
    | '/collections/{collectionId}/objects/'
    | '/collections/{collectionId}/objects/{objectId}/'
    | '/collections/{collectionId}/objects/{objectId}/versions/'
  >
>();

// match filters are typed per operation (SRV-FLT-05 to SRV-FLT-08).
assert<Equal<keyof NonNullable<QueryOf<'getObjects'>['match']>, 'id' | 'type' | 'version' | 'spec_version'>>();
assert<Equal<keyof NonNullable<QueryOf<'getObject'>['match']>, 'version' | 'spec_version'>>();
assert<Equal<keyof NonNullable<QueryOf<'getObjectVersions'>['match']>, 'spec_version'>>();
assert<Equal<keyof QueryOf<'getManifest'>, 'added_after' | 'limit' | 'next' | 'match'>>();

export const objectsQuery: QueryOf<'getObjects'> = { limit: 50, match: { type: 'malware,intrusion-set', version: 'all' } };
// @ts-expect-error match[type] is not a filter of getObject
export const objectQuery: QueryOf<'getObject'> = { match: { type: 'malware' } };
// @ts-expect-error limit is a number
export const badLimit: QueryOf<'getObjects'> = { limit: '10' };

// Required resource properties (SRV-RES-01).
export const apiRoot: ApiRoot = { title: 'Feeds', versions: ['application/taxii+json;version=2.1'], max_content_length: 1024 };
// @ts-expect-error max_content_length is required
export const apiRootWithoutLimit: ApiRoot = { title: 'Feeds', versions: [] };
export const status: Status['status'] = 'complete';
// @ts-expect-error status is complete or pending
export const badStatus: Status['status'] = 'done';

// STIX objects keep custom properties (open schema).
export const envelope: Envelope = {
  more: false,
  objects: [{ type: 'x-mitre-tactic', id: 'x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a', x_mitre_shortname: 'impact' }],
};

// Paged responses declare the date-added headers (SRV-GEN-04); 401 declares WWW-Authenticate.
type ObjectsOk = operations['getObjects']['responses'][200];
assert<Equal<'X-TAXII-Date-Added-First' extends keyof ObjectsOk['headers'] ? true : false, true>>();
type Unauthorized = operations['getObjects']['responses'][401];
assert<Equal<'WWW-Authenticate' extends keyof Unauthorized['headers'] ? true : false, true>>();

// addObjects takes both TAXII media types (SRV-MT-03); deleteObject answers 200 with no body.
type AddBody = NonNullable<operations['addObjects']['requestBody']>['content'];
assert<Equal<keyof AddBody, 'application/taxii+json;version=2.1' | 'application/taxii+json'>>();
assert<Equal<operations['deleteObject']['responses'][200]['content'], undefined>>();
