// The objects of a document as files and requests carry them: a STIX bundle, a TAXII envelope, a
// JSON array of objects, or a single object.

export type StixDocumentKind = 'bundle' | 'envelope' | 'array' | 'object';

export function objectsOf(document: unknown): { kind: StixDocumentKind; objects: unknown[] } | { error: string } {
  if (Array.isArray(document)) return { kind: 'array', objects: document };
  if (typeof document !== 'object' || document === null) return { error: 'expected a bundle, an envelope, an array of objects or one object' };
  const d = document as Record<string, unknown>;
  if (d.type === 'bundle')
    return Array.isArray(d.objects) || d.objects === undefined
      ? { kind: 'bundle', objects: (d.objects as unknown[] | undefined) ?? [] }
      : { error: "the bundle's objects is not a list" };
  if (d.type === undefined && 'objects' in d)
    return Array.isArray(d.objects) ? { kind: 'envelope', objects: d.objects } : { error: "the envelope's objects is not a list" };
  return { kind: 'object', objects: [document] };
}
