// taxii: a TAXII 2.1 client on the command line.
import { parseCommandLine, unknownCommand, versionLine } from '@taxii21/command-line';
import { TaxiiResponseError } from '../errors.js';
import { PagingError } from '../paging.js';
import { RedirectError } from '../redirects.js';
import { RequestTimeoutError } from '../transport.js';
import { COMMANDS, LOCAL_COMMANDS } from './commands.js';
import { commandHelp, HELP } from './help.js';
import { hints, requireHttpUrl } from './hints.js';
import { EXIT } from './exit-codes.js';
import { createClient, OPTIONS, UsageError, type Values } from './options.js';
import { InputError } from './read-objects.js';
import { forTerminal } from './output.js';

export async function main(argv: string[], stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    if (argv.some((a) => a === '--version' || a.startsWith('--version='))) {
      if (argv.length !== 1 || argv[0] !== '--version') throw new UsageError("the version filter is --match-version; --version alone prints taxii's version");
      stdout.write(`${versionLine('taxii', new URL('../../package.json', import.meta.url))}\n`);
      return EXIT.ok;
    }
    ({ values, positionals } = parseCommandLine(argv, OPTIONS) as { values: Values; positionals: string[] });
  } catch (error) {
    return usage(error, stderr);
  }
  let [name, ...args] = positionals;
  let wantsHelp = Boolean(values.help);
  if (name === 'help') [name, args, wantsHelp] = [args[0], [], true];
  if (name === undefined) {
    (wantsHelp ? stdout : stderr).write(HELP);
    return wantsHelp ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) return usage(unknownCommand('taxii', name, Object.keys(COMMANDS)), stderr);
  if (wantsHelp) {
    stdout.write(commandHelp(name));
    return EXIT.ok;
  }
  // A reader that stops early (`| head`) is not an error.
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  try {
    if (args[0] !== undefined && !LOCAL_COMMANDS.has(name)) requireHttpUrl(args[0]);
    return await command({ client: createClient(values), values, args, stdout, stderr });
  } catch (error) {
    const code = report(error, values, stdout, stderr);
    if (code !== EXIT.usage) {
      for (const advice of hints(error, {
        command: name,
        url: args[0],
        credentialsGiven: (values.user ?? values.token ?? process.env.TAXII_USER ?? process.env.TAXII_TOKEN) !== undefined,
      }))
        stderr.write(`hint: ${advice}\n`);
    }
    return code;
  }
}

function usage(error: unknown, stderr: NodeJS.WriteStream): number {
  stderr.write(`taxii: ${(error as Error).message}\n`);
  return EXIT.usage;
}

function report(error: unknown, values: Values, stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): number {
  if (error instanceof UsageError || error instanceof InputError) {
    stderr.write(`taxii: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof TaxiiResponseError) {
    if (values.json)
      stdout.write(`${JSON.stringify({ error: { status: error.status, method: error.method, url: error.url, resource: error.resource } }, null, 2)}\n`);
    stderr.write(`taxii: the server refused: ${forTerminal(error.message)}\n`);
    if (error.resource?.details) stderr.write(`details: ${forTerminal(JSON.stringify(error.resource.details))}\n`);
    return EXIT.taxiiError;
  }
  if (error instanceof RequestTimeoutError || error instanceof PagingError || error instanceof RedirectError) {
    stderr.write(`taxii: ${forTerminal(error.message)}\n`);
    return EXIT.unreachable;
  }
  // fetch reports network and TLS failures as TypeError('fetch failed') with the reason as cause;
  // a 2xx body that is not JSON surfaces as a SyntaxError.
  const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
  // OpenSSL's messages run over several lines of internals; its code says the same in one word.
  const reason = cause?.message?.includes('\n') ? (cause.code ?? cause.message.split('\n')[0]) : (cause?.message ?? cause?.code);
  stderr.write(`taxii: ${forTerminal(`${(error as Error)?.message ?? String(error)}${reason ? ` (${reason})` : ''}`)}\n`);
  return EXIT.unreachable;
}
