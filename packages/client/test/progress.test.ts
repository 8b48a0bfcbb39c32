// The pull progress line: on a terminal only, redrawn at most ten times a second, with the rate.
import { describe, expect, it } from 'vitest';
import { pullProgress } from '../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
}

describe('pullProgress', () => {
  it('draws records, pages and rate on a terminal, at most every 100 ms, and ends the line', () => {
    let clock = 0;
    const { stream, written } = fakeStream(true);
    const progress = pullProgress(stream, true, 'objects', () => clock);
    clock = 500;
    progress.update(1000, 1);
    clock = 550;
    progress.update(1100, 2); // too soon: not drawn
    clock = 2000;
    progress.update(4000, 4);
    progress.done();
    expect(written).toEqual(['\rpulling: 1000 objects in 1 page, 2000/s', '\rpulling: 4000 objects in 4 pages, 2000/s', '\n']);
  });

  it('writes nothing when standard error is not a terminal, or with --quiet', () => {
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { stream, written } = fakeStream(isTTY);
      const progress = pullProgress(stream, enabled, 'objects', () => 1000);
      progress.update(10, 1);
      progress.done();
      expect(written).toEqual([]);
    }
  });
});
