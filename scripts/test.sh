#!/usr/bin/env bash
# `npm test`: every phase runs, whatever an earlier one did, and the command fails if any failed.
# (Chained with &&, a failure in the parallel phase once skipped the serial phase without a word.)
#   1. the committed generated files match openapi/, and every source file is formatted and lint-free;
#   2. lint, build, the tests and the PostgreSQL tests, as many tasks at once as there are cores;
#   3. the tests that need the machine to themselves (timed, memory-bound, the language
#      matrices, packaging, the README's commands), one task at a time.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
failed=()
run() {
  local name="$1"
  shift
  echo "== npm test: $name"
  "$@" || failed+=("$name")
}
run 'generated files' node scripts/check-generated.mjs
run 'format and lint (Biome)' npx --no biome ci
run 'lint, build, test, test:postgres' npx --no turbo run lint build test test:postgres --continue --concurrency=100% --output-logs=new-only
# The language matrices (sdks/, servers/) judge code in other languages; a second Node version
# does not change them, so a run may leave them out (.ci/run does on its Node 22 pass).
alone_filters=()
if [ -n "${SKIP_LANGUAGE_MATRICES:-}" ]; then
  echo '== npm test: SKIP_LANGUAGE_MATRICES is set: the SDK and server matrices do not run'
  alone_filters=(--filter='!@taxii21/sdks' --filter='!@taxii21/servers')
fi
run 'test:alone' npx --no turbo run test:alone "${alone_filters[@]}" --continue --concurrency=1 --output-logs=new-only
if [ ${#failed[@]} -gt 0 ]; then
  printf '== npm test FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo '== npm test: every phase passed'
