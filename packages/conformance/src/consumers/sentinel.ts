// Microsoft Sentinel's "Threat Intelligence – TAXII" data connector. Its client is not public; this
// profile holds to what Microsoft documents ("Connect Microsoft Sentinel to STIX/TAXII threat
// intelligence feeds", learn.microsoft.com/azure/sentinel/connect-threat-intelligence-taxii, source
// MicrosoftDocs/azure-docs, articles/sentinel/connect-threat-intelligence-taxii.md):
// - it is given an **API root URL and a collection ID**, not a discovery URL, and a user name and
//   password only when the server needs them: Basic or nothing (no tokens, no client certificates);
// - adding the server checks the connection ("a connection to the TAXII server was established");
// - it imports the collection's indicators: "all available", or those at most one day, week or
//   month old, then polls once a minute, hour or day, for STIX 2.0 or 2.1. How it pages is not
//   documented: the profile asks for first pages only.
import { bodyField, type Findings, recordsOf, type ConsumerContext, type ConsumerProfile } from './profile.js';
import { withQuery } from '../context.js';

const TAXII_VERSIONS = ['application/taxii+json;version=2.1', 'application/taxii+json;version=2.0'];
const ONE_DAY_MS = 24 * 3600_000;

export const sentinel: ConsumerProfile = {
  name: 'sentinel',
  title: "Microsoft Sentinel's Threat Intelligence – TAXII connector (documented behaviour)",
  async judge(context: ConsumerContext, findings: Findings) {
    if (context.credentials === 'token')
      return findings.cannotJudge(
        'everything: the suite signs in with a token, and Sentinel sends only a user name and password, or nothing (run the suite with a user and password)',
      );
    if (context.credentials === 'none' && context.clientCertificate)
      return findings.cannotJudge('everything: the suite signs in with a client certificate, which Sentinel cannot present');
    const { http } = context;
    const root = await http.get(context.apiRoot, { operation: 'getApiRoot' });
    if (!findings.answered(root, 'connection check (getApiRoot at the API root URL)')) return;
    const versions = bodyField<unknown>(root, 'versions');
    if (!Array.isArray(versions) || !versions.some((v) => typeof v === 'string' && TAXII_VERSIONS.includes(v.replace(/ /g, '')))) {
      findings.breaks(
        `connection check: the API root's versions (${JSON.stringify(versions ?? null)}) name neither TAXII 2.1 nor 2.0, the two Sentinel speaks`,
      );
    }
    if (!context.read) return findings.cannotJudge('import: no readable collection with records');
    const collection = await http.get(`${context.apiRoot}collections/${context.read.id}/`, { operation: 'getCollection' });
    if (!findings.answered(collection, 'connection check (getCollection for the collection ID)')) return;
    if (bodyField(collection, 'can_read') !== true)
      return findings.breaks('connection check: the collection says can_read is not true, so there is nothing to import');

    // How it pages past the first answer is not documented, so only first answers are asked for.
    const objectsUrl = `${context.apiRoot}collections/${context.read.id}/objects/`;
    const all = await http.get(objectsUrl, { operation: 'getObjects' });
    if (!findings.answered(all, 'import "All available" (getObjects, first page)')) return;
    if (recordsOf(all).length === 0) findings.breaks('import "All available": the first page of a collection with records has no objects');
    const dayAgo = new Date(Date.now() - ONE_DAY_MS).toISOString();
    const recent = await http.get(withQuery(objectsUrl, { added_after: dayAgo }), { operation: 'getObjects' });
    findings.answered(recent, `import "At most one day old" (getObjects, added_after=${dayAgo})`);
  },
};
