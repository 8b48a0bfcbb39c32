// taxii: a TAXII 2.1 client on the command line.
import { parseArgs } from 'node:util';
import { TaxiiError } from '../errors.js';
import { PagingError } from '../paging.js';
import { RequestTimeoutError } from '../transport.js';
import { COMMANDS } from './commands.js';
import { EXIT } from './exit-codes.js';
import { createClient, OPTIONS, UsageError, type Values } from './options.js';
import { InputError } from './read-objects.js';

export const HELP = `Usage: taxii <command> <url> [arguments] [options]

Commands (URL is a discovery URL for 'discover', an API root URL for the rest):
  discover <url>                               Show the discovery resource and its API roots.
  root <api-root>                              Show an API root (title, versions, max_content_length).
  collections <api-root>                       List the collections you can see, with your rights.
  objects <api-root> <collection>              Get objects: one page, or every page with --all.
  object <api-root> <collection> <object-id>   Get one object (--version, --spec-version).
  manifest <api-root> <collection>             Get manifest records: one page, or --all.
  versions <api-root> <collection> <object-id> Get an object's version timestamps: one page, or --all.
  push <api-root> <collection> <file|->        Add objects from a STIX bundle, envelope, JSON array or
                                               NDJSON file (gzip allowed), split to fit the API root's
                                               max_content_length; waits for the status and summarises.
  delete <api-root> <collection> <object-id>   Delete versions of an object. Without --version only the
                                               newest version goes (TAXII's default, §3.4.1); use
                                               --version all to delete every version.
  status <api-root> <status-id>                Show a status resource.

Filters (repeat an option or separate values with commas to OR them):
  --id <id>  --type <type>  --version <last|first|all|timestamp>  --spec-version <2.0|2.1>
  --added-after <timestamp>  --limit <n>  --next <token>

Reading:
  --all                    Follow more/next through every page and stream the items.
  --format <ndjson|bundle> How --all writes objects: one per line (default), or one STIX bundle.
  -o, --output <file>      Write there instead of standard output.
  --cursor-file <file>     With --all: start after the date_added stored in the file, and store the
                           newest one seen, so each run pulls only what was added since the last.

Pushing:
  --no-wait                Return after the server's first answers, without polling status.
  --wait-timeout <s>       Stop waiting for pending objects after this many seconds (default 300).
  --max-content-length <n> Split below this many bytes instead of the API root's own limit.

Connection:
  -u, --user <name>        HTTP Basic user (default $TAXII_USER).
  --password <password>    HTTP Basic password (default $TAXII_PASSWORD; prefer the variable, since
                           arguments are visible to other local users). Never printed.
  -H, --header 'N: v'      Extra request header, repeatable.
  --ca <file>              Trust this PEM CA bundle (certificates are always verified).
  --cert <file> --key <file>  Client certificate and key (PEM).
  --timeout <s>            Time limit per request (default 30).
  --retries <n>            Retries on 429/503 and on network errors of reads (default 3).

Output:
  --json                   Machine-readable output (resources and reports as JSON).
  -q, --quiet              No progress line and no notes on standard error.
  -h, --help               This help.

Exit codes:
  0  done
  1  the server answered with a TAXII error, or a push had failed objects
  2  wrong usage, or an unreadable input file
  3  no usable answer: network or TLS failure, timeout, non-TAXII body, broken paging
  4  a push still had pending objects when --wait-timeout ran out
`;

export async function main(argv: string[], stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] });
  } catch (error) {
    stderr.write(`taxii: ${(error as Error).message}\nRun 'taxii --help' for usage.\n`);
    return EXIT.usage;
  }
  const [name, ...args] = positionals;
  if (values.help || name === undefined) {
    (name === undefined && !values.help ? stderr : stdout).write(HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  // A reader that stops early (`| head`) is not an error.
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  const command = COMMANDS[name];
  if (!command) {
    stderr.write(`taxii: unknown command ${JSON.stringify(name)}\nRun 'taxii --help' for usage.\n`);
    return EXIT.usage;
  }
  try {
    return await command({ client: createClient(values), values, args, stdout, stderr });
  } catch (error) {
    return report(error, values, stdout, stderr);
  }
}

function report(error: unknown, values: Values, stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): number {
  if (error instanceof UsageError || error instanceof InputError) {
    stderr.write(`taxii: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof TaxiiError) {
    if (values.json) stdout.write(`${JSON.stringify({ error: { status: error.status, method: error.method, url: error.url, resource: error.resource } }, null, 2)}\n`);
    stderr.write(`taxii: the server refused: ${error.message}\n`);
    if (error.resource?.details) stderr.write(`details: ${JSON.stringify(error.resource.details)}\n`);
    return EXIT.taxiiError;
  }
  if (error instanceof RequestTimeoutError || error instanceof PagingError) {
    stderr.write(`taxii: ${error.message}\n`);
    return EXIT.unreachable;
  }
  // fetch reports network and TLS failures as TypeError('fetch failed') with the reason as cause;
  // a 2xx body that is not JSON surfaces as a SyntaxError.
  const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
  const reason = cause?.message ?? cause?.code;
  stderr.write(`taxii: ${(error as Error)?.message ?? String(error)}${reason ? ` (${reason})` : ''}\n`);
  return EXIT.unreachable;
}
