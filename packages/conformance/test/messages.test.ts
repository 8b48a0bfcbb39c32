// What a person reads when a check does not pass: the request, what came back, the rule and its
// section of the standard, and one line (with a count) for a problem that repeats.
import { describe, expect, it } from 'vitest';
import { runCheck, type Check } from '../src/check.js';
import type { Exchange } from '../src/http.js';

function answer(path: string, status: number, contentType: string): Exchange {
  return {
    operation: 'getObjects',
    method: 'GET',
    url: `http://taxii.test${path}`,
    requestHeaders: {},
    status,
    headers: { 'content-type': contentType },
    bodyText: '{}',
    json: {},
    utf8: true,
    durationMs: 1,
  };
}

describe('messages', () => {
  it('name the request, the answer, the rule and its section', async () => {
    const check: Check<unknown> = {
      id: 'SRV-FLT-02',
      run(judge) {
        judge.expectStatus(answer('/api/c/manifest/?added_after=yesterday', 500, 'application/taxii+json;version=2.1'), 400, 'added_after=yesterday');
      },
    };
    const result = await runCheck(check, undefined);
    expect(result.outcome).toBe('fail');
    expect(result.section).toBe('§3.4');
    expect(result.message).toBe(
      'added_after=yesterday: expected 400, got 500 (GET /api/c/manifest/?added_after=yesterday → 500). §3.4: added_after keeps strictly later records; bad timestamps give 400',
    );
  });

  it('collapse one problem seen on many requests into one line with a count', async () => {
    const check: Check<unknown> = {
      id: 'SRV-MT-01',
      run(judge) {
        for (let i = 0; i < 12; i++) judge.expect(false, 'Content-Type is "text/html"', answer(`/api/c${i}/`, 200, 'text/html'));
        judge.expect(false, 'Content-Type is "text/plain"', answer('/api/', 200, 'text/plain'));
      },
    };
    const result = await runCheck(check, undefined);
    expect(result.details).toEqual(['Content-Type is "text/html" (×12, first: GET /api/c0/ → 200)', 'Content-Type is "text/plain" (GET /api/ → 200)']);
    expect(result.message).toMatch(/^Content-Type is "text\/html" \(×12, first: GET \/api\/c0\/ → 200\)\. §1\.6\.8\.1: /);
  });
});
