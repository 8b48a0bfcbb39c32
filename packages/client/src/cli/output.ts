// Where the CLI's data goes: standard output or a file, written with backpressure so a collection
// of any size streams through without piling up in memory.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { PendingFile } from '@taxii21/command-line';

export class Output {
  readonly #stream: Writable;
  readonly #file: PendingFile | undefined;

  private constructor(stream: Writable, file?: PendingFile) {
    this.#stream = stream;
    this.#file = file;
  }

  /** A file path (which only a complete write replaces, see @taxii21/command-line's safe-file.ts), or standard output when absent or "-". */
  static open(path: string | undefined): Output {
    if (path === undefined || path === '-') return new Output(process.stdout);
    const file = new PendingFile(path);
    return new Output(file.stream, file);
  }

  /** Runs `write` against an output and completes it, or, if `write` fails, leaves any target file as it was. */
  static async writing<T>(path: string | undefined, write: (output: Output) => Promise<T>): Promise<T> {
    const output = Output.open(path);
    try {
      const result = await write(output);
      await output.close();
      return result;
    } catch (error) {
      output.#file?.discard();
      throw error;
    }
  }

  async write(text: string): Promise<void> {
    if (!this.#stream.write(text)) await once(this.#stream, 'drain');
  }

  /** Puts a file output in place of its target; standard output stays open. */
  async close(): Promise<void> {
    await this.#file?.commit();
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

// C0 and C1 controls and DEL move the cursor, clear the screen or start escape sequences; line and
// paragraph separators and the bidirectional overrides make a terminal show text other than what
// was sent. None of them belongs in a title or an error description.
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** How much of one server-given text a person is shown; `--json` keeps it all. */
export const MAX_TERMINAL_TEXT = 500;

/**
 * Server-given text as a terminal may show it: every control character written as a visible
 * escape (`\u001b`), so none can clear the screen or forge a line, and text longer than `max`
 * characters cut with a note of how much is left out.
 */
export function forTerminal(text: string, max = MAX_TERMINAL_TEXT): string {
  const shown = text.length > max ? text.slice(0, max) : text;
  const safe = shown.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${safe}… (${text.length - max} more characters; --json shows them all)` : safe;
}

/** A plain text table for people, every cell made safe for a terminal; `--json` gives machines the resource itself. */
export function table(cells: string[][]): string {
  const rows = cells.map((row) => row.map((cell) => forTerminal(cell)));
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return `${rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n')}\n`;
}
