// Where the CLI's data goes: standard output or a file, written with backpressure so a collection
// of any size streams through without piling up in memory.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export class Output {
  readonly #stream: Writable;
  readonly #ownsStream: boolean;

  private constructor(stream: Writable, ownsStream: boolean) {
    this.#stream = stream;
    this.#ownsStream = ownsStream;
  }

  /** A file path, or standard output when absent or "-". */
  static open(path: string | undefined): Output {
    if (path === undefined || path === '-') return new Output(process.stdout, false);
    return new Output(createWriteStream(path), true);
  }

  async write(text: string): Promise<void> {
    if (!this.#stream.write(text)) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    if (!this.#ownsStream) return;
    this.#stream.end();
    await once(this.#stream, 'finish');
  }
}

export type ItemFormat = 'ndjson' | 'bundle';

/** Streams items as NDJSON, or as one STIX 2.1 bundle written piece by piece. */
export async function writeItems(output: Output, items: AsyncIterable<unknown>, format: ItemFormat): Promise<number> {
  let count = 0;
  if (format === 'bundle') await output.write(`{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`);
  for await (const item of items) {
    const json = JSON.stringify(item);
    if (format === 'bundle') await output.write(`${count === 0 ? '\n' : ',\n'}${json}`);
    else await output.write(`${json}\n`);
    count++;
  }
  if (format === 'bundle') await output.write(count === 0 ? ']}\n' : '\n]}\n');
  return count;
}

/** A plain text table for people; `--json` gives machines the resource itself. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
}
