// The contract lives in ./generated/taxii21.d.ts (openapi-typescript output, never edited by hand).
// These aliases only give its resource schemas short names.
import type { components, operations, paths } from './generated/taxii21.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

export type Discovery = Schemas['Discovery'];
export type ApiRoot = Schemas['ApiRoot'];
export type Collections = Schemas['Collections'];
export type Collection = Schemas['Collection'];
export type Manifest = Schemas['Manifest'];
export type ManifestRecord = Schemas['ManifestRecord'];
export type Envelope = Schemas['Envelope'];
export type AddObjectsEnvelope = Schemas['AddObjectsEnvelope'];
export type StixObject = Schemas['StixObject'];
export type Status = Schemas['Status'];
export type StatusDetails = Schemas['StatusDetails'];
export type Versions = Schemas['Versions'];
export type TaxiiError = Schemas['ErrorMessage'];
export type TaxiiTimestamp = Schemas['TaxiiTimestamp'];
export type StixTimestamp = Schemas['StixTimestamp'];
export type ApiRootUrl = Schemas['ApiRootUrl'];

/** The operationIds of TAXII 2.1, one per endpoint. */
export type OperationId = keyof operations;

/** The query parameters an operation accepts, `match` filters included. */
export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

/** The media type of every TAXII 2.1 response body. */
export type TaxiiMediaType = 'application/taxii+json;version=2.1';
