// Test certificates made with the system's openssl (scripts/test-certificates.mjs), typed.
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import * as made from '../../scripts/test-certificates.mjs';

export type Pem = { cert: string; key: string };

const certificates = made as {
  OPENSSL: string | undefined;
  makeCa(dir: string, name: string): Pem;
  issue(dir: string, ca: Pem, name: string, subject: string, options: { altNames?: string; use: 'client' | 'server' }): Pem;
  serverCertificate(dir: string, ca: Pem): Pem;
};

export const { OPENSSL, makeCa, issue, serverCertificate } = certificates;
