"""One settings surface: every environment variable is declared once in court12368.config, read only through
it, documented from that declaration, and a value that cannot be read stops with the variable's name."""

import ast
import importlib.util
import os
import stat
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import LazyObject

import court12368.settings
from court12368 import config

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "court12368"
READERS = {"read_str", "read_bool", "read_int", "read_list", "read_secret", "secret"}


def test_docs_configuration_is_the_generated_table():
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert documented == config.render_markdown(), (
        "docs/configuration.md is out of date: run `court12368 config-docs > docs/configuration.md`"
    )


def _is_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _reads(node: ast.AST) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        func = node.func
        if _is_environ(func.value):
            first = node.args[0] if node.args else None
            settings_module = isinstance(first, ast.Constant) and first.value == "DJANGO_SETTINGS_MODULE"
            return not (func.attr == "setdefault" and settings_module)  # Django's own, before any settings
        return func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os"
    if isinstance(node, ast.Subscript):
        return _is_environ(node.value) and isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.Compare):
        return any(_is_environ(c) for c in node.comparators)
    if isinstance(node, ast.ImportFrom):
        return node.module == "os" and bool({alias.name for alias in node.names} & {"environ", "getenv"})
    return False


def environment_reads(tree: ast.AST) -> list[int]:
    """Lines that read a variable from os.environ. Passing the whole environment on to a child process
    (``{**os.environ, ...}``) and setting a variable for one are not reads."""
    return sorted(node.lineno for node in ast.walk(tree) if _reads(node))


def test_no_module_but_config_reads_the_environment():
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if path == SOURCE / "config.py":
            continue
        if lines := environment_reads(ast.parse(path.read_text(encoding="utf-8"))):
            found[str(path.relative_to(ROOT))] = lines
    assert not found, (
        f"read the environment through court12368.config (and settings), not os.environ: {found}"
    )


def test_the_scan_sees_every_way_of_reading():
    source = (
        "import os\nfrom os import getenv\na = os.environ.get('X')\nb = os.environ['X']\n"
        "c = 'X' in os.environ\nd = os.getenv('X')\nos.environ['X'] = '1'\ne = {**os.environ}\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'court12368.settings')\n"
    )
    assert environment_reads(ast.parse(source)) == [2, 3, 4, 5, 6]


def test_every_declared_variable_is_read_and_every_read_declared():
    read = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name in READERS:
                    read.add(node.args[0].value)
    assert read == set(config.VARIABLES)


def test_every_variable_but_prometheus_clients_has_the_prefix():
    for variable in config.VARIABLES.values():
        assert variable.env.startswith("COURT12368_") or variable.name == "PROMETHEUS_MULTIPROC_DIR"
        assert variable.kind in config.KINDS
        assert not variable.generated or variable.kind == "secret"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("false", False),
     ("NO", False), ("off", False), ("", False)],
)  # fmt: skip
def test_booleans(monkeypatch, value, expected):
    monkeypatch.setenv("COURT12368_DEBUG", value)
    assert config.read_bool("DEBUG") is expected


def test_a_boolean_default_and_a_computed_one(monkeypatch):
    monkeypatch.delenv("COURT12368_IVR_RECORD_CALLS", raising=False)
    monkeypatch.delenv("COURT12368_HTTPS", raising=False)
    assert config.read_bool("IVR_RECORD_CALLS") is True
    assert config.read_bool("HTTPS", default=True) is True


def test_integers(monkeypatch):
    monkeypatch.setenv("COURT12368_SIP_PORT", " 5070 ")
    assert config.read_int("SIP_PORT") == 5070
    monkeypatch.setenv("COURT12368_SIP_PORT", "")
    assert config.read_int("SIP_PORT") == 5060
    monkeypatch.delenv("COURT12368_SIP_PORT")
    assert config.read_int("SIP_PORT") == 5060
    monkeypatch.delenv("COURT12368_AGI_PORT", raising=False)
    assert config.read_int("AGI_PORT") is None  # no declared default: the caller decides


@pytest.mark.parametrize(
    ("name", "read", "value", "said"),
    [("SIP_PORT", config.read_int, "abc", "expected a whole number"),
     ("IVR_RECORD_CALLS", config.read_bool, "maybe", "expected 1, true, yes, on or 0, false, no, off")],
)  # fmt: skip
def test_a_value_that_cannot_be_read_is_refused_by_name(monkeypatch, name, read, value, said):
    monkeypatch.setenv(f"COURT12368_{name}", value)
    with pytest.raises(ImproperlyConfigured, match=f"^COURT12368_{name}='{value}': {said}$"):
        read(name)


def test_lists(monkeypatch):
    monkeypatch.setenv("COURT12368_AGI_ALLOWED", " 10.0.0.5 ,, 10.1.0.0/16 ,")
    assert config.read_list("AGI_ALLOWED") == ["10.0.0.5", "10.1.0.0/16"]
    monkeypatch.setenv("COURT12368_AGI_ALLOWED", "")
    assert config.read_list("AGI_ALLOWED") == []  # set but empty: nobody, not the default
    monkeypatch.delenv("COURT12368_AGI_ALLOWED")
    assert config.read_list("AGI_ALLOWED") == ["127.0.0.1", "::1"]


