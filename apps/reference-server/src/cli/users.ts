// Adds a user (or replaces its password) in a configuration file, keeping the file's comments
// and layout; only the password's hash is written.
import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { hashPassword } from '../passwords.js';

export type UserChange = 'added' | 'updated';

export async function setUserPassword(configFile: string, username: string, password: string): Promise<UserChange> {
  if (!/^[^:\s]+$/.test(username)) throw new Error('a user name may not contain spaces or ":"');
  if (password.length < 8) throw new Error('the password must have at least 8 characters');
  const doc = parseDocument(readFileSync(configFile, 'utf8'));
  if (doc.errors.length > 0) throw new Error(`${configFile} is not valid YAML: ${doc.errors[0]!.message}`);
  let users = doc.get('users');
  if (users === undefined || users === null) {
    users = new YAMLSeq();
    doc.set('users', users);
  }
  if (!isSeq(users)) throw new Error(`${configFile}: users must be a list`);
  // `users: []` in the file is a flow sequence; entries read better as a block list.
  users.flow = false;
  const passwordHash = await hashPassword(password);
  const existing = users.items.find((item) => isMap(item) && item.get('username') === username) as YAMLMap | undefined;
  if (existing) existing.set('passwordHash', passwordHash);
  else users.add(doc.createNode({ username, passwordHash }));
  writeFileSync(configFile, doc.toString({ lineWidth: 0 }));
  return existing ? 'updated' : 'added';
}
