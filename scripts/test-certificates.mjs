// Certificates made for a test with the system's openssl: a CA, a server certificate for
// 127.0.0.1 signed by it, and client certificates with the subjects and SANs a test asks for.
// Nothing is checked in: each run makes its own, valid for a day. Used by the tests (through
// test/support/certificates.ts) and by the SDK matrix's demo server.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPENSSL = ['/usr/bin/openssl', '/bin/openssl'].find((path) => existsSync(path));

function openssl(args) {
  if (!OPENSSL) throw new Error('openssl is needed to make test certificates');
  execFileSync(OPENSSL, args, { stdio: 'ignore' });
}

/** A self-signed CA named `name`; its certificate is what clients and servers are told to trust. */
export function makeCa(dir, name) {
  const pem = { cert: join(dir, `${name}-ca.pem`), key: join(dir, `${name}-ca-key.pem`) };
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${name} test CA`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
    '-keyout',
    pem.key,
    '-out',
    pem.cert,
  ]);
  return pem;
}

/**
 * A certificate signed by `ca`: `subject` as openssl writes it (`/CN=alice/O=Acme`), `altNames` as
 * in a subjectAltName extension (`DNS:feed.example.org,email:soc@example.org`), for a client or a server.
 */
export function issue(dir, ca, name, subject, options) {
  const pem = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`) };
  const csr = join(dir, `${name}.csr`);
  const extensions = join(dir, `${name}.ext`);
  writeFileSync(
    extensions,
    [`extendedKeyUsage=${options.use === 'client' ? 'clientAuth' : 'serverAuth'}`, ...(options.altNames ? [`subjectAltName=${options.altNames}`] : [])].join(
      '\n',
    ),
  );
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', pem.key, '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '1', '-extfile', extensions, '-out', pem.cert]);
  return pem;
}

/** A server certificate for 127.0.0.1 and localhost, signed by `ca`. */
export const serverCertificate = (dir, ca) => issue(dir, ca, 'server', '/CN=127.0.0.1', { altNames: 'IP:127.0.0.1,DNS:localhost', use: 'server' });
