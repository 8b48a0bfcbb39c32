// Response schemas from the bundled description, compiled with our own Ajv instance: the judge of
// SRV-RES-01 is independent of whatever the server under test uses.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { describedResponses, loadValidationSpec } from '@taxii21/spec';
import { TAXII, type Operation } from './http.js';

export class SpecSchemas {
  readonly #byResponse = new Map<string, ValidateFunction>();
  readonly #declared = new Map<Operation, Set<number>>();

  constructor() {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    formats.default(ajv);
    // Envelope items are judged as OtherStixObject (loadValidationSpec): what TAXII requires of
    // any object. Whether they are valid STIX is not a TAXII conformance question.
    ajv.addSchema(loadValidationSpec(), 'taxii:description');
    for (const response of describedResponses(loadValidationSpec(), TAXII)) {
      const operation = response.operationId as Operation;
      const declared = this.#declared.get(operation) ?? new Set<number>();
      declared.add(response.status);
      this.#declared.set(operation, declared);
      if (response.body) this.#byResponse.set(`${operation} ${response.status}`, ajv.compile({ $ref: `taxii:description${response.body}` }));
    }
  }

  /** Whether the description lists this status for the operation. */
  declares(operation: Operation, status: number): boolean {
    return this.#declared.get(operation)?.has(status) ?? false;
  }

  /**
   * Problems with a body, or [] when it matches. Undefined when the description has no schema for
   * that status (undeclared statuses are judged by the checks, not here).
   */
  problems(operation: Operation, status: number, body: unknown): string[] | undefined {
    const validate = this.#byResponse.get(`${operation} ${status}`);
    if (!validate) return undefined;
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      );
  }
}
