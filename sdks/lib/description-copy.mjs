// A recipe's own copy of a published description, changed in one documented way for a generator
// that cannot read the description as published (each recipe says why). The copy goes to the
// recipe's output folder; the published files are never touched.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

/** Writes `transform(parsed source)` to `target` and returns `target`. */
export function describedCopy(source, target, transform) {
  const doc = parse(readFileSync(source, 'utf8'));
  transform(doc);
  writeFileSync(target, stringify(doc));
  return target;
}

/** Removes every `discriminator` keyword: annotations only, where each branch's enum-typed `type` already tells them apart. */
export function withoutDiscriminators(doc) {
  const strip = (node) => {
    if (Array.isArray(node)) node.forEach(strip);
    else if (node && typeof node === 'object') {
      delete node.discriminator;
      Object.values(node).forEach(strip);
    }
  };
  strip(doc);
}

/** Envelope items typed as KnownStixObject rather than StixObject (KnownStixObject or OtherStixObject). */
export function envelopeItemsAsKnownStixObject(doc) {
  doc.components.schemas.Envelope.properties.objects.items = { $ref: '#/components/schemas/KnownStixObject' };
  delete doc.components.schemas.StixObject;
}

/** Each request and response body's TAXII media type listed as `application/json` instead, the one
 * media type the generator types (its client sends the TAXII media type from its default headers). */
export function taxiiMediaTypesAsJson(doc) {
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.content && typeof node.content === 'object') {
      const taxii = Object.keys(node.content).find((type) => type.startsWith('application/taxii+json'));
      if (taxii) node.content = { 'application/json': node.content[taxii] };
    }
    Object.values(node).forEach(walk);
  };
  walk(doc);
}

/** StixObject as `oneOf` (KnownStixObject, then OtherStixObject) rather than `anyOf`, for a
 * generator whose `anyOf` model cannot be read back: it tries the typed branch first and falls
 * back to the open one, which is what `anyOf` means to a reader of one object. */
export function stixObjectAsOneOf(doc) {
  const stix = doc.components.schemas.StixObject;
  stix.oneOf = stix.anyOf;
  delete stix.anyOf;
}
