import { describe, expect, it } from 'vitest';
import { didYouMean, parseCommandLine, unknownCommand, UsageError } from '../src/index.js';

const options = { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

describe('parseCommandLine', () => {
  it('suggests the option that was probably meant', () => {
    expect(() => parseCommandLine(['start', '--prot', '8001'], options)).toThrow(new UsageError('unknown option --prot (did you mean --port?)'));
    expect(() => parseCommandLine(['--confg=x'], options)).toThrow('unknown option --confg (did you mean --config?)');
  });

  it('suggests nothing when nothing is close', () => {
    expect(() => parseCommandLine(['--verbose'], options)).toThrow(new UsageError('unknown option --verbose'));
  });

  it('names an option whose value is missing', () => {
    expect(() => parseCommandLine(['start', '--port'], options)).toThrow(new UsageError('--port needs a value'));
  });

  it('names a flag given a value', () => {
    expect(() => parseCommandLine(['--help=yes'], options)).toThrow(new UsageError('--help takes no value'));
  });

  it('returns values and positionals', () => {
    expect(parseCommandLine(['start', '--port', '8001'], options)).toEqual({ values: { port: '8001' }, positionals: ['start'] });
  });
});

describe('didYouMean', () => {
  it('finds typos and prefixes, not strangers', () => {
    expect(didYouMean('colections', ['collections', 'objects'])).toBe('collections');
    expect(didYouMean('obj', ['collections', 'objects', 'object'])).toBe('objects');
    expect(didYouMean('zzz', ['collections', 'objects'])).toBeUndefined();
  });

  it('unknownCommand says what to run', () => {
    expect(unknownCommand('taxii', 'pul', ['push', 'objects']).message).toBe("unknown command 'pul' (did you mean 'push'?); run 'taxii --help'");
  });
});
