// Which user a client certificate stands for. TLS has already checked the certificate against
// `tls.clientCa`; here each user's `certificates` entries name the certificates that are theirs,
// by the subject's common name (`CN=feed-reader`) or by one of its subject alternative names
// written as OpenSSL prints them (`DNS:feed.example.org`, `email:soc@example.org`,
// `URI:spiffe://example.org/feed`, `IP Address:192.0.2.7`). Matching is exact; DNS names ignore case.
import type { CertificateVerifier, VerifiedCertificate } from '@taxii21/server';

export const CERTIFICATE_ENTRY = /^(CN=|DNS:|email:|URI:|IP Address:).+$/;

const normalise = (entry: string) => (entry.startsWith('DNS:') ? entry.toLowerCase() : entry);

/** Every entry a certificate answers to. */
function entriesOf(certificate: VerifiedCertificate): string[] {
  const cn = certificate.subject.CN;
  const commonNames = cn === undefined ? [] : Array.isArray(cn) ? cn : [cn];
  return [...commonNames.map((name) => `CN=${name}`), ...certificate.subjectAltNames].map(normalise);
}

export function createCertificateVerifier(users: ReadonlyArray<{ username: string; certificates?: string[] }>): CertificateVerifier {
  const owner = new Map<string, string>();
  for (const user of users) for (const entry of user.certificates ?? []) owner.set(normalise(entry), user.username);
  return (certificate) => {
    const matched = new Set(entriesOf(certificate).flatMap((entry) => owner.get(entry) ?? []));
    // A certificate that answers to two users' entries is nobody's: guessing could grant the wrong rights.
    return matched.size === 1 ? { username: [...matched][0]! } : null;
  };
}
