// The import's one-line progress on a terminal: how much of the file is read (when its size is
// known), objects read and their rate; redrawn at most ten times a second, silent when the output
// is not a terminal.
import type { WriteStream } from 'node:tty';
import type { ImportProgress } from '../import-bundle.js';

export function importProgress(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = () => performance.now()) {
  const tty = (stream as WriteStream).isTTY === true;
  const started = now();
  let drawnAt = -Infinity;
  return {
    update({ objects, bytesRead, bytesTotal }: ImportProgress) {
      const at = now();
      if (!tty || at - drawnAt < 100) return;
      drawnAt = at;
      const seconds = (at - started) / 1000;
      const rate = seconds > 0 ? `, ${Math.round(objects / seconds)}/s` : '';
      const width = 30;
      const bar =
        bytesTotal !== undefined && bytesTotal > 0
          ? (() => {
              const fraction = Math.min(1, bytesRead / bytesTotal);
              const filled = Math.round(fraction * width);
              return ` [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`;
            })()
          : '';
      stream.write(`\r${label}${bar} ${objects} objects${rate}`);
    },
    finish() {
      if (tty && drawnAt !== -Infinity) stream.write('\n');
    },
  };
}
