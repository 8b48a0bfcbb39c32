// Verifies Basic credentials against the configured users. scrypt is deliberately slow, so a
// successful check is remembered for a short time, keyed by a keyed hash of the credentials:
// the plain password is never kept. Unknown users cost the same scrypt work as known ones, so
// timing does not reveal which user names exist.
import { createHmac, randomBytes } from 'node:crypto';
import type { AuthenticatedUser, CredentialVerifier } from '@taxii21/server';
import type { ServerConfig } from './config.js';
import { hashPassword, verifyPassword } from './passwords.js';

const REMEMBER_MS = 5 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

export function createCredentialVerifier(users: ServerConfig['users']): CredentialVerifier {
  const hashes = new Map(users.map((u) => [u.username, u.passwordHash]));
  const cacheKey = randomBytes(32);
  const remembered = new Map<string, { user: AuthenticatedUser; until: number }>();
  const decoy = hashPassword(randomBytes(16).toString('hex'));

  return async (username, password) => {
    const key = createHmac('sha256', cacheKey).update(username).update('\0').update(password).digest('base64');
    const hit = remembered.get(key);
    if (hit && hit.until > Date.now()) return hit.user;

    const hash = hashes.get(username);
    const ok = await verifyPassword(password, hash ?? (await decoy));
    if (!ok || hash === undefined) return null;
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    const user = { username };
    remembered.set(key, { user, until: Date.now() + REMEMBER_MS });
    return user;
  };
}
