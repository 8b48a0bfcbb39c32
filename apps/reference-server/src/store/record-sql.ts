// The one place where TAXII's record selection (added_after, match[id|type|version|spec_version],
// the newest spec version by default, paging) becomes SQL, shared by the SQLite and PostgreSQL
// stores. Parameters are named (`@name`); `positional` rewrites them for PostgreSQL's `$n`.
//
// A page walks an index from its position and stops after limit + 1 rows; version and
// spec-version selection are correlated NOT EXISTS checks on the (collection_id, id, version_key)
// index, so each looks at one object's versions. SQLite is told which index each shape uses
// (`INDEXED BY`): left to itself its planner walked the date_added index for those checks and for
// getObject, scanning the rest of the collection for every row of a page. PostgreSQL has no such
// hints and needs none: its planner, with the same indexes, picks these plans itself (see
// test/query-plans.test.ts, which reads both stores' plans).
import type { DeleteRequest, PageRequest, RecordQuery } from './types.js';

export type Dialect = 'sqlite' | 'postgres';

export type NamedQuery = { sql: string; params: Record<string, unknown> };

/** SQLite's hint to walk the named index; PostgreSQL takes none. */
export function indexed(dialect: Dialect, index: string): string {
  return dialect === 'sqlite' ? ` INDEXED BY ${index}` : '';
}

/**
 * The SELECT of one page, with the index each query shape must use:
 * - one object or a list of ids: the rows of those ids by (collection_id, id, ...), then a sort of
 *   that handful;
 * - only version timestamps (match[version]=<timestamp>, no first, last or all): one walk of
 *   (collection_id, version_key, date_added) per timestamp, each cut at the page size, merged;
 * - one type: (collection_id, type, date_added), already in page order;
 * - several types: one such walk per type, merged;
 * - otherwise: (collection_id, date_added) from the page's start.
 * So a page costs O(page size × versions per object × log N), whatever the collection's size.
 */
export function pageQuery(query: RecordQuery, page: PageRequest, dialect: Dialect = 'sqlite'): NamedQuery {
  const { conditions, params } = selectionSql(query, 'newest', dialect);
  if (page.after !== undefined) {
    conditions.push('o.date_added > @after');
    params.after = page.after;
  }
  const columns = `o.id, o.type, o.version, o.spec_version, o.date_added, o.media_type${page.withContent ? ', o.content' : ''}`;
  // One more than asked for tells whether there is more.
  params.limit = page.limit + 1;
  return { sql: pageSql(query, columns, conditions, params, dialect), params };
}

function pageSql(query: RecordQuery, columns: string, conditions: string[], params: Record<string, unknown>, dialect: Dialect): string {
  const where = (extra: string[] = []) => [...conditions, ...extra].join(' AND ');
  if (query.objectId !== undefined || query.ids) {
    return `SELECT ${columns} FROM objects o${indexed(dialect, 'objects_by_version')} WHERE ${where()} ORDER BY o.date_added LIMIT @limit`;
  }
  // Walks of one index, one per value, each already in page order and cut at the page size.
  const walks = (index: string, column: string, values: string[], name: string) => {
    const selects = values.map((value, i) => {
      params[`${name}${i}`] = value;
      return `SELECT ${columns} FROM objects o${indexed(dialect, index)} WHERE ${where([`o.${column} = @${name}${i}`])} ORDER BY o.date_added LIMIT @limit`;
    });
    if (selects.length === 1) return selects[0]!;
    return `${selects.map((walk, i) => `SELECT * FROM (${walk}) AS walk${i}`).join(' UNION ALL ')} ORDER BY date_added LIMIT @limit`;
  };
  if (walksVersionTimestamps(query)) return walks('objects_by_version_key', 'version_key', query.versions.exact, 'walkVersion');
  if (query.types) return walks('objects_by_type', 'type', query.types, 'walkType');
  return `SELECT ${columns} FROM objects o${indexed(dialect, 'objects_by_date_added')} WHERE ${where()} ORDER BY o.date_added LIMIT @limit`;
}

/** Whether a page of this query walks the version-timestamp index: only timestamps, no first, last or all, and no id. */
export function walksVersionTimestamps(query: Pick<RecordQuery, 'objectId' | 'ids' | 'versions'>): boolean {
  const { versions } = query;
  return query.objectId === undefined && !query.ids && !versions.all && !versions.first && !versions.last && versions.exact.length > 0;
}

