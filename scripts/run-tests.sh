#!/usr/bin/env bash
# The whole suite: SQLite always; PostgreSQL too when DATABASE_URL names one; browser tests when
# Chromium is present. Says what it skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WORKERS=${PYTEST_WORKERS:-2}
skipped=()
status=0

$BIN/lint-imports --no-cache >/dev/null || { $BIN/lint-imports --no-cache; status=1; }

# axe-core (accessibility checks in the browser tests) from the npm registry, as package-lock.json pins it.
if command -v npm >/dev/null && [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --silent || skipped+=("axe-core (npm ci failed)")
fi
[ -f node_modules/axe-core/axe.min.js ] || skipped+=("accessibility checks (no npm: axe-core not installed)")

marker=""
if [ ! -x /usr/bin/chromium ]; then
  marker="not browser"; skipped+=("browser tests (no /usr/bin/chromium: make system-packages)")
fi

echo "== SQLite =="
sqlite_marker="not postgres${marker:+ and $marker}"  # PostgreSQL-only tests run in the PostgreSQL pass
env -u DATABASE_URL $BIN/pytest -n "$WORKERS" -m "$sqlite_marker" "$@" || status=1

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  echo "== PostgreSQL ($DATABASE_URL) =="
  $BIN/pytest -n "$WORKERS" ${marker:+-m "$marker"} -p no:cacheprovider "$@" || status=1
else
  skipped+=("PostgreSQL and its own tests (set DATABASE_URL=postgres://…)")
fi

if [ ${#skipped[@]} -gt 0 ]; then
  echo "Skipped: ${skipped[*]}"
fi
exit $status
