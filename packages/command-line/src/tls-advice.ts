// What to do about a TLS failure, named from OpenSSL's and Node's error codes (or their
// messages): each advice names the cause in words and the option that fixes it, where one does.
// Certificates are always verified; no advice offers to turn that off.

const RULES: readonly [RegExp, string][] = [
  [
    /DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|self[- ]signed certificate|unable to verify the first certificate/i,
    "the server's certificate is not signed by a certificate authority this machine trusts (a private or self-signed CA): if you trust it, give that CA's certificate with --ca <file>",
  ],
  [
    /ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/i,
    "the server's certificate is issued for another name: use the host name the certificate names in the URL",
  ],
  [/CERT_HAS_EXPIRED|certificate has expired/i, "the server's certificate has expired: its operator must renew it"],
  [/CERT_NOT_YET_VALID|certificate is not yet valid/i, "the server's certificate is not valid yet: check this machine's clock"],
  [/ALERT_CERTIFICATE_REQUIRED|certificate required/i, 'the server wants a client certificate: give yours with --cert <file> --key <file>'],
  [
    /ALERT_UNKNOWN_CA|ALERT_BAD_CERTIFICATE|ALERT_CERTIFICATE_UNKNOWN|unknown ca|bad certificate/i,
    'the server refused the client certificate (--cert): it is not signed by a CA the server trusts; ask its operator which CA it takes',
  ],
  [/KEY_VALUES_MISMATCH|key values mismatch/i, '--cert and --key do not belong together: give the key of that certificate'],
  [/ALERT_HANDSHAKE_FAILURE|handshake failure/i, 'the TLS handshake failed: if the server wants a client certificate, give it with --cert <file> --key <file>'],
  [
    /WRONG_VERSION_NUMBER|wrong version number|packet length too long/i,
    'the server does not seem to speak TLS: if it is a plain-HTTP server, use an http:// URL',
  ],
];

/** Advice for a TLS failure described by `reason` (an error code, a message, or both), or undefined when it is not one. */
export function tlsAdvice(reason: string): string | undefined {
  return RULES.find(([pattern]) => pattern.test(reason))?.[1];
}

/** The codes and messages of an error and its causes, as one string for `tlsAdvice`. */
export function errorReasons(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') parts.push(e.code);
    if (typeof e.message === 'string') parts.push(e.message);
  }
  return parts.join(' ');
}
