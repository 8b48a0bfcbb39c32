// A brute-force model of what a collection must answer: every stored version in insertion
// order (which SRV-FLT-11 makes date_added order), and the TAXII selection rules applied by
// scanning it. Tests compare the server's SQL against this. Records are indexed by id so the
// scans stay linear: the model runs in the same process as the server under test.

export type ModelRecord = { id: string; type: string; version: string; instant: string; specVersion: string; seq: number };

export type ModelQuery = {
  ids?: string[];
  types?: string[];
  specVersions?: string[];
  versions?: { all?: boolean; first?: boolean; last?: boolean; exact?: string[] };
  /** Only records inserted after this sequence number (an added_after in date_added order). */
  afterSeq?: number;
};

/** A timestamp as a fixed-width string that sorts and compares as the instant it names. */
export const instant = (t: string) => {
  const [whole, fraction = ''] = t.replace('Z', '').split('.');
  return `${whole}.${fraction.padEnd(9, '0')}`;
};

export class CollectionModel {
  readonly records: ModelRecord[] = [];
  private readonly stored = new Set<string>();
  private nextSeq = 0;

  /** Adds objects as the server would: an id and version already present is not stored again. */
  add(objects: Array<Record<string, any>>): void {
    for (const o of objects) {
      const version = o.modified ?? o.created;
      const at = instant(version);
      if (this.stored.has(`${o.id}@${at}`)) continue;
      this.stored.add(`${o.id}@${at}`);
      this.records.push({ id: o.id, type: o.type, version, instant: at, specVersion: o.spec_version ?? (version ? '2.0' : '2.1'), seq: this.nextSeq++ });
    }
  }

  select(query: ModelQuery = {}): ModelRecord[] {
    const versions = query.versions ?? { last: true };
    const exact = new Set((versions.exact ?? []).map(instant));
    const matching = this.records.filter((r) => query.afterSeq === undefined || r.seq > query.afterSeq);
    const byId = new Map<string, ModelRecord[]>();
    for (const r of matching) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);

    const selected: ModelRecord[] = [];
    for (const [id, all] of byId) {
      if (query.ids && !query.ids.includes(id)) continue;
      if (query.types && !query.types.includes(all[0]!.type)) continue;
      const newestSpec = Math.max(...all.map((r) => Number(r.specVersion)));
      const pool = all.filter((r) => (query.specVersions ? query.specVersions.includes(r.specVersion) : Number(r.specVersion) === newestSpec));
      const instants = pool.map((r) => r.instant).sort();
      for (const r of pool) {
        if (
          versions.all === true ||
          (versions.last === true && r.instant === instants[instants.length - 1]) ||
          (versions.first === true && r.instant === instants[0]) ||
          exact.has(r.instant)
        ) {
          selected.push(r);
        }
      }
    }
    return selected.sort((a, b) => a.seq - b.seq);
  }
}

export const key = (r: { id: string; version: string }) => `${r.id}@${r.version}`;
