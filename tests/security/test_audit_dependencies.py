"""scripts/audit-dependencies.sh tells "vulnerable" (exit 1) from "could not ask" (exit 0, said plainly).

pip-audit is replaced by a stub that answers as pip-audit does in each case, so the test needs no network.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit-dependencies.sh"

STUB = """#!{python}
import os, sys
args = sys.argv[1:]
output = args[args.index("--output") + 1]
if os.environ.get("STUB_REPORT"):
    open(output, "w").write(os.environ["STUB_REPORT"])
sys.stderr.write(os.environ.get("STUB_STDERR", ""))
sys.exit(int(os.environ.get("STUB_RC", "0")))
"""

DJANGO = {"name": "django", "version": "5.2.19", "vulns": []}
ADVISORY = {
    "id": "PYSEC-2026-1",
    "fix_versions": ["5.2.20"],
    "aliases": ["CVE-2026-0001"],
    "description": "SQL injection",
}


def run(tmp_path, *, report=None, stderr="", rc=0):
    stub = tmp_path / "pip-audit"
    stub.write_text(STUB.format(python=sys.executable))
    stub.chmod(0o755)
    env = {
        **os.environ,
        "PIP_AUDIT": str(stub),
        "PYTHON": sys.executable,
        "STUB_REPORT": json.dumps(report) if report is not None else "",
        "STUB_STDERR": stderr,
        "STUB_RC": str(rc),
    }
    return subprocess.run(
        ["bash", str(SCRIPT), "requirements.lock"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_no_known_vulnerability_passes(tmp_path):
    result = run(tmp_path, report={"dependencies": [DJANGO], "fixes": []})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "requirements.lock: 1 packages audited against pypi: no known vulnerability." in result.stdout


def test_a_vulnerable_pin_fails_and_names_the_fix(tmp_path):
    report = {"dependencies": [{**DJANGO, "vulns": [ADVISORY]}], "fixes": []}
    result = run(tmp_path, report=report, rc=1)
    assert result.returncode == 1
    assert (
        "requirements.lock: VULNERABLE django==5.2.19: PYSEC-2026-1 (CVE-2026-0001); fixed in: 5.2.20"
        in result.stdout
    )


def test_an_advisory_service_that_knows_no_package_is_unreachable_not_clean(tmp_path):
    skipped = {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    result = run(tmp_path, report={"dependencies": [skipped], "fixes": []})
    assert result.returncode == 0
    assert "requirements.lock: NOT AUDITED: the advisory service (pypi) could not be reached" in result.stdout
    assert "no known vulnerability" not in result.stdout


@pytest.mark.parametrize(
    "error",
    [
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): "
        "Max retries exceeded with url: /pypi/django/5.2.19/json",
        "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.osv.dev', port=443): Read timed out.",
    ],
)
def test_no_network_is_said_plainly_and_does_not_fail(tmp_path, error):
    result = run(tmp_path, stderr=f"Traceback (most recent call last):\n  ...\n{error}\n", rc=1)
    assert result.returncode == 0
    assert "NOT AUDITED: the advisory service (pypi) could not be reached" in result.stdout


def test_another_failure_fails(tmp_path):
    result = run(tmp_path, stderr="ERROR: requirement file contains invalid specifier at line 3\n", rc=1)
    assert result.returncode == 2
    assert "invalid specifier" in result.stdout
