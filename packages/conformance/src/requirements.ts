// The requirement catalogue the suite reports against: ids and levels as in the project's
// requirements checklist (docs/requirements.md), titles in short form. `advisory` marks what
// the checklist calls [ambiguous] or [ours]: reported, never failed.

export type Level = 'MUST' | 'SHOULD' | 'MAY';

export interface Requirement {
  id: string;
  level: Level;
  title: string;
  /** Where the standard states the rule (for [ours] items: the section the rule elaborates). */
  section: string;
  advisory?: 'ambiguous' | 'ours';
  /** Why the suite has no check for it, when it has none. */
  unchecked?: string;
}

const r = (id: string, section: string, level: Level, title: string, extra: Partial<Requirement> = {}): Requirement => ({
  id,
  section,
  level,
  title,
  ...extra,
});

export const REQUIREMENTS: readonly Requirement[] = [
  r('SRV-GEN-01', '§8.1.1', 'MUST', 'every TAXII endpoint is implemented'),
  r('SRV-GEN-02', '§1.6.7', 'MUST', 'bodies are UTF-8 JSON'),
  r('SRV-GEN-03', '§3.1', 'MUST', 'endpoint URLs end in /; discovery is /taxii2/'),
  r('SRV-GEN-04', '§3.2', 'MUST', 'X-TAXII-Date-Added-First/Last describe each non-empty page'),
  r('SRV-GEN-05', '§3.6', 'MUST', 'unknown API root, collection, object or status gives 404 (the body is SRV-GEN-06)'),
  r('SRV-GEN-06', '§3.6.1', 'SHOULD', 'error responses carry a TAXII error resource'),
  r('SRV-RES-01', '§4, §5', 'MUST', 'resources have their required properties, correctly typed, no nulls'),
  r('SRV-RES-02', '§4.3.1', 'MUST', 'status counts add up (total = success + failure + pending); [ours] lists match counts'),
  r('SRV-RES-03', '§4.2.1', 'MUST', 'API root versions include TAXII 2.1'),
  r('SRV-RES-04', '§5.2.1', 'MUST', 'collection ids are UUIDs; aliases unique per API root'),
  r('SRV-RES-05', '§7.1', 'MAY', 'custom properties on resources'),
  r('SRV-MT-01', '§1.6.8.1', 'MUST', 'responses use Content-Type application/taxii+json;version=2.1'),
  r('SRV-MT-02', '§3.1', 'MUST', 'an Accept naming nothing the endpoint produces gives 406 (the standard: MAY)', { advisory: 'ours' }),
  r('SRV-MT-03', '§1.6.8.2', 'MUST', 'unversioned application/taxii+json is accepted'),
  r('SRV-MT-04', '§3.1', 'MUST', 'addObjects with a non-TAXII Content-Type gives 415 (the standard: MAY)', { advisory: 'ours' }),
  r('SRV-MT-05', '§1.6.8', 'MUST', 'a request without Accept is answered with the TAXII type', { advisory: 'ambiguous' }),
  r('CLI-MT-01', '§1.6.8', 'MUST', 'clients send the TAXII Accept and Content-Type', {
    unchecked: 'a client requirement: the suite tests servers (the client package tests it)',
  }),
  r('SRV-FLT-01', '§3.3', 'MUST', 'results sorted by date_added; pages never repeat or skip'),
  r('SRV-FLT-02', '§3.4', 'MUST', 'added_after keeps strictly later records; bad timestamps give 400'),
  r('SRV-FLT-03', '§3.4', 'MUST', 'limit caps the page; invalid limits give 400'),
  r('SRV-FLT-04', '§3.5', 'MUST', 'more/next (or added_after) continue where the page stopped: no repeats, no gaps, an end'),
  r('SRV-FLT-05', '§3.4.1', 'MUST', 'match[id] and match[type]: lists OR, fields AND'),
  r('SRV-FLT-06', '§3.4.1', 'MUST', 'match[version]: first, last, all, timestamps'),
  r('SRV-FLT-07', '§3.4.1', 'MUST', 'match[spec_version] selects STIX spec versions'),
  r('SRV-FLT-08', '§3.4', 'MUST', 'the filters named for each endpoint are accepted (unknown ones may be ignored)'),
  r('SRV-FLT-09', '§3.4', 'MUST', 'filters apply before pagination'),
  r('SRV-FLT-10', '§3.5', 'SHOULD', 'next tokens are opaque and tamper-evident'),
  r('SRV-FLT-11', '§3.3', 'MUST', 'date_added unique and increasing within a collection', { advisory: 'ours' }),
  r('SRV-FLT-12', '§3.5', 'MUST', 'next values are bound to their filters; a bare next continues the walk', { advisory: 'ours' }),
  r('SRV-FLT-13', '§3.4', 'SHOULD', 'page size configurable up to 10,000', { advisory: 'ours' }),
  r('SRV-VER-01', '§3.4.1', 'MUST', 'version = modified, else created, else a value consistent to the server'),
  r('SRV-VER-02', '§5.5', 'MUST', 're-adding a stored version succeeds without a copy'),
  r('SRV-VER-03', '§5.8', 'MUST', 'getObjectVersions lists every stored version (in any order)'),
  r('SRV-VER-04', '§5.7', 'MUST', 'deleteObject removes the selected versions, only the newest without match[version]; 404 when absent'),
  r('SRV-VER-05', '§3.3', 'MUST', 'each version has its own date_added'),
  r('SRV-ADD-01', '§5.5', 'MUST', 'a body that is not an envelope gives 400 or 422'),
  r('SRV-ADD-02', '§4.2.1', 'MUST', 'bodies over max_content_length give 413'),
  r('SRV-ADD-03', '§5.5, §4.3', 'MUST', 'addObjects answers 202 with a status that getStatus returns'),
  r('SRV-ADD-04', '§4.3.1', 'MUST', 'each object reported at most once; [ours] an invalid one is refused, alone'),
  r('SRV-ADD-05', '§5.5', 'MUST', 'addObjects on a collection without write right gives 403 (or 404)'),
  r('SRV-ADD-06', '§4.3', 'MAY', 'asynchronous processing (pending, then complete)'),
  r('SRV-ADD-07', '§5.5', 'MUST', 'nothing reported as a success is lost', {
    unchecked: 'needs the server process killed right after a 202; the reference server tests it (kill -9)',
  }),
  r('SRV-SEC-01', '§8.2.2', 'MUST', 'HTTPS, or plain HTTP on loopback only'),
  r('SRV-SEC-02', '§1.6.9, §8.2.2', 'MUST', 'missing or wrong credentials give 401 with a WWW-Authenticate challenge (Basic: SHOULD)'),
  r('SRV-SEC-03', '§1.6.9, §5.1', 'MUST', 'no right gives 403 (or 404); listings show only what the user may see'),
  r('SRV-SEC-04', '§5.3–§5.8', 'MUST', 'the permission tables of §5.3 to §5.8: reads need can_read, adds can_write, deletes both'),
  r('SRV-SEC-05', '§1.6.9', 'SHOULD', 'failed logins are limited, and error bodies never echo secrets'),
  r('CLI-SEC-01', '§8.5.1', 'MUST', 'clients support Basic and verified HTTPS', {
    unchecked: 'a client requirement: the suite tests servers (the client package tests it)',
  }),
  r('SRV-DSC-01', '§4.1', 'MUST', 'GET /taxii2/ returns discovery; API-root URLs absolute or relative to it'),
  r('SRV-DSC-02', '§3.9', 'MAY', 'DNS SRV record _taxii2._tcp'),
  r('CLI-DSC-01', '§4.1.1', 'MUST', 'clients follow discovery URLs as given', {
    unchecked: 'a client requirement: the suite tests servers (the client package tests it)',
  }),
  r('CLI-GEN-01', '§8.4', 'MUST', 'clients call every endpoint and filter', {
    unchecked: 'a client requirement: the suite tests servers (the client package tests it)',
  }),
  r('CLI-GEN-02', '§3.5', 'MUST', 'clients follow more/next and poll status', {
    unchecked: 'a client requirement: the suite tests servers (the client package tests it)',
  }),
  r('CLI-GEN-03', '§3.6', 'MUST', 'clients surface TAXII errors as typed errors', {
    unchecked: 'a client requirement: the suite tests servers (the client package tests it)',
  }),
];

export const REQUIREMENT_BY_ID: ReadonlyMap<string, Requirement> = new Map(REQUIREMENTS.map((req) => [req.id, req]));
