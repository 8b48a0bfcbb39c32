// Users in a configuration file: add one (or replace its password), list them with their rights,
// remove one with its rights. The file's comments and layout are kept; only hashes are written.
import { isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import { loadConfig } from '../config.js';
import { hashPassword } from '../passwords.js';
import { readDocument, topLevelList, writeDocument } from './config-document.js';

export type UserChange = 'added' | 'updated';

export async function setUserPassword(configFile: string, username: string, password: string): Promise<UserChange> {
  if (!/^[^:\s]+$/.test(username)) throw new Error('a user name may not contain spaces or ":"');
  if (password.length < 8) throw new Error('the password must have at least 8 characters');
  const doc = readDocument(configFile);
  const users = topLevelList(doc, 'users', configFile);
  const passwordHash = await hashPassword(password);
  const existing = users.items.find((item) => isMap(item) && item.get('username') === username) as YAMLMap | undefined;
  if (existing) existing.set('passwordHash', passwordHash);
  else users.add(doc.createNode({ username, passwordHash }));
  writeDocument(configFile, doc);
  return existing ? 'updated' : 'added';
}

export type UserRights = { username: string; read: string[]; write: string[] };

/** Every user of a valid configuration, with the collections (API root path + alias or id) they may read and write. */
export function listUsers(configFile: string): UserRights[] {
  const config = loadConfig(configFile);
  return config.users.map(({ username }) => {
    const rights: UserRights = { username, read: [], write: [] };
    for (const root of config.apiRoots) {
      for (const c of root.collections) {
        const name = `${root.path}${c.alias ?? c.id}`;
        if (c.read.includes(username)) rights.read.push(name);
        if (c.write.includes(username)) rights.write.push(name);
      }
    }
    return rights;
  });
}

/** Removes a user with every right and token naming it; returns how many rights and tokens went with it. */
export function removeUser(configFile: string, username: string): { rights: number; tokens: number } {
  const doc = readDocument(configFile);
  const users = doc.get('users');
  const index = isSeq(users) ? users.items.findIndex((item) => isMap(item) && item.get('username') === username) : -1;
  if (index < 0) throw new Error(`${configFile} has no user named '${username}'`);
  (users as YAMLSeq).items.splice(index, 1);
  let rights = 0;
  const roots = doc.get('apiRoots');
  for (const root of isSeq(roots) ? roots.items : []) {
    const collections = isMap(root) ? root.get('collections') : undefined;
    for (const collection of isSeq(collections) ? collections.items : []) {
      for (const right of ['read', 'write']) {
        const list = isMap(collection) ? collection.get(right) : undefined;
        if (!isSeq(list)) continue;
        const before = list.items.length;
        list.items = list.items.filter((item) => !(isScalar(item) && item.value === username));
        rights += before - list.items.length;
      }
    }
  }
  const tokens = doc.get('tokens');
  let removedTokens = 0;
  if (isSeq(tokens)) {
    const before = tokens.items.length;
    tokens.items = tokens.items.filter((item) => !(isMap(item) && item.get('username') === username));
    removedTokens = before - tokens.items.length;
  }
  writeDocument(configFile, doc);
  return { rights, tokens: removedTokens };
}
