// The environment of a user's own terminal, for commands a test runs as that user: nothing from
// the `npm test` around it (npm's variables would point npm at this workspace), no credentials,
// no port.
export function outsideEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|TAXII_|INIT_CWD$|PORT$)/i.test(name)));
}
