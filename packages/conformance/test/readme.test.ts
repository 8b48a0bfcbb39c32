// The README's table of requirement ids is the suite's catalogue, level and source included.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every requirement id with its level, source and section, as the suite reports them', () => {
    const rows = [...readme.matchAll(/^\| ((?:SRV|CLI)-[A-Z]+-\d\d) \| (MUST|SHOULD|MAY) \| (standard|ours|ambiguous) \| ([^|]+) \|/gm)].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(rows).toEqual(REQUIREMENTS.map((r) => [r.id, r.level, r.advisory ?? 'standard', r.section]));
  });
});
