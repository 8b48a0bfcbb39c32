// `taxii validate FILE`: checks the objects of a bundle, envelope, JSON array or NDJSON file
// (gzip allowed) against the STIX 2.1 schemas of the description and the standard's prose rules,
// without a server. One line per invalid object, then a count; exit 1 when any is invalid.
import { createStixValidator, type StixCheck } from '@taxii21/stix';
import { EXIT } from './exit-codes.js';
import { streamObjectsFile } from './read-objects.js';

export type ValidationReport = {
  total: number;
  /** Objects of a STIX 2.1 type that passed its schema and rules. */
  valid: number;
  /** Custom, extension and STIX 2.0 objects, and later versions: checked only as TAXII sees any object. */
  other: number;
  invalid: number;
  /** The invalid objects, in file order, with every problem found. */
  problems: Array<{ index: number; id?: string; type?: string; errors: string[] }>;
};

/** Checks the objects one at a time, so a file of any size is validated in bounded memory. */
export async function validateObjects(objects: Iterable<unknown> | AsyncIterable<unknown>): Promise<ValidationReport> {
  const validator = createStixValidator();
  const report: ValidationReport = { total: 0, valid: 0, other: 0, invalid: 0, problems: [] };
  for await (const object of objects) {
    const index = report.total++;
    const check: StixCheck = validator.check(object);
    if (!check.valid) {
      report.invalid++;
      report.problems.push({ index, ...(check.id !== undefined && { id: check.id }), ...(check.type !== undefined && { type: check.type }), errors: check.errors });
    } else if (check.checkedAs === 'other') report.other++;
    else report.valid++;
  }
  return report;
}

export async function validateCommand(file: string, json: boolean, stdout: NodeJS.WritableStream): Promise<number> {
  const report = await validateObjects(streamObjectsFile(file));
  if (json) stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const p of report.problems) stdout.write(`invalid: ${p.id ?? `objects[${p.index}]`}${p.type ? ` (${p.type})` : ''}: ${p.errors.join('; ')}\n`);
    stdout.write(`${report.total} objects: ${report.valid} valid STIX 2.1, ${report.other} other (custom, extension or STIX 2.0; checked only for type and id), ${report.invalid} invalid\n`);
  }
  return report.invalid > 0 ? EXIT.taxiiError : EXIT.ok;
}
