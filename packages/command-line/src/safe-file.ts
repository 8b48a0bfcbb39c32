// Files the commands write (`taxii -o`, `--cursor-file`, conformance reports) appear whole or not at all: the data goes to a
// temporary file beside the target, which replaces the target only once everything is written
// and flushed. A failed, refused or interrupted run leaves the previous file as it was (a wrong
// password once replaced a 43 MB export with an 80-byte stub) and removes its temporary file.
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, extname, join } from 'node:path';

/** Temporary files being written, each with the target it will replace. */
const pending = new Map<string, string>();
let watchingSignals = false;

/** On Ctrl-C or SIGTERM: remove the temporary files, say that the targets are untouched, exit 130 or 143. */
function watchSignals() {
  if (watchingSignals) return;
  watchingSignals = true;
  // The command's name as the user typed it: its bin file, without `.js`.
  const program = basename(process.argv[1] ?? 'taxii', extname(process.argv[1] ?? ''));
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      for (const temporary of pending.keys()) rmSync(temporary, { force: true });
      process.stderr.write(`${program}: interrupted; ${[...pending.values()].join(', ')} left as ${pending.size === 1 ? 'it was' : 'they were'}\n`);
      process.exit(code);
    });
  }
}

function temporaryFor(path: string): string {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  watchSignals();
  pending.set(temporary, path);
  return temporary;
}

const settle = (temporary: string) => pending.delete(temporary);

function flushAndRename(temporary: string, path: string) {
  const fd = openSync(temporary, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  settle(temporary);
}

/** A file being written: `commit` puts it in place of the target, `discard` drops it. */
export class PendingFile {
  readonly stream: WriteStream;
  readonly #temporary: string;

  constructor(readonly path: string) {
    this.#temporary = temporaryFor(path);
    // Opened here, so that a folder that is missing or not writable fails now, as a plain error.
    try {
      this.stream = createWriteStream('', { fd: openSync(this.#temporary, 'wx') });
    } catch (error) {
      settle(this.#temporary);
      throw error;
    }
  }

  async commit(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
    flushAndRename(this.#temporary, this.path);
  }

  discard(): void {
    this.stream.destroy();
    rmSync(this.#temporary, { force: true });
    settle(this.#temporary);
  }
}

/** Writes a small file whole: the old content stays until the new one is complete. */
export function writeFileSafely(path: string, text: string): void {
  const temporary = temporaryFor(path);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    flushAndRename(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    settle(temporary);
    throw error;
  }
}
