// loadValidationSpec checks envelope items against OtherStixObject alone. That is only right if it
// accepts and refuses exactly the objects the full description (the typed union) does: these tests
// compare the two verdicts on the standard's own examples, real objects broken on purpose, and
// objects TAXII must refuse.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { describedResponses, loadDereferencedSpec, loadSpec, loadValidationSpec } from '../src/index.js';

const TAXII = 'application/taxii+json;version=2.1';
const FIXTURES = new URL('../../stix/test/fixtures/standard/', import.meta.url);

function envelopeValidator(spec: Record<string, any>, byPointer: boolean) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  if (!byPointer) return ajv.compile(spec.paths['/collections/{collectionId}/objects/'].get.responses['200'].content[TAXII].schema);
  ajv.addSchema(spec, 'taxii:description');
  const getObjects = describedResponses(spec as never, TAXII).find((r) => r.operationId === 'getObjects' && r.status === 200)!;
  return ajv.compile({ $ref: `taxii:description${getObjects.body}` });
}

const standardObjects: unknown[] = readdirSync(FIXTURES)
  .flatMap((file) => JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as Array<{ content?: unknown }>)
  .flatMap((example) => (example.content === undefined ? [] : Array.isArray(example.content) ? example.content : [example.content]))
  .flatMap((content) => ((content as { type?: string }).type === 'bundle' ? ((content as { objects?: unknown[] }).objects ?? []) : [content]));

const indicator = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  pattern: "[file:name = 'x']",
  pattern_type: 'stix',
  valid_from: '2016-01-01T00:00:00Z',
};
const edgeCases: Array<[string, unknown]> = [
  ['an indicator without its pattern (invalid STIX, still a TAXII object)', { ...indicator, pattern: undefined }],
  ['an indicator with modified before created', { ...indicator, modified: '2015-01-01T00:00:00Z' }],
  ['a custom object', { type: 'x-acme-widget', id: 'x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', size: 3 }],
  [
    'a STIX 2.0 object',
    {
      type: 'indicator',
      id: indicator.id,
      created: '2016-04-06T20:03:48.000Z',
      modified: '2016-04-06T20:03:48.000Z',
      labels: ['x'],
      pattern: "[file:name = 'x']",
      valid_from: '2016-01-01T00:00:00Z',
    },
  ],
  ['an object without id', { type: 'indicator' }],
  ['an object with an uppercase type', { type: 'Indicator', id: indicator.id }],
  ['an object with a malformed created', { ...indicator, created: 'yesterday' }],
  ['a string', 'indicator'],
];

describe('the validation form (loadValidationSpec)', () => {
  const full = envelopeValidator(loadDereferencedSpec(), false);
  const fullByPointer = envelopeValidator(loadSpec(), true);
  const form = envelopeValidator(loadValidationSpec(), true);

  it('leaves the typed STIX schemas out', () => {
    const schemas = Object.keys(loadValidationSpec().components.schemas);
    expect(schemas).toContain('OtherStixObject');
    expect(schemas).not.toContain('KnownStixObject');
    expect(schemas).not.toContain('Indicator');
  });

  it(`judges every object of the STIX standard's examples (${standardObjects.length}) as the full description does`, () => {
    expect(standardObjects.length).toBeGreaterThan(50);
    for (const object of standardObjects) {
      const envelope = { more: false, objects: [object] };
      expect(form(envelope), JSON.stringify(object).slice(0, 120)).toBe(full(envelope));
    }
  });

  it.each(edgeCases)('judges %s as the full description does', (_name, object) => {
    const envelope = { objects: [object] };
    const verdict = full(envelope);
    expect(fullByPointer(envelope)).toBe(verdict);
    expect(form(envelope)).toBe(verdict);
  });

  it('refuses what TAXII refuses, and accepts invalid STIX that TAXII carries', () => {
    expect(form({ objects: [{ type: 'indicator' }] })).toBe(false);
    expect(form({ objects: [{ ...indicator, pattern: undefined }] })).toBe(true);
  });
});
