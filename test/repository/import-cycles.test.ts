// No module of an app or a package imports itself round a circle: each can be read, tested and
// moved with what it imports, and nothing loads half-initialised. Imports are read by TypeScript's
// own pre-processor (type-only imports count: a circle of types is still a knot), relative
// specifiers resolved as Node resolves the compiled `.js` files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const area of ['apps', 'packages']) {
    for (const unit of readdirSync(join(ROOT, area))) {
      const src = join(ROOT, area, unit, 'src');
      if (existsSync(src)) walk(src);
    }
  }
  return files;
}

/** The file a relative specifier names: `./x.js` is `./x.ts` (or `./x/index.ts`) before compiling. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(existsSync);
}

export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      file,
      importedFiles.map((i) => resolveImport(file, i.fileName)).filter((f): f is string => f !== undefined),
    );
  }
  return graph;
}

/** Every group of modules that import one another round a circle (Tarjan's strongly connected components). */
export function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('imports', () => {
  it('finds a circle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['config.ts', ['store.ts']],
      ['store.ts', ['types.ts']],
      ['types.ts', ['stix.ts']],
      ['stix.ts', ['config.ts']],
      ['leaf.ts', ['config.ts']],
    ]);
    expect(circles(graph)).toEqual([['config.ts', 'stix.ts', 'store.ts', 'types.ts']]);
  });

  it('no module in apps/*/src or packages/*/src imports itself round a circle', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    const found = circles(importGraph(files)).map((group) => group.map((file) => relative(ROOT, file)));
    expect(found).toEqual([]);
  });
});
