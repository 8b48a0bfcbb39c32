// Splunk's CTIS TAXII app (splunk/ctis-taxii-splunk-app, TA_CTIS_TAXII/package/bin/common.py), which
// submits a grouping of indicators to a TAXII collection, on taxii2-client:
// - `ApiRoot(url=api_root_url, user, password).collections` (`get_taxii_collection`): a user name
//   and password only (Basic), the collections listed and validated, the chosen one found by `id`;
// - `taxii_collection.add_objects(bundle_json)` (`submit_grouping`): POSTs a STIX **bundle**
//   (`type`, `id`, `objects`: the grouping, its indicators, their identity) as the envelope, and
//   waits (taxii2-client's defaults): while the status is not complete it polls
//   `<api-root>status/<id>` (no final slash) every second, for up to 60 s;
// - any exception marks the submission FAILED; otherwise it is SENT and the status kept for the
//   user to read.
import { bodyField, type Findings, type ConsumerContext, type ConsumerProfile } from './profile.js';
import { collectionProblems, contentTypeProblem, statusProblems } from './taxii2-client.js';
import { withQuery, type CollectionInfo } from '../context.js';

const MEDIA = 'application/taxii+json;version=2.1';
const WAIT_MS = 60_000;

/** What the app submits: a bundle of an identity, an indicator and the grouping of them. */
export function ctisBundle(runId: string): { bundle: Record<string, unknown>; ids: string[] } {
  const id = (type: string, tail: string) => `${type}--${runId}-0000-4000-8000-${tail}`;
  const stamp = '2026-01-01T00:00:00.000Z';
  const identity = {
    type: 'identity',
    spec_version: '2.1',
    id: id('identity', '00000000c715'),
    created: stamp,
    modified: stamp,
    name: 'taxii-conformance consumer probe (Splunk CTIS)',
    identity_class: 'organization',
  };
  const indicator = {
    type: 'indicator',
    spec_version: '2.1',
    id: id('indicator', '00000000c715'),
    created: stamp,
    modified: stamp,
    created_by_ref: identity.id,
    name: 'Destination IPv4 address',
    indicator_types: ['malicious-activity'],
    pattern: "[ipv4-addr:value = '198.51.100.15']",
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
  };
  const grouping = {
    type: 'grouping',
    spec_version: '2.1',
    id: id('grouping', '00000000c715'),
    created: stamp,
    modified: stamp,
    created_by_ref: identity.id,
    name: 'taxii-conformance probe grouping',
    context: 'suspicious-activity',
    object_refs: [indicator.id],
  };
  return {
    bundle: { type: 'bundle', id: `bundle--${runId}-0000-4000-8000-00000000c715`, objects: [identity, indicator, grouping] },
    ids: [identity.id, indicator.id, grouping.id],
  };
}

export const splunkCtis: ConsumerProfile = {
  name: 'splunk-ctis',
  title: "Splunk's CTIS TAXII app (ctis-taxii-splunk-app)",
  async judge(context: ConsumerContext, findings: Findings) {
    if (context.credentials === 'token')
      return findings.cannotJudge(
        'everything: the suite signs in with a token, and the app sends only a user name and password (run the suite with a user and password)',
      );
    if (context.credentials === 'none' && context.clientCertificate)
      return findings.cannotJudge('everything: the suite signs in with a client certificate, which the app cannot present');
    const { http } = context;
    const listed = await http.get(`${context.apiRoot}collections/`, { operation: 'getCollections' });
    if (!findings.answered(listed, 'ApiRoot.collections (getCollections)')) return;
    const typeProblem = contentTypeProblem(listed);
    if (typeProblem) return findings.breaks(`ApiRoot.collections: ${typeProblem}`);
    const collections = bodyField<CollectionInfo[]>(listed, 'collections') ?? [];
    for (const item of collections) for (const problem of collectionProblems(item)) findings.breaks(`ApiRoot.collections: ${problem}`);
    if (!context.write) return findings.cannotJudge('add_objects: read-only run (give --write-collection)');
    const target = collections.find((c) => c.id === context.write!.id);
    if (!target)
      return findings.breaks(
        `get_taxii_collection: collection ${context.write.id} is not listed by getCollections ("Collection ID … not found in TAXII server.")`,
      );
    if (target.can_write !== true)
      return findings.breaks(`get_taxii_collection: collection ${context.write.id} is listed with can_write not true, so add_objects raises AccessError`);

    const { bundle, ids } = ctisBundle(context.runId);
    const objectsUrl = `${context.apiRoot}collections/${context.write.id}/objects/`;
    const what = 'add_objects(bundle_json) (a STIX bundle as the envelope)';
    const added = await http.request('POST', objectsUrl, { operation: 'addObjects', contentType: MEDIA, body: JSON.stringify(bundle) });
    try {
      if (!findings.answered(added, what, [200, 201, 202])) return;
      let status = added.json as Record<string, unknown>;
      for (const problem of statusProblems(status)) findings.breaks(`${what}: the status ${problem} (taxii2-client's _validate_status raises ValidationError)`);
      const deadline = Date.now() + WAIT_MS;
      while (status.status !== 'complete' && typeof status.id === 'string' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const polled = await http.get(`${context.apiRoot}status/${status.id}`, { operation: 'getStatus' });
        if (!findings.answered(polled, `Status.wait_until_final (GET ${context.apiRoot}status/${status.id}, no final slash)`)) return;
        status = polled.json as Record<string, unknown>;
        for (const problem of statusProblems(status))
          findings.breaks(`Status.wait_until_final: the status ${problem} (taxii2-client's _validate_status raises ValidationError)`);
      }
      if (status.status !== 'complete')
        findings.warns(`${what}: the status is still ${String(status.status)} after 60 s; the submission is marked sent with that status`);
      if (typeof status.failure_count === 'number' && status.failure_count > 0) {
        findings.breaks(
          `${what}: the server took ${String(status.success_count)} of the grouping's ${ids.length} objects (failure_count ${status.failure_count}); the submission shows "sent", with the failures only in its stored response`,
        );
      }
    } finally {
      for (const id of ids) await http.request('DELETE', withQuery(`${objectsUrl}${id}/`, { 'match[version]': 'all' }), { operation: 'deleteObject' });
    }
  },
};
