// `taxii validate FILE`: checks the objects of a bundle, envelope, JSON array or NDJSON file
// (gzip allowed) against the STIX 2.1 schemas of the description and the standard's prose rules,
// without a server. One line per invalid object, then a count; exit 1 when any is invalid, or is
// not STIX 2.1 at all (STIX 2.0, a later version) unless --accept-other-versions.
import { createStixValidator, type StixCheck } from '@taxii21/stix';
import { EXIT } from './exit-codes.js';
import { streamObjectsFile } from './read-objects.js';

export type ValidationReport = {
  total: number;
  /** Objects of a STIX 2.1 type that passed its schema and rules. */
  valid: number;
  /** Custom and extension objects of STIX 2.1 (`spec_version: "2.1"`) that passed its naming rules. */
  custom: number;
  /** STIX 2.0 content and later versions: not STIX 2.1, checked only as TAXII sees any object. */
  otherVersions: number;
  invalid: number;
  /** The invalid objects, in file order, with every problem found. */
  problems: Array<{ index: number; id?: string; type?: string; errors: string[] }>;
  /** The objects that are not STIX 2.1, in file order, with what they are. */
  notStix21: Array<{ index: number; id?: string; type?: string; reason: string }>;
};

/** Checks the objects one at a time, so a file of any size is validated in bounded memory. */
export async function validateObjects(objects: Iterable<unknown> | AsyncIterable<unknown>): Promise<ValidationReport> {
  const validator = createStixValidator();
  const report: ValidationReport = { total: 0, valid: 0, custom: 0, otherVersions: 0, invalid: 0, problems: [], notStix21: [] };
  for await (const object of objects) {
    const index = report.total++;
    const check: StixCheck = validator.check(object);
    if (!check.valid) {
      report.invalid++;
      report.problems.push({
        index,
        ...(check.id !== undefined && { id: check.id }),
        ...(check.type !== undefined && { type: check.type }),
        errors: check.errors,
      });
    } else if (!check.stix21) {
      report.otherVersions++;
      report.notStix21.push({
        index,
        ...(check.id !== undefined && { id: check.id }),
        ...(check.type !== undefined && { type: check.type }),
        reason: check.reason ?? 'not STIX 2.1',
      });
    } else if (check.checkedAs === 'other') report.custom++;
    else report.valid++;
  }
  return report;
}

export async function validateCommand(file: string, json: boolean, stdout: NodeJS.WritableStream, acceptOtherVersions = false): Promise<number> {
  const report = await validateObjects(streamObjectsFile(file));
  const name = (o: { index: number; id?: string; type?: string }) => `${o.id ?? `objects[${o.index}]`}${o.type ? ` (${o.type})` : ''}`;
  if (json) stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const p of report.problems) stdout.write(`invalid: ${name(p)}: ${p.errors.join('; ')}\n`);
    if (!acceptOtherVersions) for (const o of report.notStix21) stdout.write(`not STIX 2.1: ${name(o)}: ${o.reason}\n`);
    stdout.write(
      `${report.total} objects: ${report.valid} valid STIX 2.1, ${report.custom} custom STIX 2.1 (custom or extension types), ${report.otherVersions} not STIX 2.1 (STIX 2.0 or a later version${acceptOtherVersions ? ', accepted' : ''}), ${report.invalid} invalid\n`,
    );
  }
  return report.invalid > 0 || (report.otherVersions > 0 && !acceptOtherVersions) ? EXIT.taxiiError : EXIT.ok;
}
