"""Project-wide gates: import contracts, complete catalogues, production settings."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted([*ROOT.glob("locale/*/LC_MESSAGES/*.po"), *ROOT.glob("locale/upstream/parts/*.po")])
msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")


def test_apps_depend_one_way():
    result = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@msgfmt
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(po):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, po], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@msgfmt
@pytest.mark.parametrize(
    "po", sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_compiled_catalogue_is_current(po, tmp_path):
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", fresh, po], check=True)
    assert fresh.read_bytes() == po.with_suffix(".mo").read_bytes(), "run `make messages`"


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for browser tests
        "DJANGO_SETTINGS_MODULE": "lantoa.config.settings",
        "LANTOA_ENV": "production",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-for-the-check-only",
        "ALLOWED_HOSTS": "lantoa.example.vn",
        "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "check.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "lantoa.config.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _catalogue(path: Path) -> dict[str, str]:
    import gettext

    with path.open("rb") as fh:
        return {
            k if isinstance(k, str) else k[0]: v for k, v in gettext.GNUTranslations(fh)._catalog.items() if k
        }


def test_our_catalogue_does_not_change_what_wagtail_allauth_or_django_say():
    """Lan Tỏa's catalogue is read first: a message id it shares with a package must mean the same."""
    ours = _catalogue(ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.mo")
    theirs = _catalogue(ROOT / "locale" / "upstream" / "vi" / "LC_MESSAGES" / "django.mo")
    clashes = {
        msgid: (ours[msgid], theirs[msgid])
        for msgid in ours.keys() & theirs.keys()
        if msgid and ours[msgid] != theirs[msgid]
    }
    assert not clashes, clashes
