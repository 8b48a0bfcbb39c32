// A one-line progress bar on a terminal; silent when the output is not a terminal.
import type { WriteStream } from 'node:tty';

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = (stream as WriteStream).isTTY === true;
  let lastDrawn = -1;
  return {
    update(done: number, total: number) {
      if (!tty) return;
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent === lastDrawn && done !== total) return;
      lastDrawn = percent;
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${percent}%`);
    },
    finish() {
      if (tty && lastDrawn >= 0) stream.write('\n');
    },
  };
}
