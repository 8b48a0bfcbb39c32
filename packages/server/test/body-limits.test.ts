// Counting an envelope's objects before parsing it: brackets and commas inside strings, nested
// lists and escapes must not be mistaken for items.
import { describe, expect, it } from 'vitest';
import { largestTopLevelList } from '../src/body-limits.js';

const count = (json: string, stopAfter = 1_000_000) => largestTopLevelList(Buffer.from(json), stopAfter);

describe('largestTopLevelList', () => {
  it('counts the items of the lists directly inside the body', () => {
    expect(count('{"objects":[]}')).toBe(0);
    expect(count('{"objects":[{}]}')).toBe(1);
    expect(count('{ "objects" : [ {}, {} , {"a":[1,2,3]} ] }')).toBe(3);
    expect(count('{"more":false,"objects":[1,"two",null,[3,4]]}')).toBe(4);
  });

  it('ignores brackets, commas and escaped quotes inside strings, and nested lists', () => {
    expect(count('{"objects":[{"d":"a,b],[c\\\\"},{"d":"\\"],"}]}')).toBe(2);
    expect(count('{"objects":[{"kill_chain_phases":[{},{},{},{}]}]}')).toBe(1);
  });

  it('reports the largest of several lists, and stops counting at the bound', () => {
    expect(count('{"a":[1,2],"objects":[1,2,3]}')).toBe(3);
    expect(count(`{"objects":[${'{},'.repeat(999)}{}]}`, 11)).toBe(11);
  });
});