def test_text_falls_back_to_its_default_when_empty(monkeypatch):
    monkeypatch.setenv("COURT12368_SMS_SENDER", "")
    assert config.read_str("SMS_SENDER") == "12368"
    assert config.read_str("AUDIT_ANCHORS", default="/x/anchors.log") == "/x/anchors.log"


def test_a_variable_is_read_as_what_it_is_declared():
    with pytest.raises(TypeError, match="COURT12368_SIP_PORT is declared as int"):
        config.read_str("SIP_PORT")


def test_a_secret_from_a_file(monkeypatch, tmp_path):
    monkeypatch.delenv("COURT12368_KANNEL_PASSWORD", raising=False)
    monkeypatch.delenv("KANNEL_PASSWORD", raising=False)
    assert config.read_secret("KANNEL_PASSWORD") == ""
    secret_file = tmp_path / "kannel_password"
    secret_file.write_text("from-docker\n")
    monkeypatch.setenv("COURT12368_KANNEL_PASSWORD_FILE", str(secret_file))
    assert config.read_secret("KANNEL_PASSWORD") == "from-docker"
    monkeypatch.setenv("KANNEL_PASSWORD", "old-name")
    assert config.read_secret("KANNEL_PASSWORD") == "from-docker"  # a new name wins over an old one
    monkeypatch.setenv("COURT12368_KANNEL_PASSWORD", "also-here")
    with pytest.raises(
        ImproperlyConfigured, match="COURT12368_KANNEL_PASSWORD or COURT12368_KANNEL_PASSWORD_FILE"
    ):
        config.read_secret("KANNEL_PASSWORD")


@pytest.mark.parametrize("content", [None, ""])
def test_a_missing_or_empty_secret_file_is_refused_by_name(monkeypatch, tmp_path, content):
    path = tmp_path / "secret_key"
    if content is not None:
        path.write_text(content)
    monkeypatch.delenv("COURT12368_SECRET_KEY", raising=False)
    monkeypatch.setenv("COURT12368_SECRET_KEY_FILE", str(path))
    with pytest.raises(ImproperlyConfigured, match="COURT12368_SECRET_KEY_FILE="):
        config.read_secret("SECRET_KEY")


def test_an_old_name_still_works_and_warns_once_naming_the_new_one(monkeypatch):
    monkeypatch.setattr(config, "_warned", set())
    monkeypatch.delenv("COURT12368_SMPP_PORT", raising=False)
    monkeypatch.setenv("SMPP_PORT", "2776")
    with pytest.warns(config.OldNameWarning, match="SMPP_PORT is an old name: set COURT12368_SMPP_PORT"):
        assert config.read_int("SMPP_PORT") == 2776
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert config.read_int("SMPP_PORT") == 2776  # once per name and process
    monkeypatch.setenv("COURT12368_SMPP_PORT", "2777")
    assert config.read_int("SMPP_PORT") == 2777  # the new name wins
    assert issubclass(config.OldNameWarning, DeprecationWarning)


def test_a_bad_old_name_is_refused_under_the_name_that_was_set(monkeypatch):
    monkeypatch.delenv("COURT12368_WEB_CONCURRENCY", raising=False)
    monkeypatch.setenv("WEB_CONCURRENCY", "many")
    with pytest.warns(config.OldNameWarning), pytest.raises(ImproperlyConfigured, match="^WEB_CONCURRENCY="):
        config.read_int("WEB_CONCURRENCY")


def test_names_lists_every_way_to_set_a_variable():
    assert config.names("DATABASE_URL") == (
        "COURT12368_DATABASE_URL", "COURT12368_DATABASE_URL_FILE", "DATABASE_URL"
    )  # fmt: skip
    assert config.names("SIP_PORT") == ("COURT12368_SIP_PORT",)


def test_importing_the_settings_writes_nothing_until_a_secret_is_read(monkeypatch, tmp_path):
    data = tmp_path / "fresh"
    monkeypatch.setenv("COURT12368_DATA_DIR", str(data))
    for variable in config.VARIABLES.values():
        if variable.generated:
            for name in config.names(variable.name):
                monkeypatch.delenv(name, raising=False)
    spec = importlib.util.spec_from_file_location("fresh_settings", court12368.settings.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert Path(module.DATA_DIR) == data
    assert not data.exists()
    assert isinstance(module.SECRET_KEY, LazyObject)
    key = str(module.SECRET_KEY)  # first read: made now, owner-only
    assert (data / "secret_key").read_text().strip() == key
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "secret_key").stat().st_mode) == 0o600


def test_once_django_has_started_the_generated_secrets_are_plain_strings(settings):
    for variable in config.VARIABLES.values():
        if variable.generated:
            assert type(getattr(settings, variable.name)) is str, variable.name


def test_the_command_names_a_bad_variable_instead_of_a_traceback(tmp_path):
    env = {**os.environ, "COURT12368_DATA_DIR": str(tmp_path / "data"), "COURT12368_SIP_PORT": "abc"}
    env["PYTHONPATH"] = str(ROOT / "src")
    done = subprocess.run(
        [sys.executable, "-m", "court12368", "manage", "check"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    assert "COURT12368_SIP_PORT='abc': expected a whole number" in done.stderr
    assert "Traceback" not in done.stderr
