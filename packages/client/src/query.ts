// Filters as callers like to write them (lists as arrays) turned into the wire form the spec
// defines: one `match[field]` per field, values comma-separated (CLI-GEN-01, SRV-FLT-05..07).
import type { QueryOf } from '@taxii21/types';

type Operation = 'getObjects' | 'getManifest' | 'getObject' | 'deleteObject' | 'getObjectVersions';
type WireQuery<Op extends Operation> = QueryOf<Op>;
type WireMatch<Op extends Operation> = NonNullable<WireQuery<Op>['match']>;

/** A filter value: one string, a comma-separated string, or a list. */
export type FilterValue = string | readonly string[];

/** The query of an operation, with lists accepted wherever the spec takes a comma-separated value. */
export type Query<Op extends Operation> = Omit<WireQuery<Op>, 'match'> & {
  match?: { [Field in keyof WireMatch<Op>]?: FilterValue };
};

export type ObjectsQuery = Query<'getObjects'>;
export type ManifestQuery = Query<'getManifest'>;
export type ObjectQuery = Query<'getObject'>;
export type DeleteQuery = Query<'deleteObject'>;
export type VersionsQuery = Query<'getObjectVersions'>;

export function toWireQuery<Op extends Operation>(query: Query<Op> | undefined): WireQuery<Op> {
  if (!query) return {} as WireQuery<Op>;
  const { match, ...rest } = query;
  const wire: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rest)) if (value !== undefined) wire[name] = value;
  if (match) {
    const fields: Record<string, string> = {};
    for (const [field, value] of Object.entries(match as Record<string, FilterValue | undefined>)) {
      if (value === undefined) continue;
      fields[field] = typeof value === 'string' ? value : value.join(',');
    }
    if (Object.keys(fields).length > 0) wire.match = fields;
  }
  return wire as WireQuery<Op>;
}
