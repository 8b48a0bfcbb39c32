// A restart in the middle of a walk: next tokens and status resources live in the database and
// the token's signature does not depend on the process (SRV-FLT-10, SRV-ADD-03, SRV-ADD-07).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleObjects, ICS_BUNDLE, manifestPath, objectsPath, startServer } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'taxii-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restart in the middle of a walk', () => {
  it('continues the walk with the old token and still serves the old status', async () => {
    const ics = await bundleObjects(ICS_BUNDLE);
    const running = await startServer({ dir });
    const before = running.base;
    const alice = running.as('alice');
    const added = await alice.post(objectsPath(), { objects: ics });
    expect(added.body.success_count).toBe(ics.length);
    const first = await alice.get(`${manifestPath()}?match[type]=relationship&limit=100`);
    expect(first.body.more).toBe(true);

    await running.restart();
    expect(running.base).not.toBe(before); // a new process-level server on a new port
    const again = running.as('alice');
    const pages = [
      first,
      ...(await (async () => {
        const rest = [];
        let next = first.body.next;
        while (next) {
          const page = await again.get(`${manifestPath()}?limit=100&next=${encodeURIComponent(next)}`);
          expect(page.status).toBe(200);
          rest.push(page);
          next = page.body.more ? page.body.next : undefined;
        }
        return rest;
      })()),
    ];
    const ids = pages.flatMap((p) => p.body.objects.map((o: any) => o.id));
    expect(ids).toEqual(ics.filter((o) => o.type === 'relationship').map((o) => o.id));

    expect((await again.get(`/api1/status/${added.body.id}/`)).body).toEqual(added.body);
    await running.stop();
  });
});
