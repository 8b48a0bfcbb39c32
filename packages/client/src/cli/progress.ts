// The push progress line on a terminal's standard error; nothing at all when it is not a terminal,
// so logs and pipes stay clean.
import type { AddProgress } from '../add-objects.js';

export function pushProgress(stream: NodeJS.WriteStream, enabled: boolean) {
  const draw = enabled && stream.isTTY === true;
  let drawn = false;
  return {
    update({ objectsSent, objectsTotal, requestsSent, requestsTotal }: AddProgress) {
      if (!draw) return;
      if (objectsTotal === undefined) {
        // A stream: how much is sent, not how much is left.
        stream.write(`\rpushing: ${objectsSent} objects sent in ${requestsSent} ${requestsSent === 1 ? 'request' : 'requests'}`);
      } else {
        const fraction = objectsTotal === 0 ? 1 : objectsSent / objectsTotal;
        const bar = '='.repeat(Math.round(fraction * 24)).padEnd(24, ' ');
        stream.write(`\rpushing [${bar}] ${objectsSent}/${objectsTotal} objects, request ${requestsSent}/${requestsTotal}`);
      }
      drawn = true;
    },
    done() {
      if (draw && drawn) stream.write('\n');
    },
  };
}

/**
 * The pull progress line (`--all`) on a terminal's standard error: records, pages and rate,
 * redrawn at most ten times a second; nothing when it is not a terminal.
 */
export function pullProgress(stream: NodeJS.WriteStream, enabled: boolean, noun: string, now: () => number = () => performance.now()) {
  const draw = enabled && stream.isTTY === true;
  const started = now();
  let drawnAt = -Infinity;
  return {
    update(items: number, pages: number) {
      const at = now();
      if (!draw || at - drawnAt < 100) return;
      const seconds = (at - started) / 1000;
      const rate = seconds > 0 ? Math.round(items / seconds) : 0;
      stream.write(`\rpulling: ${items} ${noun} in ${pages} ${pages === 1 ? 'page' : 'pages'}, ${rate}/s`);
      drawnAt = at;
    },
    done() {
      if (draw && drawnAt !== -Infinity) stream.write('\n');
    },
  };
}
