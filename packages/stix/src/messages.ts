// Ajv's errors as one line each that names the property, such as
// `external_references[0].source_name is required` or `id must match ^indicator--…$`.
import type { ErrorObject } from 'ajv';

/** `/external_references/0/url` as `external_references[0].url`. */
export function propertyPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  }
  return path;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function describe(error: ErrorObject): string | null {
  const at = propertyPath(error.instancePath);
  const subject = at || 'the object';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${join(at, String(params.missingProperty))} is required`;
    case 'enum':
      return `${subject} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${subject} must match ${String(params.pattern)}`;
    case 'type':
      return `${subject} must be ${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type)}`;
    case 'format':
      return `${subject} must be a STIX timestamp (${String(params.format)} in UTC, ending in Z)`;
    case 'minItems':
      return `${subject} must not be empty (empty lists are prohibited in STIX)`;
    case 'minProperties':
      return `${subject} must have at least ${String(params.limit)} propert${params.limit === 1 ? 'y' : 'ies'}`;
    case 'propertyNames':
      return null; // Reported by the `pattern` error on the name itself.
    case 'minimum':
    case 'maximum':
      return `${subject} must be ${error.keyword === 'minimum' ? '>=' : '<='} ${String(params.limit)}`;
    case 'oneOf':
    case 'anyOf':
      return null; // Each branch's own error is reported.
    default:
      return `${subject} ${error.message ?? 'is invalid'}`;
  }
}

export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  // A timestamp that fails both its format and its pattern is reported once, as a timestamp.
  const badTimestamps = new Set((errors ?? []).filter((e) => e.keyword === 'format').map((e) => e.instancePath));
  const lines = (errors ?? [])
    .filter((e) => !(e.keyword === 'pattern' && badTimestamps.has(e.instancePath)))
    .map((e) =>
      e.keyword === 'pattern' && e.propertyName
        ? `${join(propertyPath(e.instancePath), e.propertyName)}: key must match ${String((e.params as { pattern: string }).pattern)}`
        : describe(e),
    );
  return [...new Set(lines.filter((line): line is string => line !== null))];
}
