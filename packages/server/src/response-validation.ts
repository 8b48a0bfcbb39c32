// Checks each handler result against the description before it is sent: the status must be
// declared for the operation, the body must match its schema (or be absent when none is
// declared), and declared headers must match theirs. A mismatch is a server bug, answered 500.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { OpenApiDocument } from '@taxii21/spec';
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

export function createResponseValidator(dereferenced: OpenApiDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS; its function is also exposed as `.default`, which types resolve.
  formats.default(ajv);
  const checks = new Map<string, ResponseCheck>();

  for (const pathItem of Object.values(dereferenced.paths)) {
    for (const operation of Object.values(pathItem) as Array<{ operationId?: OperationId; responses?: Record<string, any> }>) {
      if (!operation?.operationId || !operation.responses) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.[TAXII_MEDIA_TYPE]?.schema;
        const headers = new Map<string, ValidateFunction>();
        for (const [name, header] of Object.entries<any>(response.headers ?? {})) {
          headers.set(name.toLowerCase(), ajv.compile(header.schema));
        }
        checks.set(`${operation.operationId} ${status}`, { body: schema ? ajv.compile(schema) : null, headers });
      }
    }
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
