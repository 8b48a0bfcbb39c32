// TAXII_MEDIA_TYPE is the package's one spelling of TAXII's media type, which the server, the
// client and the suite all take from here: it must be exactly the type every TAXII body in the
// description is described under, or each of them would speak something the description does not.
import { describe, expect, it } from 'vitest';
import { loadSpec, TAXII_MEDIA_TYPE } from '../src/index.js';

type Json = Record<string, any>;

/** Every media type the description names for a request or response body, with where. */
function bodyMediaTypes(spec: Json): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const content = (where: string, holder: Json | undefined) => {
    for (const type of Object.keys(holder?.content ?? {})) found.push([where, type]);
  };
  for (const [name, response] of Object.entries<Json>(spec.components.responses ?? {})) content(`responses.${name}`, response);
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      content(`${method} ${path} request`, operation.requestBody);
      for (const [code, response] of Object.entries<Json>(operation.responses)) content(`${method} ${path} ${code}`, response);
    }
  }
  return found;
}

describe('TAXII_MEDIA_TYPE', () => {
  it('is the one media type of every response the description names, and one that addObjects takes', () => {
    const found = bodyMediaTypes(loadSpec());
    const responses = found.filter(([where]) => !where.endsWith(' request'));
    expect(responses.length).toBeGreaterThanOrEqual(20);
    expect(responses.filter(([, type]) => type !== TAXII_MEDIA_TYPE)).toEqual([]);
    // A request body may also say application/taxii+json without a version (§1.6.8.1).
    const requests = found.filter(([where]) => where.endsWith(' request'));
    expect(requests.map(([, type]) => type).sort()).toEqual(['application/taxii+json', TAXII_MEDIA_TYPE]);
  });
});
