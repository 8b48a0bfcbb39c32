// What `taxii-server init` writes: a configuration that starts as it is, with every choice an
// operator makes first written out and explained.
import { randomUUID } from 'node:crypto';

export function starterConfig(): string {
  return `# taxii-server configuration, written by 'taxii-server init'. It starts as it is:
#   taxii-server user add alice      # add a user (prompts for the password; stores only a hash)
#   taxii-server start               # serve on http://127.0.0.1:8000/taxii2/
# The reference server's README lists every setting and its default.

# Plain HTTP is for this machine only. Any other address needs tls below (or
# allowPlainHttp: true when a TLS-terminating proxy sits in front).
listen: { host: 127.0.0.1, port: 8000 }
# tls: { cert: ./cert.pem, key: ./key.pem }   # clientCa: ./clients.pem for client certificates
# Behind that proxy, name it so that logs and login limits see each client's own address:
# trustProxy: [127.0.0.1]

storage:
  sqlite: { path: ./data/taxii.sqlite }   # created on first start, relative to this file
  # For several instances on one database instead (see the README):
  # postgres: { url: postgres://taxii@db.internal:5432/taxii }

logging:
  requests: true   # one JSON line per request on standard output; security events always

discovery:
  title: My TAXII server
  default: /api/

apiRoots:
  - path: /api/
    title: Threat intelligence
    maxContentLength: 104857600   # bytes; larger requests get 413
    collections:
      - id: ${randomUUID()}
        alias: intel
        title: Shared intelligence
        read: [alice]    # users who may read objects, the manifest and versions
        write: [alice]   # users who may add and delete objects
        stixValidation: report   # invalid STIX 2.1 is stored and reported in the status; enforce refuses it; off skips the check

# Users are added by 'taxii-server user add <name>'; a running server takes them on SIGHUP.
users: []
`;
}
