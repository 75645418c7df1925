#!/usr/bin/env bash
# Check every pinned package (requirements.lock, requirements-dev.lock) against the advisory database
# with pip-audit, by the exact versions and hashes pinned there (pip is not asked to resolve anything).
#
#   exit 0  no known vulnerability, or the advisory service could not be reached (said plainly)
#   exit 1  a pinned version has a known vulnerability (listed, with the versions that fix it)
#   exit 2  pip-audit failed for another reason (a broken lock file…)
#
# AUDIT_SERVICE=osv uses OSV instead of PyPI's advisory data; PIP_AUDIT names another pip-audit.
set -uo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT=${PIP_AUDIT:-.venv/bin/pip-audit}
PYTHON=${PYTHON:-.venv/bin/python}
SERVICE=${AUDIT_SERVICE:-pypi}
LOCKS=("$@")
[ ${#LOCKS[@]} -gt 0 ] || LOCKS=(requirements.lock requirements-dev.lock)

if [ ! -x "$PIP_AUDIT" ]; then
  echo "pip-audit is not installed: run 'make lint' (it installs requirements-dev.lock) first." >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
worst=0
for lock in "${LOCKS[@]}"; do
  "$PIP_AUDIT" --requirement "$lock" --require-hashes --disable-pip --vulnerability-service "$SERVICE" \
    --progress-spinner off --timeout 20 --format json --output "$work/report.json" 2>"$work/stderr"
  rc=$?
  "$PYTHON" - "$lock" "$SERVICE" "$rc" "$work/report.json" "$work/stderr" <<'PY'
import json
import re
import sys
from pathlib import Path

lock, service, rc, report, stderr = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5])
errors = stderr.read_text(errors="replace") if stderr.exists() else ""
UNREACHABLE = re.compile(
    r"ConnectionError|ConnectTimeout|ReadTimeout|NameResolutionError|Max retries exceeded|"
    r"Temporary failure in name resolution|Network is unreachable|SSLError|ProxyError",
)


def unreachable(reason):
    print(f"{lock}: NOT AUDITED: the advisory service ({service}) could not be reached: {reason}.")
    print("  Nothing is known about its packages. Run scripts/audit-dependencies.sh where it can be reached.")
    sys.exit(0)


try:
    data = json.loads(report.read_text())
except (OSError, ValueError):
    data = None
if data is None:
    if UNREACHABLE.search(errors):
        last = [line for line in errors.strip().splitlines() if line.strip()][-1:]
        unreachable(last[0][:200] if last else "no answer")
    print(f"{lock}: pip-audit failed (exit {rc}):\n{errors.strip()}")
    sys.exit(2)

dependencies = data.get("dependencies", [])
skipped = [d for d in dependencies if d.get("skip_reason")]
audited = [d for d in dependencies if not d.get("skip_reason")]
if dependencies and not audited:
    # PyPI answers "not found" for every package when its JSON API (the advisories) is not served,
    # as behind a mirror that serves only the package index.
    unreachable(f"it answered for none of the {len(dependencies)} packages ({skipped[0]['skip_reason']})")

vulnerable = [d for d in audited if d.get("vulns")]
for dependency in vulnerable:
    for vuln in dependency["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        aliases = ", ".join(vuln.get("aliases") or [])
        print(
            f"{lock}: VULNERABLE {dependency['name']}=={dependency['version']}: {vuln['id']}"
            + (f" ({aliases})" if aliases else "")
            + f"; fixed in: {fixes}"
        )
if skipped:
    names = ", ".join(f"{d['name']}" for d in skipped)
    print(f"{lock}: {len(skipped)} package(s) could not be audited: {names}")
if vulnerable:
    sys.exit(1)
print(f"{lock}: {len(audited)} packages audited against {service}: no known vulnerability.")
PY
  verdict=$?
  [ "$verdict" -gt "$worst" ] && worst=$verdict
done
if [ "$worst" -eq 1 ]; then
  echo "Known vulnerabilities above: raise the pins in pyproject.toml where needed and regenerate the locks" \
    "(see the Makefile), then run this script again." >&2
fi
exit "$worst"
