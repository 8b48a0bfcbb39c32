// The push progress line on a terminal's standard error; nothing at all when it is not a terminal,
// so logs and pipes stay clean.
import type { AddProgress } from '../add-objects.js';

export function pushProgress(stream: NodeJS.WriteStream, enabled: boolean) {
  const draw = enabled && stream.isTTY === true;
  let drawn = false;
  return {
    update({ objectsSent, objectsTotal, requestsSent, requestsTotal }: AddProgress) {
      if (!draw) return;
      const fraction = objectsTotal === 0 ? 1 : objectsSent / objectsTotal;
      const bar = '='.repeat(Math.round(fraction * 24)).padEnd(24, ' ');
      stream.write(`\rpushing [${bar}] ${objectsSent}/${objectsTotal} objects, request ${requestsSent}/${requestsTotal}`);
      drawn = true;
    },
    done() {
      if (draw && drawn) stream.write('\n');
    },
  };
}
