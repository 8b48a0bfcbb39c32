// The standard's own examples, and values it explicitly allows or forbids, against the schemas of
// the description (issue: the contract, to the letter of TAXII 2.1). A schema stricter than the
// standard rejects an allowed case; a looser one accepts a forbidden case.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createValidator, dereferenced } from './openapi-walk.js';

type Case = { section: string; schema: string; expect: 'valid' | 'invalid'; source: string; note: string; value: unknown };

const fixture = JSON.parse(readFileSync(new URL('./fixtures/standard-examples.json', import.meta.url), 'utf8')) as { cases: Case[] };
const ajv = createValidator();

function errorsOf(schemaName: string, value: unknown): string[] {
  const schema = dereferenced.components.schemas[schemaName];
  if (!schema) throw new Error(`no schema ${schemaName} in the description`);
  const validate = ajv.compile(schema);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

describe("the standard's examples and rules (fixtures/standard-examples.json)", () => {
  it('covers every resource the standard prints an example of', () => {
    const printed = new Set(fixture.cases.filter((c) => c.source === 'printed' || c.source === 'completed').map((c) => c.schema));
    expect([...printed].sort()).toEqual([
      'AddObjectsEnvelope',
      'ApiRoot',
      'Collection',
      'Collections',
      'Discovery',
      'Envelope',
      'ErrorMessage',
      'Manifest',
      'Status',
      'Versions',
    ]);
  });

  const valid = fixture.cases.filter((c) => c.expect === 'valid');
  const invalid = fixture.cases.filter((c) => c.expect === 'invalid');

  it.each(valid.map((c) => [`§${c.section} ${c.schema} (${c.source}): ${c.note}`, c] as const))('accepts %s', (_title, c) => {
    expect(errorsOf(c.schema, c.value)).toEqual([]);
  });

  it.each(invalid.map((c) => [`§${c.section} ${c.schema} (${c.source}): ${c.note}`, c] as const))('rejects %s', (_title, c) => {
    expect(errorsOf(c.schema, c.value)).not.toEqual([]);
  });
});
