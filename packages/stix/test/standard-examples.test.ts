// Every example printed in the STIX 2.1 standard (errata 01 text), collected with its section in
// test/fixtures/standard/. Whole objects validate; the examples the standard gets wrong (not JSON
// as printed, a required property missing, a misspelt enumeration value, a malformed id) are kept
// as printed and fail for exactly the fault their note names, and each is valid once repaired.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { loadSpec } from '@taxii21/spec';
import { describe, expect, it } from 'vitest';
import { createStixValidator, objectsOf, readCatalogue } from '../src/index.js';

type Entry = {
  section: string;
  title: string;
  expect: 'valid' | 'defect' | 'elided' | 'illustrative' | 'other' | 'fragment';
  note?: string;
  /** A component schema to check against instead of a STIX object's own (for data types). */
  schema?: string;
  many?: boolean;
  content?: unknown;
  /** The example as printed, when it is not JSON. */
  text?: string;
  repaired?: unknown;
  error?: string;
};

const DIR = new URL('./fixtures/standard/', import.meta.url);
const entries: Entry[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Entry[]);
const validator = createStixValidator();
const spec = loadSpec();
const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
formats.default(ajv);
ajv.addSchema(spec, 'taxii21');

const objects = (content: unknown) => {
  const read = objectsOf(content);
  if ('error' in read) throw new Error(read.error);
  return read.objects;
};
/** The STIX 2.1 types some example shows a valid object of. */
const validTypes = new Set<string>();
const checkAll = (content: unknown) => {
  const checks = objects(content).map((o) => validator.check(o));
  for (const c of checks) if (c.valid && c.checkedAs === 'stix-2.1') validTypes.add(c.type!);
  return checks;
};
const problems = (content: unknown) => checkAll(content).flatMap((c) => c.errors);
const expectAllValid = (content: unknown) => expect(problems(content)).toEqual([]);

describe('the examples of the STIX 2.1 standard', () => {
  it('are all collected, with their sections', () => {
    expect(entries.length).toBeGreaterThan(100);
    expect(entries.every((e) => /^([0-9]|C\.)/.test(e.section) && e.title)).toBe(true);
    // What a fixture claims about an example that does not validate is said in its note.
    expect(entries.filter((e) => e.expect !== 'valid' && !e.note).map((e) => e.title)).toEqual([]);
  });

  it.each(entries.map((e) => [`§${e.section} ${e.title} (${e.expect})`, e] as const))('%s', (_name, e) => {
    switch (e.expect) {
      case 'valid':
        if (e.schema) {
          const validate = ajv.getSchema(`taxii21#/components/schemas/${e.schema}`)!;
          for (const value of e.many ? (e.content as unknown[]) : [e.content]) expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
        } else {
          expectAllValid(e.content);
        }
        break;
      case 'defect': {
        if (e.text !== undefined) expect(() => JSON.parse(e.text!)).toThrow();
        const printed = e.text !== undefined ? e.repaired : e.content;
        if (e.error) {
          expect(problems(printed).join('\n')).toContain(e.error);
          if (e.text === undefined && e.repaired !== undefined) expectAllValid(e.repaired);
        } else {
          expectAllValid(e.repaired);
        }
        break;
      }
      case 'elided':
        expect(problems(e.content).join('\n')).toContain(e.error);
        break;
      case 'illustrative':
        for (const o of objects(e.content)) expect(validator.check(o).errors.join('\n'), JSON.stringify(o)).toContain(e.error);
        break;
      case 'other':
        for (const o of objects(e.content)) expect(validator.check(o)).toMatchObject({ valid: true, checkedAs: 'other' });
        break;
      case 'fragment':
        expect(e.content).toBeUndefined();
        break;
    }
  });

  it('cover every STIX 2.1 type with a valid example but the artifact, whose every example elides its payload', () => {
    const all = [...readCatalogue(spec).keys()];
    expect(all.filter((t) => !validTypes.has(t))).toEqual(['artifact']);
  });
});
