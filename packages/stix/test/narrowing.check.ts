// Compile-time checks (run by `npm run lint`, tsc --noEmit): the generated STIX types narrow on
// `type`, and the guard narrows an envelope item, whose open branch TypeScript cannot exclude.
import type { Envelope } from '@taxii21/types';
import { isStixType, type KnownStixObject, type StixObjectOfType } from '../src/index.js';

export function patternsOf(envelope: Envelope): string[] {
  const patterns: string[] = [];
  for (const item of envelope.objects ?? []) {
    if (isStixType(item, 'indicator')) patterns.push(item.pattern);
    // @ts-expect-error without the guard the item may be an OtherStixObject, whose pattern is unknown
    const unchecked: string = item.pattern;
    void unchecked;
  }
  return patterns;
}

export function describeKnown(o: KnownStixObject): string {
  switch (o.type) {
    case 'indicator':
      return o.pattern;
    case 'malware':
      return o.name ?? (o.is_family ? 'family' : 'instance');
    case 'relationship':
      return `${o.source_ref} ${o.relationship_type} ${o.target_ref}`;
    case 'ipv4-addr':
      return o.value;
    default:
      return o.id;
  }
}

// StixObjectOfType picks exactly one schema.
export const sample: StixObjectOfType<'sighting'>['sighting_of_ref'] = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
