// What the tests that run a server we did not write (medallion, OpenTAXII) share: a free loopback
// port to give it, and a wait until it answers.
import { createServer, type AddressInfo } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers at all (any status); throws after about ten seconds of silence. */
export async function answering(url: string, what: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    if (tries > 100) throw new Error(`${what} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
