// Validation of one STIX object: the schema of its type in the description (for the 42 types STIX
// 2.1 defines, when the object is STIX 2.1) or the open schema every other object has to meet
// (custom and extension types, STIX 2.0, later versions), then the rules a schema cannot state.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { loadSpec, type OpenApiDocument } from '@taxii21/spec';
import { readCatalogue, type KnownType } from './catalogue.js';
import { describeErrors } from './messages.js';
import { customObjectProblems } from './naming.js';
import { ruleViolations } from './rules.js';

/** How an object was checked: against the schema of its STIX 2.1 type, or only as TAXII sees any object. */
export type CheckedAs = 'stix-2.1' | 'other';

export type StixCheck = {
  valid: boolean;
  checkedAs: CheckedAs;
  /** Why the object was not checked as STIX 2.1 (a custom type, STIX 2.0, …); absent for STIX 2.1 objects. */
  reason?: string;
  /**
   * Whether the object is STIX 2.1 content: of a type 2.1 defines and checked as such, or a custom
   * or extension object that declares `spec_version: "2.1"` (held to 2.1's naming rules). False for
   * STIX 2.0 content and later versions, which a question "is this valid STIX 2.1?" cannot pass.
   */
  stix21: boolean;
  type?: string;
  id?: string;
  /** One line per problem, each naming the property it is about. */
  errors: string[];
};

export type StixValidator = { check(value: unknown): StixCheck };

const SPEC = 'taxii21';

export type StixValidatorOptions = {
  /** How deep parentheses and brackets may nest in a STIX pattern (default 100); deeper is refused unparsed, as a limit of this validator. */
  maxPatternNesting?: number;
};

export function createStixValidator(spec: OpenApiDocument = loadSpec(), options: StixValidatorOptions = {}): StixValidator {
  const catalogue = readCatalogue(spec);
  // validateSchema off: the document is an OpenAPI description, not a JSON Schema; only the
  // component schemas in it are compiled, each the first time an object of its type comes.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
  formats.default(ajv);
  ajv.addSchema(spec, SPEC);
  const compiled = new Map<string, ValidateFunction>();
  const schema = (name: string) => {
    let validate = compiled.get(name);
    if (!validate) {
      validate = ajv.getSchema(`${SPEC}#/components/schemas/${name}`);
      if (!validate) throw new Error(`the description has no schema ${name}`);
      compiled.set(name, validate);
    }
    return validate;
  };

  return {
    check(value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return { valid: false, checkedAs: 'other', reason: 'not a JSON object', stix21: false, errors: ['a STIX object must be a JSON object'] };
      }
      const o = value as Record<string, unknown>;
      const identity = { ...(typeof o.type === 'string' ? { type: o.type } : {}), ...(typeof o.id === 'string' ? { id: o.id } : {}) };
      const known = typeof o.type === 'string' ? catalogue.get(o.type) : undefined;
      const reason = known ? notStix21(known, o) : 'not a type STIX 2.1 defines (a custom, extension or later type)';
      if (reason !== null) {
        const validate = schema('OtherStixObject');
        // A custom or extension object that says it is STIX 2.1 is held to 2.1's naming rules.
        const custom21 = !known && o.spec_version === '2.1';
        const errors = validate(o) ? (custom21 ? customObjectProblems(o) : []) : describeErrors(validate.errors);
        return { valid: errors.length === 0, checkedAs: 'other', reason, stix21: custom21, ...identity, errors };
      }
      const validate = schema(known!.schema);
      // Every message cites a section: its rule's own, or else the one that defines the type.
      const cite = (line: string) => (known!.section && !line.includes('§') ? `${line} (${known!.section})` : line);
      const errors = (validate(o) ? ruleViolations(o, known!, catalogue, options.maxPatternNesting) : describeErrors(validate.errors)).map(cite);
      return { valid: errors.length === 0, checkedAs: 'stix-2.1', stix21: true, ...identity, errors };
    },
  };
}

/**
 * Null when the object is STIX 2.1 content of a known type; otherwise why not. Domain,
 * relationship and meta objects of 2.1 always carry `spec_version: "2.1"`; one without it is
 * STIX 2.0 (SRV-FLT-07). A cyber-observable without it is 2.1, its default (STIX 2.1 §3.2).
 */
function notStix21(known: KnownType, o: Record<string, unknown>): string | null {
  if (o.spec_version === '2.1') return null;
  if (o.spec_version === undefined) return known.category === 'cyber-observable' ? null : 'STIX 2.0 content (no spec_version)';
  return `spec_version ${JSON.stringify(o.spec_version)}, not 2.1`;
}
