// Every object of the ATT&CK releases the project ships (real STIX 2.1 from a major producer)
// passes its schema and rules: a validator that refused them would refuse the data people share.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createStixValidator } from '../src/index.js';

// The copies this repository carries: the demo's ICS release and the contract tests' Mobile ones.
const RELEASES = {
  'ics-attack.json.gz': new URL('../../../apps/reference-server/data/ics-attack.json.gz', import.meta.url),
  'mobile-attack-17.0.json.gz': new URL('../../../test/data/mobile-attack-17.0.json.gz', import.meta.url),
  'mobile-attack-17.1.json.gz': new URL('../../../test/data/mobile-attack-17.1.json.gz', import.meta.url),
};
const validator = createStixValidator();

describe.each(Object.keys(RELEASES) as (keyof typeof RELEASES)[])('ATT&CK %s', (file) => {
  const bundle = JSON.parse(gunzipSync(readFileSync(RELEASES[file])).toString('utf8')) as { objects: Record<string, unknown>[] };

  it('every object is valid, and the STIX 2.1 types are checked against their own schemas', () => {
    const checks = bundle.objects.map((o) => validator.check(o));
    const invalid = checks.filter((c) => !c.valid).map((c) => `${c.id}: ${c.errors.join('; ')}`);
    expect(invalid).toEqual([]);
    const typed = new Set(checks.filter((c) => c.checkedAs === 'stix-2.1').map((c) => c.type));
    // ATT&CK's own types (x-mitre-tactic, …) are custom: checked as other objects.
    expect([...typed].sort()).toEqual(
      expect.arrayContaining(['attack-pattern', 'course-of-action', 'identity', 'malware', 'marking-definition', 'relationship']),
    );
    expect(checks.filter((c) => c.checkedAs === 'other').every((c) => c.type!.startsWith('x-'))).toBe(true);
  });
});
