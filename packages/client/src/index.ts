export { TaxiiClient, ApiRootClient, type TaxiiClientOptions, type CallOptions } from './client.js';
export { TaxiiResponseError, type ErrorResource } from './errors.js';
export { RequestTimeoutError, ResponseTooLargeError, TAXII_MEDIA_TYPE, type FetchLike, type TransportOptions } from './transport.js';
export { PageReader, PagingError, type Page } from './paging.js';
export { MAX_REDIRECTS, RedirectError } from './redirects.js';
export { splitIntoEnvelopes, type AddObjectsOptions, type AddProgress, type AddReport, type WaitOptions } from './add-objects.js';
export type { RetryPolicy } from './backoff.js';
export type { BasicCredentials, Credentials, TokenCredentials } from './credentials.js';
export type { FilterValue, ObjectsQuery, ManifestQuery, ObjectQuery, DeleteQuery, VersionsQuery } from './query.js';
export type * from '@taxii21/types';
// The guard alone, not the validator: it imports types only, so the entry stays browser-safe.
export { isStixType } from '@taxii21/stix/guards';
