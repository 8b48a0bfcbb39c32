import { describe, expect, it } from 'vitest';
import { allExamples, createValidator, operations, parametersOf, resolve, spec } from './openapi-walk.js';

const ajv = createValidator();

function validationErrors(schema: object, value: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

describe('examples in the description', () => {
  const cases = allExamples();

  it('are numerous enough to cover every resource', () => {
    // 11 operations with requests, success and error responses; this guards against the walk
    // silently finding nothing.
    expect(cases.length).toBeGreaterThan(80);
  });

  it.each(cases.map((c) => [c.where, c] as const))('%s is valid against its schema', (_where, c) => {
    expect(validationErrors(c.schema, c.value)).toEqual([]);
  });

  it('are checked strictly enough to catch a broken example', () => {
    const envelope = cases.find((c) => c.where.endsWith('200 application/taxii+json;version=2.1 examples.envelope-page'));
    expect(envelope).toBeDefined();
    const broken = structuredClone(envelope!.value) as { objects: Array<Record<string, unknown>> };
    broken.objects[0]!.id = 'not-a-stix-id';
    broken.objects[0]!.modified = '2025-04-15 19:58:01';
    const failedPaths = new Set(validationErrors(envelope!.schema, broken).map((e) => e.split(' ')[0]));
    // Both branches of StixObject report the object (the typed one and the open one), so the
    // object's own path and its two broken properties are named, and nothing else.
    expect([...failedPaths]).toEqual(expect.arrayContaining(['/objects/0/id', '/objects/0/modified']));
    expect([...failedPaths].filter((path) => !path.startsWith('/objects/0'))).toEqual([]);
  });
});

describe('every request and response has a realistic example', () => {
  for (const operation of operations()) {
    const { path, method, op } = operation;
    const at = `${method.toUpperCase()} ${path}`;

    for (const [mediaType, content] of Object.entries<any>(op.requestBody?.content ?? {})) {
      it(`${at} request body ${mediaType}`, () => {
        expect(Object.keys(content.examples ?? {}).length).toBeGreaterThan(0);
      });
    }
    for (const [status, ref] of Object.entries<any>(op.responses)) {
      const response = resolve(ref);
      for (const [mediaType, content] of Object.entries<any>(response.content ?? {})) {
        it(`${at} ${status} ${mediaType}`, () => {
          expect(Object.keys(content.examples ?? {}).length).toBeGreaterThan(0);
        });
      }
    }
    it(`${at} parameters all have examples`, () => {
      const missing = parametersOf(operation)
        .filter((p) => !('example' in p) && !p.examples)
        .map((p) => p.name);
      expect(missing).toEqual([]);
    });
  }
});

describe('example STIX content', () => {
  it('comes from the ATT&CK bundles (realistic ids and timestamps)', () => {
    const envelope = resolve(spec.components.examples['envelope-page']).value;
    const ids = envelope.objects.map((o: { id: string }) => o.id);
    expect(ids).toContain('attack-pattern--008b8f56-6107-48be-aa9f-746f927dbb61');
    expect(envelope.objects.every((o: { spec_version: string }) => o.spec_version === '2.1')).toBe(true);
  });
});
