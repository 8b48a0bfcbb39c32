// taxii-conformance: is this server TAXII 2.1? One check per requirement, with evidence.
import { credentialsFrom, parseCommandLine, tlsFilesFrom, versionLine, writeFileSafely } from '@taxii21/command-line';
import { chooseConsumers, CONSUMERS } from './consumers/index.js';
import { htmlReport } from './report/html.js';
import { junitXml } from './report/junit.js';
import { terminalSummary } from './report/summary.js';
import { runConformance } from './run.js';

const CONSUMER_NAMES = CONSUMERS.map((c) => c.name).join(', ');

export const HELP = `Usage: taxii-conformance <discovery-or-api-root-url> [options]

Checks a TAXII 2.1 server against the requirements checklist, one check per requirement id, and
reports pass / fail / warn / skip with the requests and answers that show it.

  <url>                       https://host/taxii2/ (discovery), or an API root URL
  -u, --user <name>           HTTP Basic user (default $TAXII_USER)
  --password <password>       HTTP Basic password (default $TAXII_PASSWORD; prefer the variable)
  --token <token>             API token, sent as a bearer token (default $TAXII_TOKEN), instead
                              of --user/--password
  --ca <file>                 trust this PEM CA bundle (certificates are always verified)
  --cert <file> --key <file>  client certificate and key (PEM), for servers that log clients in
                              by certificate
  --api-root <url>            the API root to test, when <url> is discovery (default: discovery's
                              default, else its first API root)
  --collection <id|alias>     collection for the read checks (default: the first readable one
                              with records)
  --write-collection <id|alias>
                              let the suite add its own objects there (several versions and types,
                              one invalid object), check writes, filters and deletes against them,
                              and delete them again. Without it the suite writes nothing.
  --profile <standard|strict> standard (default): judge by the standard's rules only; strict:
                              also fail this project's own stricter rules, marked [ours]
  --consumers <all|name,...>  also replay what real consumers do and say, for each, whether it
                              would work with this server and why not: ${CONSUMER_NAMES}
  --json <file>               write the full report as JSON
  --junit <file>              write a JUnit XML report
  --html <file>               write a self-contained HTML report
  --timeout <seconds>         per request (default 15)
  --max-upload <bytes>        largest body sent to prove the 413 limit (default 8388608)
  --max-response <bytes>      largest response body read (default 67108864); more is a finding
  -v, --verbose               list every problem and the requirements without a check
  -h, --help                  this help
  --version                   the version

Outcomes: a failed MUST of the standard is FAIL; a failed SHOULD, a rule the standard leaves
ambiguous, or one of this project's own [ours] rules is WARN (FAIL for [ours] under --profile
strict); SKIP means it could not be judged here (or a MAY feature is not supported).

Exit codes: 0 every MUST checked passed; 1 a MUST failed; 2 wrong usage; 3 nothing could be
judged: the server cannot be reached, or it asks for credentials or refuses them (not a verdict
on the server).
`;

const OPTIONS = {
  user: { type: 'string', short: 'u' },
  password: { type: 'string' },
  token: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'api-root': { type: 'string' },
  collection: { type: 'string' },
  'write-collection': { type: 'string' },
  profile: { type: 'string' },
  consumers: { type: 'string' },
  json: { type: 'string' },
  junit: { type: 'string' },
  html: { type: 'string' },
  timeout: { type: 'string' },
  'max-upload': { type: 'string' },
  'max-response': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export async function main(argv: string[], stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv, OPTIONS);
  } catch (error) {
    stderr.write(`taxii-conformance: ${(error as Error).message}\n`);
    return 2;
  }
  const { positionals } = parsed;
  const values = parsed.values as Values;
  if (values.help) {
    stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    stdout.write(`${versionLine('taxii-conformance', new URL('../package.json', import.meta.url))}\n`);
    return 0;
  }
  const [url, ...extra] = positionals;
  const usage = (message: string) => {
    stderr.write(`taxii-conformance: ${message}\nRun 'taxii-conformance --help' for usage.\n`);
    return 2;
  };
  if (!url || extra.length > 0) return usage('give exactly one URL');
  if (!/^https?:\/\//i.test(url)) return usage(`${url} is not an http(s) URL`);
  if (!URL.canParse(url)) return usage(`${url} is not a URL`);
  // Every TAXII endpoint URL ends with / (SRV-GEN-03): without it, discovery would be taken for an API root.
  if (/\/taxii2$/.test(new URL(url).pathname)) return usage(`${url} lacks the final /: the discovery URL is ${url}/`);
  const timeout = values.timeout === undefined ? 15 : Number(values.timeout);
  if (!(timeout > 0)) return usage('--timeout wants a positive number of seconds');
  const maxUpload = values['max-upload'] === undefined ? undefined : Number(values['max-upload']);
  if (maxUpload !== undefined && !(Number.isInteger(maxUpload) && maxUpload > 0)) return usage('--max-upload wants a positive number of bytes');
  const maxResponse = values['max-response'] === undefined ? undefined : Number(values['max-response']);
  if (maxResponse !== undefined && !(Number.isInteger(maxResponse) && maxResponse > 0)) return usage('--max-response wants a positive number of bytes');

  const profile = values.profile ?? 'standard';
  if (profile !== 'standard' && profile !== 'strict') return usage(`--profile is standard or strict, not ${profile}`);

  let credentials: ReturnType<typeof credentialsFrom>;
  let tls: ReturnType<typeof tlsFilesFrom>;
  try {
    credentials = credentialsFrom(values);
    tls = tlsFilesFrom(values);
    if (values.consumers !== undefined) chooseConsumers(values.consumers);
  } catch (error) {
    return usage((error as Error).message);
  }
  const report = await runConformance({
    url,
    profile,
    timeoutMs: timeout * 1000,
    ...credentials,
    ...(tls && { tls }),
    ...(values.consumers !== undefined && { consumers: values.consumers }),
    ...(values['api-root'] !== undefined && { apiRoot: values['api-root'] }),
    ...(values.collection !== undefined && { collection: values.collection }),
    ...(values['write-collection'] !== undefined && { writeCollection: values['write-collection'] }),
    ...(maxUpload !== undefined && { maxUploadBytes: maxUpload }),
    ...(maxResponse !== undefined && { maxResponseBytes: maxResponse }),
  });
  if (report.usageError) return usage(report.usageError);
  if (report.stopped) {
    stderr.write(`taxii-conformance: nothing judged: ${report.stopped}\n`);
    if (values.json) writeFileSafely(values.json, `${JSON.stringify(report, null, 2)}\n`);
    return 3;
  }
  stdout.write(terminalSummary(report, { color: stdout.isTTY === true, verbose: values.verbose === true }));
  if (values.json) writeFileSafely(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values.junit) writeFileSafely(values.junit, junitXml(report));
  if (values.html) writeFileSafely(values.html, htmlReport(report));
  return report.summary.mustFailures > 0 ? 1 : 0;
}
