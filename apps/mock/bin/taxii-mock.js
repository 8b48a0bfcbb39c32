#!/usr/bin/env node
// Starts Prism on the bundled TAXII 2.1 description, on loopback only, answering with the
// description's examples (static mode: the same example every time, never invented data).
// PORT chooses the port (default 4010).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { specPaths } from '@taxii21/spec';

const require = createRequire(import.meta.url);
// Prism 5.14.2 is the newest release that runs on Node 20; 5.15 and later need Node 24.
const prism = require.resolve('@stoplight/prism-cli/dist/index.js');
const port = process.env.PORT ?? '4010';

const child = spawn(process.execPath, [prism, 'mock', specPaths.yaml, '--host', '127.0.0.1', '--port', port], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
