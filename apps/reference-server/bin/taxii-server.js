#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// The command is over. Whatever still holds the process (a worker thread or a pool a failed start
// left behind) must not keep it from exiting, or a process manager never sees the failure.
setTimeout(() => process.exit(code), 2000).unref();
