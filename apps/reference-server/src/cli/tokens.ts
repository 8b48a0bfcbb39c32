// API tokens in a configuration file: make one for a user (the token is shown once; only its
// digest is written), list them, remove one. A running server takes changes on SIGHUP.
import { isMap, isSeq } from 'yaml';
import { newApiToken, type ApiTokenEntry } from '../api-tokens.js';
import { loadConfig } from '../config.js';
import { readDocument, topLevelList, writeDocument } from './config-document.js';

/** `--expires`: a date (`2027-06-30`, meaning 00:00 UTC that day), a date and time, or a number of days (`90d`). */
export function parseExpiry(text: string, now = new Date()): Date {
  const days = /^(\d{1,5})d$/.exec(text);
  const when = days
    ? new Date(now.getTime() + Number(days[1]) * 86_400_000)
    : /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? new Date(`${text}T00:00:00Z`)
      : new Date(text);
  if (Number.isNaN(when.getTime()) || !/^(\d{1,5}d|\d{4}-\d{2}-\d{2}([T ].*)?)$/.test(text)) {
    throw new Error(`--expires wants a date (2027-06-30), a date and time (2027-06-30T12:00:00Z) or a number of days (90d), got '${text}'`);
  }
  if (when <= now) throw new Error(`--expires ${text} is not in the future`);
  return when;
}

export function addToken(configFile: string, username: string, expires?: Date): { token: string; entry: ApiTokenEntry } {
  const config = loadConfig(configFile);
  if (!config.users.some((u) => u.username === username)) {
    throw new Error(`${configFile} has no user named '${username}' (add one first with 'taxii-server user add ${username}')`);
  }
  const doc = readDocument(configFile);
  const made = newApiToken(username, expires);
  topLevelList(doc, 'tokens', configFile).add(doc.createNode(made.entry));
  writeDocument(configFile, doc);
  return made;
}

export function listTokens(configFile: string): ApiTokenEntry[] {
  return loadConfig(configFile).tokens;
}

export function removeToken(configFile: string, id: string): ApiTokenEntry {
  const doc = readDocument(configFile);
  const tokens = doc.get('tokens');
  const index = isSeq(tokens) ? tokens.items.findIndex((item) => isMap(item) && item.get('id') === id) : -1;
  if (index < 0) throw new Error(`${configFile} has no token with id '${id}' ('taxii-server token list' shows them)`);
  const entry = loadConfig(configFile).tokens.find((t) => t.id === id)!;
  (tokens as import('yaml').YAMLSeq).items.splice(index, 1);
  writeDocument(configFile, doc);
  return entry;
}
