// Narrowing an envelope item to its STIX 2.1 type. TypeScript cannot exclude the open
// `OtherStixObject` branch by comparing `type` (its `type` is any string), so `o.type ===
// 'indicator'` alone leaves `o.pattern` unknown; this guard gives `o` the Indicator schema.
import type { StixObject, StixObjectOfType, StixType } from '@taxii21/types';

export function isStixType<T extends StixType>(object: StixObject | Record<string, unknown>, type: T): object is StixObjectOfType<T> {
  return object.type === type && (object.spec_version === '2.1' || object.spec_version === undefined);
}
