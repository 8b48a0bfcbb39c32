// Verifies Basic credentials against the configured users. scrypt is deliberately slow, so a
// successful check is remembered for a short time, keyed by a keyed hash of the credentials:
// the plain password is never kept. Unknown users cost the same scrypt work as known ones, so
// timing does not reveal which user names exist; but that work is bounded: at most one such decoy
// check runs at a time, and once an address has failed `maxFailedLoginsPerAddress` times in the
// window, its unknown names are refused without one — after waiting as long as a real check
// takes (a timer, not CPU), so that the answer's timing still does not tell a known name from an
// unknown one. So a flood of made-up names cannot take the CPU and the scrypt threads from real
// logins. Repeated failures are limited per user name and
// client address (SRV-SEC-05); a pair over the limit is refused before any password is checked.
// Requests that arrive with the same credentials while their check runs wait for that one check:
// a client opening 50 connections at once (as SDK clients with a connection pool do) once ran
// 50 scrypt checks of 32 MB each, which took the CPU for seconds and the process's memory up by 80 MB.
import { createHmac, randomBytes } from 'node:crypto';
import { ErrorAnswer, type AuthenticatedUser, type CredentialVerifier } from '@taxii21/server';
import type { ServerConfig } from './config.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';

const REMEMBER_MS = 5 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

/** Decoy checks waiting for their turn beyond this are refused at once. */
const MAX_WAITING_DECOYS = 32;

/** Runs one task at a time; refuses (undefined) when too many are already waiting. */
function oneAtATime() {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  return async <T>(task: () => Promise<T>): Promise<T | undefined> => {
    if (waiting >= MAX_WAITING_DECOYS) return undefined;
    waiting++;
    const run = tail.then(task, task);
    tail = run.catch(() => undefined).finally(() => waiting--);
    return run;
  };
}

export function createCredentialVerifier(
  users: ServerConfig['users'],
  throttle: LoginThrottle,
  addressThrottle?: LoginThrottle,
  checkPassword: (password: string, hash: string) => Promise<boolean> = verifyPassword,
): CredentialVerifier {
  const hashes = new Map(users.flatMap((u) => (u.passwordHash === undefined ? [] : [[u.username, u.passwordHash] as const])));
  const decoyTurn = oneAtATime();
  const cacheKey = randomBytes(32);
  const remembered = new Map<string, { user: AuthenticatedUser; until: number }>();
  const checking = new Map<string, Promise<boolean>>();
  /** One password check per key at a time; concurrent requests with the same credentials share its answer. */
  const checkOnce = (key: string, password: string, hash: string): Promise<boolean> => {
    let check = checking.get(key);
    if (!check) {
      check = timedCheck(password, hash).finally(() => checking.delete(key));
      checking.set(key, check);
    }
    return check;
  };
  const decoy = hashPassword(randomBytes(16).toString('hex'));
  // How long a password check takes here, kept as a moving average of the checks run.
  let typicalCheckMs: number | undefined;
  const timedCheck = async (password: string, hash: string): Promise<boolean> => {
    const started = performance.now();
    try {
      return await checkPassword(password, hash);
    } finally {
      const took = performance.now() - started;
      typicalCheckMs = typicalCheckMs === undefined ? took : 0.8 * typicalCheckMs + 0.2 * took;
    }
  };
  /** As long as a check would take, give or take a tenth; before any check ran, as long as one now takes. */
  const asLongAsACheck = async (password: string) => {
    if (typicalCheckMs === undefined) return void (await timedCheck(password, await decoy));
    await new Promise((resolve) => setTimeout(resolve, typicalCheckMs! * (0.9 + Math.random() * 0.2)));
  };

  return async (username, password, { clientAddress }) => {
    const state = await throttle.check(clientAddress, username);
    const wait = state.retryAfterSeconds;
    if (wait > 0) {
      throw new ErrorAnswer(429, `Too many failed logins for this user name from this address. Try again in ${wait} seconds.`, {
        headers: { 'Retry-After': String(wait) },
      });
    }
    const key = createHmac('sha256', cacheKey).update(username).update('\0').update(password).digest('base64');
    const hit = remembered.get(key);
    // A success clears the count only when there is one: with a shared ledger every clear is a write.
    const succeeded = async (user: AuthenticatedUser) => {
      if (state.hasFailures) await throttle.recordSuccess(clientAddress, username);
      return user;
    };
    if (hit && hit.until > Date.now()) return succeeded(hit.user);

    const hash = hashes.get(username);
    const fail = async () => {
      await Promise.all([throttle.recordFailure(clientAddress, username), addressThrottle?.recordFailure(clientAddress, '')]);
      return null;
    };
    if (hash === undefined) {
      if (addressThrottle && (await addressThrottle.retryAfterSeconds(clientAddress, '')) > 0) {
        await asLongAsACheck(password);
        return fail();
      }
      await decoyTurn(async () => timedCheck(password, await decoy));
      return fail();
    }
    // Each request that shares a failed check still counts as one failure of its own.
    if (!(await checkOnce(key, password, hash))) return fail();
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    const user = { username };
    remembered.set(key, { user, until: Date.now() + REMEMBER_MS });
    return succeeded(user);
  };
}
