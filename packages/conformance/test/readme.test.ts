// The README's table of requirement ids is the suite's catalogue, level and source included.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every requirement id with its level, source and section, as the suite reports them', () => {
    const rows = [
      ...readme.matchAll(
        /^\| \[((?:SRV|CLI)-[A-Z]+-\d\d)\]\(\.\.\/\.\.\/docs\/requirements\.md#\1\) \| (MUST|SHOULD|MAY) \| (standard|ours|ambiguous) \| ([^|]+) \|/gm,
      ),
    ].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(rows).toEqual(REQUIREMENTS.map((r) => [r.id, r.level, r.advisory ?? 'standard', r.section]));
  });

  it('the catalogue is the checklist: every id has its entry in docs/requirements.md with the same level and section', () => {
    const checklist = readFileSync(new URL('../../../docs/requirements.md', import.meta.url), 'utf8');
    const entries = [...checklist.matchAll(/<a id="([A-Z]+-[A-Z]+-\d\d)"><\/a>\*\*\1\*\* · ([^·]+?) · (§[^—]+?) —/g)].map((m) => [
      m[1],
      m[2]!.replace(/\s*\*\[(ours|ambiguous)\]\*/, '').trim() || 'MUST',
      m[3],
    ]);
    expect(entries.map((e) => e[0])).toEqual(REQUIREMENTS.map((r) => r.id));
    for (const r of REQUIREMENTS) {
      const [, level, section] = entries.find((e) => e[0] === r.id)!;
      expect([r.id, section], 'section').toEqual([r.id, r.section]);
      if (r.advisory !== 'ambiguous') expect([r.id, level], 'level').toEqual([r.id, r.level]);
    }
  });

  it('every requirement id cited in the description, the READMEs and the code has its entry in the checklist', () => {
    const checklist = readFileSync(new URL('../../../docs/requirements.md', import.meta.url), 'utf8');
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const files = execFileSync('git', ['ls-files', 'openapi', '*.md', '*.ts', '*.yaml', '*.mjs'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.startsWith('docs/requirements.md'));
    const cited = new Set(files.flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/\b(?:SRV|CLI)-[A-Z]+-\d\d\b/g)].map((m) => m[0])));
    expect(cited.size).toBeGreaterThan(40);
    expect([...cited].filter((id) => !checklist.includes(`<a id="${id}"></a>`))).toEqual([]);
  });
});
