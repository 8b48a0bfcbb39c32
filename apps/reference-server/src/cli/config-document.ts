// Edits of the configuration file by the commands that manage users and tokens: the file's
// comments and layout are kept, and the result must still be a valid configuration.
import { readFileSync, writeFileSync } from 'node:fs';
import { isSeq, parseDocument, YAMLSeq, type Document } from 'yaml';

export function readDocument(configFile: string): Document {
  const doc = parseDocument(readFileSync(configFile, 'utf8'));
  if (doc.errors.length > 0) throw new Error(`${configFile} is not valid YAML: ${doc.errors[0]!.message}`);
  return doc;
}

export function writeDocument(configFile: string, doc: Document): void {
  writeFileSync(configFile, doc.toString({ lineWidth: 0 }));
}

/** The top-level list `key`, created when absent; written as a block list, which reads better than `[]`. */
export function topLevelList(doc: Document, key: string, configFile: string): YAMLSeq {
  let list = doc.get(key);
  if (list === undefined || list === null) {
    list = new YAMLSeq();
    doc.set(key, list);
  }
  if (!isSeq(list)) throw new Error(`${configFile}: ${key} must be a list`);
  list.flow = false;
  return list;
}
