"""Schemathesis over the whole API against a live server: no 5xx, no undocumented status code, every
body in its declared shape.

Runs the ``st`` command line (the tool as its users run it) against pytest-django's live server, with a
token that holds every scope, so that authenticated operations are exercised past their auth check.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from court12368.api import services as clients
from court12368.api.models import Scope
from court12368.demo.factories import DepartmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_whole_api_gives_no_server_error_and_no_undocumented_response(live_server, court, tmp_path):
    DepartmentFactory(court=court, name="立案庭", kind="filing")
    _client, token = clients.create_client(name="schemathesis", court=court, scopes=list(Scope.values))
    st = Path(sys.executable).with_name("st")
    result = subprocess.run(
        [
            str(st),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance",
            "--max-examples",
            "25",
            "--seed",
            "12368",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = result.stdout[-4000:]
    assert result.returncode == 0, summary
    assert "passed" in summary and "Undocumented" not in summary
