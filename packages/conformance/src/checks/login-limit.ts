// Failed-login handling (SRV-SEC-05), run after everything else and after clean-up: a server that
// limits failed logins per client address alone would refuse this client for a while, and no other
// check should pay for that.
import { randomUUID } from 'node:crypto';
import type { Check } from '../check.js';
import type { Context } from '../context.js';

/** More than the common limits of 5 or 10, few enough to cost a server little. */
export const LOGIN_PROBES = 15;

export const loginLimitChecks: Check<Context>[] = [
  {
    id: 'SRV-SEC-05',
    async run(judge, context) {
      const apiRoot = context.target.apiRoot;
      if (!apiRoot || !context.target.apiRootResource) return judge.skip(context.target.problem ?? 'no API root could be read');
      // The suite's own user name: a real account is never locked by this.
      const username = `taxii-conformance-${randomUUID()}`;
      for (let attempt = 1; attempt <= LOGIN_PROBES; attempt++) {
        const secret = `conformance-secret-${randomUUID()}`;
        const answer = await context.http.get(apiRoot, { operation: 'getApiRoot', auth: { username, password: secret } });
        if (answer.status === 200) return judge.skip('the API root is served without checking credentials');
        judge.expect(
          !answer.bodyText.includes(secret) && !Object.values(answer.headers).some((v) => v.includes(secret)),
          'the answer to a wrong password repeats the password',
          answer,
        );
        if (answer.status === 429) {
          judge.see(answer);
          judge.note(
            `failed logins are limited: 429 after ${attempt - 1} failures${answer.headers['retry-after'] ? `, Retry-After ${answer.headers['retry-after']}` : ''}`,
          );
          return;
        }
        if (!judge.expectStatus(answer, 401, `failed login ${attempt}`)) return;
      }
      judge.expect(false, `${LOGIN_PROBES} failed logins in a row for one user name were all answered 401: no rate limiting seen`);
      judge.note('hashed storage and constant-time comparison cannot be observed from outside');
    },
  },
];
