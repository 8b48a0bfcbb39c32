// What `taxii --help`, `taxii help <command>` and `taxii <command> --help` print.

interface CommandHelp {
  usage: string;
  summary: string;
  sections: readonly Section[];
}

type Section = keyof typeof SECTIONS;

const SECTIONS = {
  filters: `Filters (repeat an option or separate values with commas to OR them):
  --id <id>  --type <type>  --match-version <last|first|all|timestamp>  --spec-version <2.0|2.1>
  --added-after <timestamp>  --limit <n>  --next <token>`,
  reading: `Reading:
  --all                    Follow more/next through every page and stream the items.
  --format <ndjson|bundle> How --all writes objects: one per line (default), or one STIX bundle.
  -o, --output <file>      Write there instead of standard output (replaced only when complete).
  --cursor-file <file>     With --all: start after the date_added stored in the file, and store the
                           newest one seen, so each run pulls only what was added since the last.`,
  pushing: `Pushing:
  --no-wait                Return after the server's first answers, without polling status.
  --wait-timeout <s>       Stop waiting for pending objects after this many seconds (default 300).
  --max-content-length <n> Split below this many bytes instead of the API root's own limit.`,
  connection: `Connection:
  -u, --user <name>        HTTP Basic user (default $TAXII_USER).
  --password <password>    HTTP Basic password (default $TAXII_PASSWORD; prefer the variable, since
                           arguments are visible to other local users). Never printed.
  --token <token>          API token, sent as a bearer token (default $TAXII_TOKEN), instead of
                           --user/--password. Never printed.
  -H, --header 'N: v'      Extra request header, repeatable.
  --ca <file>              Trust this PEM CA bundle (certificates are always verified).
  --cert <file> --key <file>  Client certificate and key (PEM), for servers that log clients in
                           by certificate.
  --timeout <s>            Time limit per request (default 30).
  --retries <n>            Retries on 429/503 and on network errors of reads (default 3).`,
  output: `Output:
  --json                   Machine-readable output (resources and reports as JSON).
  -q, --quiet              No progress line and no notes on standard error.
  -h, --help               This help.  --version  taxii's version.`,
  exit: `Exit codes:
  0  done
  1  the server answered with a TAXII error, a push had failed objects, or validate found invalid ones
  2  wrong usage, or an unreadable input file
  3  no usable answer: network or TLS failure, timeout, non-TAXII body, broken paging
  4  a push still had pending objects when --wait-timeout ran out`,
} as const;

export const COMMAND_HELP: Record<string, CommandHelp> = {
  discover: { usage: 'discover <url>', summary: 'Show the discovery resource and its API roots.', sections: ['connection', 'output'] },
  root: { usage: 'root <api-root>', summary: 'Show an API root (title, versions, max_content_length).', sections: ['connection', 'output'] },
  collections: { usage: 'collections <api-root>', summary: 'List the collections you can see, with your rights.', sections: ['connection', 'output'] },
  objects: {
    usage: 'objects <api-root> <collection>',
    summary: 'Get objects: one page, or every page with --all.',
    sections: ['filters', 'reading', 'connection', 'output'],
  },
  object: {
    usage: 'object <api-root> <collection> <object-id>',
    summary: 'Get one object (--match-version, --spec-version).',
    sections: ['filters', 'reading', 'connection', 'output'],
  },
  manifest: {
    usage: 'manifest <api-root> <collection>',
    summary: 'Get manifest records: one page, or --all.',
    sections: ['filters', 'reading', 'connection', 'output'],
  },
  versions: {
    usage: 'versions <api-root> <collection> <object-id>',
    summary: "Get an object's version timestamps: one page, or --all.",
    sections: ['filters', 'reading', 'connection', 'output'],
  },
  push: {
    usage: 'push <api-root> <collection> <file|->',
    summary: `Add objects from a STIX bundle, envelope, JSON array or
NDJSON file (gzip allowed), read as a stream and posted in
envelopes that fit the API root's max_content_length;
waits for the statuses and summarises.`,
    sections: ['pushing', 'connection', 'output'],
  },
  delete: {
    usage: 'delete <api-root> <collection> <object-id>',
    summary: `Delete versions of an object. Without --match-version only the
newest version goes (TAXII's default, §3.4.1); use
--match-version all to delete every version.`,
    sections: ['filters', 'connection', 'output'],
  },
  status: { usage: 'status <api-root> <status-id>', summary: 'Show a status resource.', sections: ['connection', 'output'] },
  validate: {
    usage: 'validate <file|-> [--accept-other-versions]',
    summary: `Check the objects of a bundle, envelope, JSON array or NDJSON
file (gzip allowed) against the STIX 2.1 schemas, offline;
one line per invalid object. Objects that are not STIX 2.1
(STIX 2.0, later versions) fail too, unless
--accept-other-versions.`,
    sections: ['output'],
  },
};

const COLUMN = 45;

export const HELP = `Usage: taxii <command> <url> [arguments] [options]
       taxii help <command>    (or taxii <command> --help)

Commands (URL is a discovery URL for 'discover', an API root URL for the rest but 'validate'):
${Object.values(COMMAND_HELP)
  .map(({ usage, summary }) => `  ${usage.padEnd(COLUMN)}${summary.split('\n').join(`\n  ${' '.repeat(COLUMN)}`)}`)
  .join('\n')}

${(['filters', 'reading', 'pushing', 'connection', 'output', 'exit'] as const).map((s) => SECTIONS[s]).join('\n\n')}
`;

export function commandHelp(name: string): string {
  const help = COMMAND_HELP[name]!;
  return `Usage: taxii ${help.usage} [options]

${help.summary.split('\n').join(' ')}

${[...help.sections, 'exit' as const].map((s) => SECTIONS[s]).join('\n\n')}
`;
}
