// A user's clone has nothing beside it: no test, benchmark or script may reach outside the
// repository for its data. Every tracked file that runs (code, shell, configuration) is read, and
// each relative path in it that climbs with `../` is resolved from the file's own folder; one that
// lands outside the clone, or that names the folder CI happens to keep beside it, fails the test
// with the file, the line and the path.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RUNNABLE = /\.(?:[cm]?[jt]s|sh|json|ya?ml|py|go|java|kt|rs|toml|xml)$|^\.ci\/run$|^scripts\/[^./]+$/;
// A path that climbs: one or more `../`, then what follows up to a quote, space or bracket.
const CLIMBING = /(?:\.\.\/)+[^\s'"`)\]},;]*/g;
// The same climb spelled as separate segments: join(x, '..', 'shared'), resolve(root, '..', 'shared').
const SEGMENTED_NEIGHBOUR = /['"]\.\.['"]\s*,\s*['"]shared['"]/;

function trackedRunnableFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  // This file names the forbidden paths on purpose, as examples for the check below.
  const itself = relative(ROOT, import.meta.filename);
  return listed.filter((file) => RUNNABLE.test(file) && file !== 'package-lock.json' && file !== itself);
}

export function pathsOutside(file: string, text: string): string[] {
  const found: string[] = [];
  const folder = dirname(join(ROOT, file));
  text.split('\n').forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    if (SEGMENTED_NEIGHBOUR.test(line)) found.push(`${where}: ${line.trim()}`);
    for (const [path] of line.matchAll(CLIMBING)) {
      const target = relative(ROOT, resolve(folder, path));
      if (target === '..' || target.startsWith(`..${sep}`) || /(?:^|\/)shared\/data\b/.test(path)) found.push(`${where}: ${path}`);
    }
  });
  return found;
}

describe('the repository is self-contained', () => {
  it('no tracked code, script or configuration reaches outside the clone', () => {
    const files = trackedRunnableFiles();
    expect(files.length).toBeGreaterThan(200);
    const outside = files.flatMap((file) => pathsOutside(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(outside).toEqual([]);
  });

  it('the check catches the forms that once read the data folder CI keeps beside the clone', () => {
    // Spelled in pieces, so that this file does not itself hold the paths it looks for.
    const neighbour = ['..', 'shared'].join('/');
    expect(pathsOutside('packages/stix/test/attack.test.ts', `const DATA = new URL('../../../${neighbour}/data/', import.meta.url);`)).toHaveLength(1);
    expect(pathsOutside('bench/stix-validation.mjs', `new URL('../${neighbour}/data/', import.meta.url)`)).toHaveLength(1);
    expect(pathsOutside('scripts/x.mjs', `const dir = resolve(repository, '..', '${neighbour.slice(3)}');`)).toHaveLength(1);
    expect(pathsOutside('packages/stix/test/attack.test.ts', "new URL('../../../test/data/mobile-attack-17.0.json.gz', import.meta.url)")).toEqual([]);
  });
});
