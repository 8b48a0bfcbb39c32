import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundled = (name) => fileURLToPath(new URL(`../bundled/${name}`, import.meta.url));

/** Absolute paths of the published forms of the TAXII 2.1 description. */
export const specPaths = Object.freeze({
  yaml: bundled('taxii21.yaml'),
  json: bundled('taxii21.json'),
  dereferencedJson: bundled('taxii21.dereferenced.json'),
});

// Each call parses afresh: validators and generators commonly mutate the document they are given,
// and one caller's changes must not leak into another's.

/** The bundled description: one document, internal `$ref`s kept. */
export function loadSpec() {
  return JSON.parse(readFileSync(specPaths.json, 'utf8'));
}

/** The fully dereferenced description, for tools that cannot follow `$ref`. */
export function loadDereferencedSpec() {
  return JSON.parse(readFileSync(specPaths.dereferencedJson, 'utf8'));
}
