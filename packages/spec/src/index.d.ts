export { TAXII_MEDIA_TYPE } from './media-types.js';

/** Absolute paths of the published forms of the TAXII 2.1 description. */
export declare const specPaths: Readonly<{
  yaml: string;
  json: string;
  dereferencedJson: string;
}>;

/** Absolute paths of the variants (YAML) for generators that cannot handle one feature of the
 * description: see README.md. */
export declare const variantPaths: Readonly<{
  apiRoot: string;
  discovery: string;
  flatMatch: string;
  server: string;
  openapi30: Readonly<{ combined: string; apiRoot: string; discovery: string; flatMatch: string; server: string }>;
}>;

/** A parsed OpenAPI 3.1 document. */
export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  servers?: Array<Record<string, unknown>>;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

/** The bundled description: one document, internal `$ref`s kept. Parsed afresh on each call. */
export declare function loadSpec(): OpenApiDocument;

/** The fully dereferenced description. Parsed afresh on each call. */
export declare function loadDereferencedSpec(): OpenApiDocument;

/**
 * The bundled description as request and response validators need it: envelope items checked as
 * OtherStixObject (which accepts exactly what the typed union accepts), and the component schemas
 * nothing then refers to left out. Parsed afresh on each call.
 */
export declare function loadValidationSpec(): OpenApiDocument;

/** One response the description declares, with JSON pointers (`#/…`) into the document it was read from. */
export type DescribedResponse = {
  operationId: string;
  status: number;
  /** The schema of the body in the media type asked for; null when the response has none. */
  body: string | null;
  headers: Array<{ name: string; schema: string }>;
};

/**
 * Every response of `spec`, with pointers to its body and header schemas (shared responses and
 * headers followed). Add `spec` to a validator once and compile each pointer, so that schemas
 * many responses share are compiled once.
 */
export declare function describedResponses(spec: OpenApiDocument, mediaType: string): DescribedResponse[];
