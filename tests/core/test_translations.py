"""The Chinese catalogue is complete and the committed .mo matches the .po."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import court12368

PACKAGE = Path(court12368.__file__).parent
PO = PACKAGE / "locale/zh_Hans/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
needs_gettext = pytest.mark.skipif(
    not (shutil.which("msgfmt") and shutil.which("xgettext")),
    reason="GNU gettext (msgfmt, xgettext) is not installed: apt-get install gettext",
)


@needs_gettext
def test_committed_mo_matches_the_po(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    with compiled.open("rb") as fresh, MO.open("rb") as committed:
        assert gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(committed)._catalog


@needs_gettext
def test_every_marked_string_is_translated(tmp_path):
    """Re-extract the strings from a copy of the package: nothing may be new, untranslated or fuzzy."""
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        ["django-admin", "makemessages", "-l", "zh_Hans", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            "DJANGO_SETTINGS_MODULE": "court12368.settings",
            "COURT12368_DATA_DIR": str(tmp_path / "d"),
        },
    )
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(copy / "locale/zh_Hans/LC_MESSAGES/django.po")],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
