// Each collection's stixValidation: `off` stores what TAXII accepts, `report` stores it and says
// in the status why an object is not valid STIX 2.1, `enforce` refuses that object alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StixValidationMode } from '../src/stix.js';
import { createReferenceServer, type ReferenceServer } from '../src/server.js';
import { Client, MAIN, testConfig, testIndicator } from './harness.js';

const COLLECTIONS: Record<StixValidationMode, string> = {
  off: 'aaaaaaaa-0000-4000-8000-000000000001',
  report: MAIN,
  enforce: 'aaaaaaaa-0000-4000-8000-000000000003',
};
const dir = mkdtempSync(join(tmpdir(), 'taxii-stix-validation-'));
let server: ReferenceServer;
let alice: Client;
const errors: string[] = [];

beforeAll(async () => {
  const config = await testConfig(dir);
  const root = config.apiRoots[0]!;
  root.collections = root.collections.filter((c) => c.id !== MAIN);
  for (const [mode, id] of Object.entries(COLLECTIONS) as [StixValidationMode, string][]) {
    root.collections.push({ id, title: `${mode} collection`, read: ['alice'], write: ['alice'], stixValidation: mode });
  }
  server = await createReferenceServer(config, { validateResponses: true, log: (m) => errors.push(m) });
  alice = new Client(await server.listen(0), 'alice');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

const good = testIndicator(1);
const { pattern_type: _missing, ...bad } = testIndicator(2);
const custom = { type: 'x-acme-widget', id: 'x-acme-widget--00000000-0000-4000-8000-000000000003', created: '2024-01-01T00:00:00.000Z', colour: 'blue' };

async function push(mode: StixValidationMode) {
  const reply = await alice.post(`/api1/collections/${COLLECTIONS[mode]}/objects/`, { objects: [good, bad, custom] });
  expect(reply.status).toBe(202);
  const stored = await alice.get(`/api1/collections/${COLLECTIONS[mode]}/objects/`);
  return { status: reply.body, stored: (stored.body.objects ?? []).map((o: { id: string }) => o.id).sort() };
}

describe('stixValidation', () => {
  it('off: every object TAXII accepts is stored, with no remark', async () => {
    const { status, stored } = await push('off');
    expect(status).toMatchObject({ success_count: 3, failure_count: 0 });
    expect(status.successes.every((s: { message?: string }) => s.message === undefined)).toBe(true);
    expect(stored).toEqual([good.id, bad.id, custom.id].sort());
  });

  it('report (the default): the invalid object is stored, and its success entry names the fault', async () => {
    const { status, stored } = await push('report');
    expect(status).toMatchObject({ success_count: 3, failure_count: 0 });
    const remark = status.successes.find((s: { id: string }) => s.id === bad.id).message;
    expect(remark).toBe('Stored, but not valid STIX 2.1: pattern_type is required (§4.7)');
    expect(status.successes.filter((s: { message?: string }) => s.message !== undefined)).toHaveLength(1);
    expect(stored).toEqual([good.id, bad.id, custom.id].sort());
  });

  it('enforce: the invalid object alone fails, with the reason; valid and custom objects are stored', async () => {
    const { status, stored } = await push('enforce');
    expect(status).toMatchObject({
      success_count: 2,
      failure_count: 1,
      failures: [{ id: bad.id, message: 'not valid STIX 2.1: pattern_type is required (§4.7)' }],
    });
    expect(stored).toEqual([good.id, custom.id].sort());
  });

  it('is report unless configured: the server default', async () => {
    const config = await testConfig(mkdtempSync(join(tmpdir(), 'taxii-default-')));
    expect(config.apiRoots[0]!.collections.map((c) => c.stixValidation)).toEqual(['report', 'report', 'report']);
  });
});