/**
 * The DELETE of the versions a read with the same filters selects (SRV-VER-04); `all` without
 * match[spec_version] takes every spec version too, so that nothing of the object is left.
 */
export function deleteStatement(request: DeleteRequest, dialect: Dialect): NamedQuery {
  const query: RecordQuery = { collectionId: request.collectionId, objectId: request.objectId, versions: request.versions };
  if (request.specVersions) query.specVersions = request.specVersions;
  const { conditions, params } = selectionSql(query, query.versions.all ? 'any' : 'newest', dialect);
  const selected = `SELECT o.date_added FROM objects o${indexed(dialect, 'objects_by_version')} WHERE ${conditions.join(' AND ')}`;
  return { sql: `DELETE FROM objects WHERE collection_id = @collection AND date_added IN (${selected})`, params };
}

/** `(@name0, @name1, …)` for the values, which it adds to params. */
export function inList(params: Record<string, unknown>, name: string, values: readonly unknown[]): string {
  values.forEach((v, i) => {
    params[`${name}${i}`] = v;
  });
  return `(${values.map((_, i) => `@${name}${i}`).join(', ')})`;
}

/**
 * WHERE conditions (over alias `o`) for the records a query selects.
 *
 * "Matching" records are those passing added_after and the spec-version selection; `first` and
 * `last` pick the oldest and newest version of each object among them (SRV-FLT-06). Without
 * match[spec_version], reads keep only the newest spec version of each object (SRV-FLT-07);
 * `any` considers every spec version (a delete of `all`).
 */
function selectionSql(query: RecordQuery, specDefault: 'newest' | 'any', dialect: Dialect) {
  const conditions = ['o.collection_id = @collection'];
  const params: Record<string, unknown> = { collection: query.collectionId };
  const list = (name: string, values: string[]) => inList(params, name, values);
  const versionsOfSameObject = `SELECT 1 FROM objects n${indexed(dialect, 'objects_by_version')} WHERE n.collection_id = o.collection_id AND n.id = o.id`;

  if (query.objectId !== undefined) {
    conditions.push('o.id = @objectId');
    params.objectId = query.objectId;
  }
  if (query.ids) conditions.push(`o.id IN ${list('id', query.ids)}`);
  if (query.types) conditions.push(`o.type IN ${list('type', query.types)}`);

  // What makes another version `n` of the same object a matching record too.
  const alsoMatching: string[] = [];
  if (query.addedAfter !== undefined) {
    conditions.push('o.date_added > @addedAfter');
    alsoMatching.push('n.date_added > @addedAfter');
    params.addedAfter = query.addedAfter;
  }
  if (query.specVersions) {
    const specs = list('spec', query.specVersions);
    conditions.push(`o.spec_version IN ${specs}`);
    alsoMatching.push(`n.spec_version IN ${specs}`);
  } else if (specDefault === 'newest') {
    conditions.push(`NOT EXISTS (${versionsOfSameObject} AND n.spec_rank > o.spec_rank${alsoMatching.map((c) => ` AND ${c}`).join('')})`);
    alsoMatching.push('n.spec_rank = o.spec_rank');
  }

  const { versions } = query;
  if (!versions.all) {
    const neighbour = (comparison: '>' | '<') =>
      `NOT EXISTS (${versionsOfSameObject} AND n.version_key ${comparison} o.version_key${alsoMatching.map((c) => ` AND ${c}`).join('')})`;
    const options: string[] = [];
    if (versions.last) options.push(neighbour('>'));
    if (versions.first) options.push(neighbour('<'));
    if (versions.exact.length > 0) options.push(`o.version_key IN ${list('version', versions.exact)}`);
    conditions.push(`(${options.join(' OR ')})`);
  }
  return { conditions, params };
}

/** The query with `$1, $2, …` for its named parameters, in the order PostgreSQL takes them. */
export function positional({ sql, params }: NamedQuery): { text: string; values: unknown[] } {
  const order = new Map<string, number>();
  const values: unknown[] = [];
  const text = sql.replace(/@(\w+)/g, (_, name: string) => {
    let index = order.get(name);
    if (index === undefined) {
      if (!(name in params)) throw new Error(`no value for @${name}`);
      values.push(params[name]);
      index = values.length;
      order.set(name, index);
    }
    return `$${index}`;
  });
  return { text, values };
}
