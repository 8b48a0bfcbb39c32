// What the three command lines share: strict parsing of options where every mistake becomes one
// line naming the fix (with a suggestion when a name is close to a known one), and --version.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export { PendingFile, writeFileSafely } from './safe-file.js';
export { errorReasons, tlsAdvice } from './tls-advice.js';
export { credentialsFrom, tlsFilesFrom, type CommandLineCredentials, type CommandLineTls } from './credentials.js';

import { UsageError } from './usage-error.js';

export { UsageError };

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * Parses argv strictly. Unknown options and options without their value become a UsageError
 * whose message names the option and, when one is close, the option that was probably meant.
 */
export function parseCommandLine(argv: string[], options: OptionSpec): Parsed {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (error) {
    throw new UsageError(explainParseError(error as Error & { code?: string }, options));
  }
}

function explainParseError(error: Error & { code?: string }, options: OptionSpec): string {
  const written = /'(?:-\w, )?(-{1,2}[^' =,]+)/.exec(error.message)?.[1] ?? '';
  const name = written.replace(/^-+/, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const known = Object.keys(options);
      const guess = didYouMean(name, known);
      return `unknown option ${written}${guess ? ` (did you mean --${guess}?)` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = Object.entries(options).find(([long, spec]) => long === name || spec.short === name);
      if (option && option[1].type === 'string') return `--${option[0]} needs a value`;
      return `--${option?.[0] ?? name} takes no value`;
    }
    default:
      return error.message.split('\n')[0]!;
  }
}

/** The known word closest to `word`, if it is close enough to be a likely typo. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = candidate.startsWith(word) && word.length >= 3 ? 1 : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** An unknown command: the message suggests the closest known one. */
export function unknownCommand(program: string, command: string, known: readonly string[]): UsageError {
  const guess = didYouMean(command, known);
  return new UsageError(`unknown command '${command}'${guess ? ` (did you mean '${guess}'?)` : ''}; run '${program} --help'`);
}

/** What --version prints: `program version (package)`, from the package.json at `packageJson`. */
export function versionLine(program: string, packageJson: URL): string {
  const { name, version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { name: string; version: string };
  return `${program} ${version} (${name})`;
}
