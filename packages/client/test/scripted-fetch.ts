// A fetch that answers from a script, one step per request, and records what it was sent.
import type { FetchLike } from '../src/index.js';

export type Step = (init: RequestInit, url: string) => Response | Promise<Response>;
export type RecordedCall = { url: string; method: string; headers: Headers; body: string | undefined };

export function scriptedFetch(steps: Step[]): FetchLike & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const body = init.body ? new TextDecoder().decode(init.body as ArrayBuffer) : undefined;
    calls.push({ url, method: init.method ?? 'GET', headers: new Headers(init.headers), body });
    const step = steps[calls.length - 1];
    if (!step) throw new Error(`unexpected request ${calls.length}: ${init.method} ${url}`);
    return step(init, url);
  };
  return Object.assign(fetch, { calls });
}

export function taxiiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/taxii+json;version=2.1', ...headers } });
}
