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
