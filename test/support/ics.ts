// Loads ATT&CK for ICS (the project's own copy) into a collection through the client.
import { fileURLToPath } from 'node:url';
import { TaxiiClient, type StixObject } from '@taxii21/client';
import { readBundleObjects } from '@taxii21/reference-server';
import { USERS, type RunningServer } from './reference-server.js';

export const ICS_BUNDLE = fileURLToPath(new URL('../../apps/reference-server/data/ics-attack.json.gz', import.meta.url));

export async function loadIcs(server: RunningServer, collection: string): Promise<number> {
  const objects = (await readBundleObjects(ICS_BUNDLE)) as StixObject[];
  const report = await new TaxiiClient({ auth: { username: 'analyst', password: USERS.analyst } }).apiRoot(server.apiRoot).addObjects(collection, objects);
  if (report.success_count !== objects.length) throw new Error(`loading ICS: ${report.failure_count} failures`);
  return objects.length;
}
