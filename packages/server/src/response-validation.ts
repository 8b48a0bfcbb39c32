// Checks each handler result against the description before it is sent: the status must be
// declared for the operation, the body must match its schema (or be absent when none is
// declared), and declared headers must match theirs. A mismatch is a server bug, answered 500.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { describedResponses, type OpenApiDocument } from '@taxii21/spec';
import type { OperationId } from './contract.js';
import { TAXII_MEDIA_TYPE } from './negotiation.js';

type ResponseCheck = { body: ValidateFunction | null; headers: Map<string, ValidateFunction> };

export class ResponseContractError extends Error {
  constructor(
    readonly operationId: OperationId,
    readonly status: number,
    readonly problems: string[],
  ) {
    super(`${operationId} ${status} does not match the description: ${problems.join('; ')}`);
    this.name = 'ResponseContractError';
  }
}

const DESCRIPTION_ID = 'taxii:description';

/** `spec` keeps its `$ref`s (loadValidationSpec): each shared schema is compiled once. */
export function createResponseValidator(spec: OpenApiDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS; its function is also exposed as `.default`, which types resolve.
  formats.default(ajv);
  ajv.addSchema(spec, DESCRIPTION_ID);
  const compile = (pointer: string) => ajv.compile({ $ref: `${DESCRIPTION_ID}${pointer}` });
  const checks = new Map<string, ResponseCheck>();
  for (const response of describedResponses(spec, TAXII_MEDIA_TYPE)) {
    const headers = new Map(response.headers.map((header) => [header.name.toLowerCase(), compile(header.schema)] as const));
    checks.set(`${response.operationId} ${response.status}`, { body: response.body ? compile(response.body) : null, headers });
  }

  return function validateResponse(operationId: OperationId, status: number, body: unknown, headers: Record<string, unknown>): void {
    const check = checks.get(`${operationId} ${status}`);
    if (!check) throw new ResponseContractError(operationId, status, [`status ${status} is not declared`]);
    const problems: string[] = [];
    if (check.body === null) {
      if (body !== undefined) problems.push('a body was sent where none is declared');
    } else if (!check.body(body)) {
      problems.push(...(check.body.errors ?? []).map((e) => `body${e.instancePath} ${e.message}`));
    }
    for (const [name, value] of Object.entries(headers)) {
      const validate = check.headers.get(name.toLowerCase());
      if (validate && !validate(value)) problems.push(`header ${name} ${validate.errors?.[0]?.message}`);
    }
    if (problems.length > 0) throw new ResponseContractError(operationId, status, problems);
  };
}
