// MISP's TAXII push (MISP/MISP, app/files/scripts/taxii/taxii_push.py), which MISP runs to push
// converted events to a configured TAXII server, on taxii2-client:
// - `taxii2client.ApiRoot(baseurl + "/" + api_root).max_content_length`: reads the API root
//   (taxii2-client adds the final slash, and validates title, versions and max_content_length);
// - `Collection(api_root_url + "/collections/" + id).add_objects(envelope, wait_for_completion=False)`:
//   reads the collection first (`_verify_can_write`: can_write must be true), then POSTs;
// - `make_taxii_envelopes` packs the objects as `{"objects":[` + objects joined by `,` + `]}` until
//   the next one would pass max_content_length bytes. It trusts max_content_length alone: an
//   envelope of up to that many bytes, with as many objects as fit, has to be taken, or the push
//   stops ("An error occurred!") and the rest is never sent;
// - the status is validated (taxii2-client's rules) and a non-zero failure_count logged as an error.
import { bodyField, type Findings, type ConsumerContext, type ConsumerProfile } from './profile.js';
import { statusProblems } from './taxii2-client.js';
import { withQuery } from '../context.js';

const MEDIA = 'application/taxii+json;version=2.1';
/** The probe's envelope is max_content_length bytes, up to this: enough to pass a count limit of 10,000 objects. */
export const MISP_PROBE_CAP_BYTES = 8 * 1024 * 1024;

/**
 * An envelope of exactly `bytes` bytes packed the way make_taxii_envelopes packs, of indicators the
 * size of MISP's converted attributes. They are versions of one object, so that one delete removes them.
 */
export function mispEnvelope(id: string, bytes: number): { body: string; count: number } {
  const version = (i: number) => new Date(Date.UTC(2026, 0, 1) + i).toISOString();
  const indicator = (i: number, description?: string) =>
    JSON.stringify({
      type: 'indicator',
      spec_version: '2.1',
      id,
      created: version(0),
      modified: version(i),
      name: `taxii-conformance consumer probe (MISP push), attribute ${i}`,
      ...(description !== undefined && { description }),
      pattern: `[ipv4-addr:value = '198.51.100.${i % 250}']`,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: '2026-01-01T00:00:00Z',
      labels: ['misp:type="ip-dst"', 'misp:category="Network activity"', 'misp:to_ids="True"'],
      kill_chain_phases: [{ kill_chain_name: 'misp-category', phase_name: 'Network activity' }],
    });
  const prefix = '{"objects":[';
  const suffix = ']}';
  const parts: string[] = [];
  let length = prefix.length + suffix.length;
  for (let i = 0; ; i++) {
    const next = indicator(i);
    if (length + next.length + (parts.length > 0 ? 1 : 0) > bytes) break;
    parts.push(next);
    length += next.length + (parts.length > 1 ? 1 : 0);
  }
  // Pad the last object to the exact size: the probe asks for max_content_length, not a little under.
  const padding = ',"description":""'.length;
  while (parts.length > 0 && bytes - length > 0 && bytes - length < padding) length -= parts.pop()!.length + (parts.length > 0 ? 1 : 0);
  if (parts.length > 0 && bytes > length) {
    const last = parts.length - 1;
    const grown = indicator(last, '.'.repeat(bytes - length - padding));
    length += grown.length - parts[last]!.length;
    parts[last] = grown;
  }
  return { body: `${prefix}${parts.join(',')}${suffix}`, count: parts.length };
}

export const mispPush: ConsumerProfile = {
  name: 'misp-push',
  title: "MISP's TAXII push (taxii_push.py)",
  async judge(context: ConsumerContext, findings: Findings) {
    const { http } = context;
    const root = await http.get(context.apiRoot, { operation: 'getApiRoot' });
    if (!findings.answered(root, 'ApiRoot.max_content_length (getApiRoot)')) return;
    const maxContentLength = bodyField<unknown>(root, 'max_content_length');
    if (typeof maxContentLength !== 'number' || !Number.isInteger(maxContentLength) || maxContentLength < 1) {
      return findings.breaks(
        `ApiRoot: max_content_length is ${JSON.stringify(maxContentLength ?? null)}, not a positive integer, and the push sizes every envelope by it`,
      );
    }
    for (const field of ['title', 'versions'])
      if (!bodyField(root, field)) findings.breaks(`ApiRoot: the API root has no '${field}' (taxii2-client's _validate_api_root raises ValidationError)`);
    if (!context.write) return findings.cannotJudge('add_objects: read-only run (give --write-collection)');

    const collectionUrl = `${context.apiRoot}collections/${context.write.id}/`;
    const collection = await http.get(collectionUrl, { operation: 'getCollection' });
    if (!findings.answered(collection, 'Collection._verify_can_write (getCollection)')) return;
    if (bodyField(collection, 'can_write') !== true)
      return findings.breaks('Collection._verify_can_write: the collection says can_write is not true, so add_objects raises AccessError');

    const bytes = Math.min(maxContentLength, MISP_PROBE_CAP_BYTES);
    if (bytes < maxContentLength) findings.skip(`an envelope of the whole max_content_length (${maxContentLength} bytes): the probe sent ${bytes} bytes`);
    const id = `indicator--${context.runId}-0000-4000-8000-00000000615b`;
    const envelope = mispEnvelope(id, bytes);
    if (envelope.count === 0)
      return findings.breaks(
        `make_taxii_envelopes: max_content_length (${maxContentLength} bytes) is too small for one MISP attribute, so every object is skipped as "too large to be posted"`,
      );
    const what = `Collection.add_objects (an envelope of ${bytes} bytes, ${envelope.count} objects)`;
    const added = await http.request('POST', `${collectionUrl}objects/`, { operation: 'addObjects', contentType: MEDIA, body: envelope.body });
    try {
      if (!findings.answered(added, what, [200, 201, 202])) return;
      const status = added.json as Record<string, unknown>;
      for (const problem of statusProblems(status)) findings.breaks(`${what}: the status ${problem} (taxii2-client's _validate_status raises ValidationError)`);
      if (typeof status.failure_count === 'number' && status.failure_count > 0) {
        findings.breaks(
          `${what}: the status counts ${status.failure_count} failures, which the push logs as "The TAXII server failed to process some objects"`,
        );
      }
    } finally {
      await http.request('DELETE', withQuery(`${collectionUrl}objects/${id}/`, { 'match[version]': 'all' }), { operation: 'deleteObject' });
    }
  },
};
