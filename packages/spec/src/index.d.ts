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
  openapi30: Readonly<{ combined: string; apiRoot: string; discovery: string; flatMatch: string }>;
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
