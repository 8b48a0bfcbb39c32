// The exit codes of `taxii`, documented in --help and the README.
export const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** The server answered with a TAXII error, a push had failed objects, or validate found invalid objects. */
  taxiiError: 1,
  /** The command line was wrong, or an input file could not be read. */
  usage: 2,
  /** No usable answer: network or TLS failure, timeout, a body that is not TAXII, broken paging. */
  unreachable: 3,
  /** A push was accepted but objects were still pending when --wait-timeout ran out. */
  incomplete: 4,
} as const;
