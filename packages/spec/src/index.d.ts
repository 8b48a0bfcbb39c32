/** Absolute paths of the published forms of the TAXII 2.1 description. */
export declare const specPaths: Readonly<{
  yaml: string;
  json: string;
  dereferencedJson: string;
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
