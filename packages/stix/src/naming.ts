// Names that STIX 2.1 lets producers choose, and how it constrains them: custom properties
// (§11.1.1), custom object types and their properties (§11.2.1), extension objects and
// properties (§7.3.2). All: ASCII, lowercase letters, digits and `_` (property) or `-` (type,
// never two in a row), 3 to 250 characters.
type StixRecord = Record<string, unknown>;

const PROPERTY_NAME = /^[a-z0-9_]{3,250}$/;
/** The common properties (§3.2) a custom object carries under their own names, `id` among them. */
const COMMON = new Set([
  'type',
  'spec_version',
  'id',
  'created',
  'modified',
  'created_by_ref',
  'revoked',
  'labels',
  'confidence',
  'lang',
  'external_references',
  'object_marking_refs',
  'granular_markings',
  'extensions',
  'defanged',
]);
const TYPE_NAME = /^(?!.*--)[a-z0-9-]{3,250}$/;

/** Whether `type` is a name STIX 2.1 allows for an object type it does not define. */
export const isTypeName = (type: string) => TYPE_NAME.test(type);

/** The properties of `o` its type does not define, each of which must be a valid custom property name. */
export function customPropertyProblems(o: StixRecord, defined: ReadonlySet<string>): string[] {
  return Object.keys(o)
    .filter((key) => !defined.has(key) && !PROPERTY_NAME.test(key))
    .map((key) => `custom property "${key}" must be 3 to 250 characters of a-z, 0-9 and _ (§11.1.1)`);
}

/** A custom or extension object of STIX 2.1: its type name, and every property name. */
export function customObjectProblems(o: StixRecord): string[] {
  const problems =
    typeof o.type === 'string' && !isTypeName(o.type) ? [`type "${o.type}" must be 3 to 250 characters of a-z, 0-9 and -, with no -- (§11.2.1, §7.3.2)`] : [];
  for (const key of Object.keys(o)) {
    if (!COMMON.has(key) && !PROPERTY_NAME.test(key)) problems.push(`property "${key}" must be 3 to 250 characters of a-z, 0-9 and _ (§11.2.1, §7.3.2)`);
  }
  return problems;
}
