// The core must run in browsers: nothing reachable from the main entry may import a Node module.
// Only `@taxii21/client/node` and the CLI may.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function importsReachableFrom(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    const code = readFileSync(file, 'utf8');
    // Type-only imports vanish at build time; only value imports reach a bundle.
    const specifiers = [...code.matchAll(/^import (?!type\b)[^'"]*['"]([^'"]+)['"]/gm), ...code.matchAll(/^export [^'"]*from ['"]([^'"]+)['"]/gm)]
      .filter((m) => !/^export type\b/.test(m[0]))
      .map((m) => m[1]!);
    found.set(file, specifiers);
    for (const specifier of specifiers) if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
  };
  visit(join(SRC, entry));
  return found;
}

describe('the main entry', () => {
  it('imports nothing Node-only, directly or through its modules', () => {
    const graph = importsReachableFrom('index.ts');
    expect(graph.size).toBeGreaterThan(5);
    const external = [...new Set([...graph.values()].flat().filter((s) => !s.startsWith('.')))].sort();
    expect(external).toEqual(['@taxii21/spec/media-types', '@taxii21/stix/guards', '@taxii21/stix/timestamps', 'openapi-fetch']);
  });

  it('takes from @taxii21/stix and @taxii21/spec only modules that import nothing', () => {
    for (const module of ['../../stix/src/guards.ts', '../../stix/src/timestamps.ts', '../../spec/src/media-types.js']) {
      const code = readFileSync(fileURLToPath(new URL(module, import.meta.url)), 'utf8');
      expect([...code.matchAll(/^(?:import|export .* from) (?!type\b).*$/gm)], module).toEqual([]);
    }
  });

  it('keeps the Node TLS transport in its own entry', () => {
    const external = [...importsReachableFrom('node.ts').values()].flat().filter((s) => !s.startsWith('.'));
    expect(external).toContain('undici');
  });
});
