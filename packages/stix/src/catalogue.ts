// Which STIX 2.1 types the description defines, read from the description itself (the
// discriminator of KnownStixObject), so that a type added there is known here without an edit.
import { loadSpec, type OpenApiDocument } from '@taxii21/spec';

export type StixCategory = 'domain' | 'relationship' | 'cyber-observable' | 'meta';

export type KnownType = {
  /** The component that describes the type, such as `Indicator`. */
  schema: string;
  category: StixCategory;
  /** Every property the type's schema defines (its own and its common parts'); any other is a custom property. */
  properties: ReadonlySet<string>;
  /** The STIX 2.1 section that defines the type, such as `§4.7`, as the schema's description cites it. */
  section?: string;
};

type Schema = {
  $ref?: string;
  description?: string;
  allOf?: Schema[];
  properties?: Record<string, unknown>;
  discriminator?: { mapping?: Record<string, string> };
};

/** The property names a schema defines, through its `allOf` parts and the components they refer to. */
function propertyNames(schema: Schema | undefined, schemas: Record<string, Schema>, into = new Set<string>()): Set<string> {
  if (!schema) return into;
  if (schema.$ref) return propertyNames(schemas[schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1)], schemas, into);
  for (const name of Object.keys(schema.properties ?? {})) into.add(name);
  for (const part of schema.allOf ?? []) propertyNames(part, schemas, into);
  return into;
}

const RELATIONSHIPS = new Set(['relationship', 'sighting']);
const META = new Set(['language-content', 'marking-definition', 'extension-definition']);

export function readCatalogue(spec: OpenApiDocument = loadSpec()): ReadonlyMap<string, KnownType> {
  const schemas = spec.components.schemas as Record<string, Schema>;
  const mapping = schemas.KnownStixObject?.discriminator?.mapping;
  if (!mapping) throw new Error('the description has no KnownStixObject discriminator mapping');
  const catalogue = new Map<string, KnownType>();
  for (const [type, ref] of Object.entries(mapping)) {
    const schema = ref.slice(ref.lastIndexOf('/') + 1);
    const observable = (schemas[schema]?.allOf ?? []).some((part) => part.$ref?.endsWith('/StixCyberObservableCommonProperties'));
    const category: StixCategory = observable ? 'cyber-observable' : RELATIONSHIPS.has(type) ? 'relationship' : META.has(type) ? 'meta' : 'domain';
    const section = /§\d+(?:\.\d+)*/.exec(schemas[schema]?.description ?? '')?.[0];
    catalogue.set(type, { schema, category, properties: propertyNames(schemas[schema], schemas), ...(section && { section }) });
  }
  return catalogue;
}
