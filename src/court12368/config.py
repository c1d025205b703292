"""Every environment variable the platform reads, declared once, and the only code that reads them.

settings.py turns them into Django settings with ``read_str``, ``read_bool``, ``read_int``, ``read_list``
and ``read_secret``; the few reads that come before Django's settings (the data dir's location, gunicorn's
hooks, ``court12368 assets``) use the same functions. ``court12368 config-docs`` writes the table in
docs/configuration.md from ``SECTIONS``; a test keeps the two equal.

This module imports nothing of the platform's and no Django settings, so anything may use it first.
"""

import os
import sys
import warnings
from dataclasses import KW_ONLY, dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PREFIX = "COURT12368_"
FILE_SUFFIX = "_FILE"
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")
KINDS = {
    "text": "text",
    "bool": "`1` or `0`",
    "int": "whole number",
    "list": "comma-separated",
    "secret": "secret",
}


class OldNameWarning(DeprecationWarning):
    """A variable was set under the name it had before every name began with COURT12368_."""


# Python hides DeprecationWarning outside __main__; an operator whose env file still has an old name is
# who must see this one. Flags given with -W (and pytest's own filters) still decide.
if not sys.warnoptions:
    warnings.simplefilter("default", OldNameWarning)


@dataclass(frozen=True)
class Variable:
    name: str  # without the prefix: settings.py reads "SIP_PORT", the environment has COURT12368_SIP_PORT
    kind: str  # one of KINDS
    default: object  # typed: str, bool, int or tuple of str; None where default_text says
    help: str
    _: KW_ONLY
    old: str | None = None  # the name it had before; still read, with an OldNameWarning
    default_text: str | None = None  # the default in words, when the code computes it
    generated: str | None = None  # secrets: the file in the data dir it is generated into when unset
    external: bool = False  # named by a library that reads it itself: no prefix

    @property
    def env(self) -> str:
        return self.name if self.external else PREFIX + self.name


V = Variable  # short: one declaration a line or two, below
SECTIONS: tuple[tuple[str, tuple[Variable, ...]], ...] = (
    ("Platform", (
        V("DATA_DIR", "text", "data", "The folder for the SQLite database, generated secrets, uploads, "
          "exports, recordings and static files; made owner-only (0700) when the platform first starts.",
          default_text="`./data`"),
        V("DATABASE_URL", "secret", None, "The database, e.g. `postgres://court12368@127.0.0.1:5432/court12368`.",
          old="DATABASE_URL", default_text="unset: SQLite (`court12368.sqlite3`) in the data dir"),
        V("SECRET_KEY", "secret", None, "Django's secret key (sessions, CSRF, signed links).",
          old="SECRET_KEY", generated="secret_key"),
        V("DEBUG", "bool", False, "Development error pages; never on a served platform."),
        V("LOG_LEVEL", "text", "INFO", "The log level of every process: `DEBUG`, `INFO`, `WARNING` "
          "or `ERROR`."),
        V("DEMO_SCALE", "int", 100, "Percent of the demo data's three months of calls that `serve` loads "
          "into an empty database (the end-to-end tests load fewer, to start faster)."),
        V("TASKS_BACKEND", "text", "django_tasks_db.DatabaseBackend", "Dotted path of the django-tasks "
          "backend: the task worker's queue is in the database by default.", old="TASKS_BACKEND"),
        V("REDIS_URL", "secret", None, "Optional Redis shared by every process, e.g. "
          "`redis://127.0.0.1:6379/0`: one cache for all of them; sessions are read from it and the "
          "portal's per-address limits counted in it.", default_text="none: the database"),
        V("SWEEPER_INTERVAL", "int", 30, "Seconds between the deadline sweeper's rounds."),
        V("EXPORT_INLINE_ROWS", "int", 20000, "A ledger export of more work orders than this is written by "
          "the task worker; its page offers the download when ready."),
        V("ATTACHMENT_MAX_MB", "int", 20, "The largest attachment a handler may add to a reply, in MB."),
        V("KEEP_RECORDINGS_DAYS", "int", 365, "Retention (`court12368 purge`): days before call recordings "
          "are deleted; 0 keeps them."),
        V("KEEP_PERSONAL_DAYS", "int", 3 * 365, "Retention: days before callers' numbers and names in calls, "
          "queued calls, incoming SMS and closed work orders are masked; 0 keeps them."),
        V("AUDIT_ANCHORS", "text", None, "The file each seal of the audit chain appends its head to, outside "
          "the database: on other storage, a rewritten database shows.",
          default_text="`audit-anchors.log` in the data dir"),
        V("CIRCULAR_FONT", "text", None, "The CJK font file (.ttf, .otf or .ttc) embedded in the circulars' "
          "PDF; its `-Bold` sibling, where there is one, prints the title.",
          default_text="the first found of Noto Serif CJK, Noto Sans CJK (Debian's `fonts-noto-cjk`), "
          "WenQuanYi Zen Hei and AR PL UMing; none: STSong-Light, not embedded"),
    )),
    ("Web server and security", (
        V("HOST", "text", "127.0.0.1", "Where `serve` and `web` listen (`--host`)."),
        V("PORT", "int", 8000, "Their port (`--port`)."),
        V("WEB_CONCURRENCY", "int", 2, "gunicorn worker processes of 4 threads each (`--workers`); about 2 "
          "per core.", old="WEB_CONCURRENCY"),
        V("ALLOWED_HOSTS", "list", ("127.0.0.1", "localhost", "[::1]"), "The host names the platform "
          "answers to: its public name.", old="ALLOWED_HOSTS"),
        V("CSRF_TRUSTED_ORIGINS", "list", (), "Origins whose forms and sign-ins are accepted: `https://` and "
          "the public name.", old="CSRF_TRUSTED_ORIGINS"),
        V("PUBLIC_URL", "text", "http://127.0.0.1:8000", "The platform's address as others reach it: the SMS "
          "gateways' delivery reports, links in messages."),
        V("HTTPS", "bool", None, "Served over https: session and CSRF cookies go over https only, and HSTS.",
          default_text="on when `COURT12368_PUBLIC_URL` starts with `https://`"),
        V("HSTS_SECONDS", "int", 365 * 24 * 3600, "How long browsers are told to use nothing but https "
          "(sent only when served over https)."),
        V("TRUSTED_PROXIES", "list", (), "The reverse proxies in front (nginx: `127.0.0.1`): their "
          "`X-Forwarded-For` names the client for lockouts and the audit log, their `X-Forwarded-Proto` says "
          "https; from anyone else those headers are dropped."),
        V("METRICS_TOKEN", "secret", None, "The bearer token Prometheus sends to `/metrics`.",
          generated="metrics_token"),
        V("HASH_KEY", "secret", None, "The key of the keyed hashes of service passwords, ID and phone "
          "numbers; keep it apart from the backups: without it no service password can be checked.",
          generated="hash_key"),
        V("LOGIN_FAILURES", "int", 5, "Failed staff sign-ins before the lock."),
        V("LOGIN_LOCK_MINUTES", "int", 30, "How long a sign-in lock lasts."),
        V("LOGIN_LOCK_BY", "list", ("username", "ip_address"), "What a sign-in lock holds: `username`, "
          "`ip_address` or both; `username` alone where all staff share one NAT address."),
        V("SECOND_FACTOR_FOR", "list", (), "Roles that must use the TOTP second factor at sign-in, e.g. "
          "`administrator,leader`; anyone may enrol."),
        V("VERIFY_MAX_FAILURES", "int", 5, "Failed service-password checks in an hour before a key locks: "
          "per case, caller number, portal address, API end user and wrong password."),
        V("VERIFY_STAFF_MAX_FAILURES", "int", 10, "The same, per staff account at the console."),
        V("VERIFY_CLIENT_MAX_FAILURES", "int", 100, "The same, per API client."),
        V("VERIFY_PASSWORD_ONLY_PER_HOUR", "int", 30, "Failed password-only checks (voice menu, SMS `CX`) "
          "per court and channel in an hour before that line pauses them."),
        V("VERIFY_PASSWORD_ONLY_PER_DAY", "int", 200, "The same, in a day."),
        V("NPM_REGISTRY", "text", "https://registry.npmjs.org", "Where `court12368 assets` (and `serve`) "
          "fetch the browser libraries, checked against the sha512 pinned in the package lock."),
        V("PROMETHEUS_MULTIPROC_DIR", "text", None, "Where gunicorn's worker processes pool their request "
          "metrics; prometheus_client reads it under this name.", external=True,
          default_text="`metrics` in the data dir, under `web` and `serve`"),
    )),
    ("SMS (docs/sms.md)", (
        V("SMS_TRANSPORT", "text", "console", "`console` (the log, and the spool file if set), `kannel` or "
          "`smpp`."),
        V("SMS_SPOOL", "text", "", "A file the console transport appends every SMS to (JSON lines)."),
        V("SMS_SENDER", "text", "12368", "The sender number for courts without their own."),
        V("SMS_GATEWAY_IPS", "list", ("127.0.0.1", "::1"), "Addresses allowed to post delivery reports and "
          "incoming SMS."),
        V("SMS_INBOUND_SECRET", "secret", None, "The shared secret in the gateway's URL for incoming SMS.",
          generated="sms_inbound_secret"),
        V("SMS_STUCK_AFTER", "int", 600, "Seconds after which a claimed SMS with no outcome counts as lost "
          "by a dead worker."),
        V("SMS_REENQUEUE_AFTER", "int", 120, "Seconds after which a queued SMS whose worker died is handed "
          "out again."),
        V("KANNEL_SENDSMS_URL", "text", "http://127.0.0.1:13013/cgi-bin/sendsms", "Kannel smsbox's sendsms "
          "interface.", old="KANNEL_SENDSMS_URL"),
        V("KANNEL_USERNAME", "text", "court12368", "Its user.", old="KANNEL_USERNAME"),
        V("KANNEL_PASSWORD", "secret", None, "Its password.", old="KANNEL_PASSWORD"),
        V("SMPP_HOST", "text", "127.0.0.1", "A direct SMPP link: the SMSC's address.", old="SMPP_HOST"),
        V("SMPP_PORT", "int", 2775, "Its port.", old="SMPP_PORT"),
        V("SMPP_SYSTEM_ID", "text", "", "The bind's system id.", old="SMPP_SYSTEM_ID"),
        V("SMPP_PASSWORD", "secret", None, "The bind's password.", old="SMPP_PASSWORD"),
        V("SMPP_SOURCE_ADDR", "text", "12368", "The source address of messages sent over SMPP.",
          old="SMPP_SOURCE_ADDR"),
    )),
    ("Voice line (docs/ivr.md)", (
        V("SIP_HOST", "text", "127.0.0.1", "Where the SIP user agent of `serve` and `court12368 ivr` "
          "listens (UDP)."),
        V("SIP_PORT", "int", 5060, "Its port; 0 turns the voice line off."),
        V("SIP_ADDRESS", "text", "", "The address put in SDP and Contact when the listening host is "
          "0.0.0.0 or behind NAT."),
        V("IVR_COURT", "text", "", "The court code that takes calls whose SIP address names no court "
          "and no court's public number (sip:12368@host); unset, such callers choose their court.",
          default_text="none; the demo court under `serve` with demo data"),
        V("SIP_TRUNK_PREFIXES", "list", (), "Digits a carrier or SBC puts before the dialled number in the "
          "SIP address, taken off before it is matched to a court's public numbers (e.g. 17909)."),
        V("IVR_MAX_CALLS", "int", 60, "Calls answered at once."),
        V("SIP_ALLOWED", "list", ("127.0.0.1", "::1"), "The addresses or networks of the carrier's trunk "
          "or the SBC that may send the line calls; anyone else must sign in with a platform login and SIP "
          "password (digest) to register a phone or call, or gets 403."),
        V("SIP_INVITES_PER_MINUTE", "int", 60, "New calls one address may open in a minute; more get 503 "
          "with Retry-After."),
        V("SIP_REALM", "text", "court12368", "The digest realm agents' softphones sign in to; changing it "
          "voids every SIP password set so far."),
        V("SIP_OUTBOUND", "text", "", "How the line dials an office number when a judge has no phone "
          "registered and no SIP address, e.g. `sip:{number}@10.0.0.1` (the PBX or trunk); empty: not "
          "at all."),
        V("AGI_HOST", "text", "127.0.0.1", "Where the Asterisk FastAGI adapter listens (the protocol has "
          "no authentication)."),
        V("AGI_PORT", "int", None, "Its port; 0 turns it off.",
          default_text="`4573` for `court12368 ivr`; off under `serve`"),
        V("AGI_ALLOWED", "list", ("127.0.0.1", "::1"), "The Asterisk addresses or networks the adapter "
          "serves; others are closed unread."),
        V("IVR_RECORD_CALLS", "bool", True, "Record the caller's side of every call (洛阳中院一号通办规范 "
          "art. 8); voicemail is always recorded."),
        V("IVR_TRANSCRIBER", "text", "auto", "Who drafts voicemail transcripts: `auto` is the built-in "
          "Whisper base (`court12368.ivr.whisper.WhisperTranscriber`) when the `transcripts` extra is "
          "installed, else none; `off` (or empty) none; or the dotted path of another offline recogniser."),
        V("IVR_TRANSCRIBER_THREADS", "int", 2, "CPU threads of the built-in recogniser in each task worker "
          "(one voicemail at a time per worker)."),
        V("IVR_QUEUE_MAX_WAIT", "int", 120, "Seconds a caller waits in the agents' queue before the line "
          "apologises and hangs up."),
    )),
)  # fmt: skip
VARIABLES = {variable.name: variable for _title, variables in SECTIONS for variable in variables}
_UNSET = object()
_warned: set[str] = set()


def _declared(name: str, kind: str) -> Variable:
    variable = VARIABLES[name]
    if variable.kind != kind:
        raise TypeError(f"{variable.env} is declared as {variable.kind}, not read as {kind}")
    return variable


def _lookup(variable: Variable) -> tuple[str, str] | None:
    """(the name it was found under, its value); an empty value counts as unset, except for lists."""
    if variable.env in os.environ:
        return variable.env, os.environ[variable.env]
    if variable.old and variable.old in os.environ:
        if variable.old not in _warned:
            _warned.add(variable.old)
            warnings.warn(
                f"{variable.old} is an old name: set {variable.env} instead (docs/configuration.md)",
                OldNameWarning,
                stacklevel=3,
            )
        return variable.old, os.environ[variable.old]
    return None


def _default(variable: Variable, default: object) -> object:
    return variable.default if default is _UNSET else default


def read_str(name: str, default: object = _UNSET) -> str | None:
    """A text variable; unset or empty, ``default`` (when given) or the declared default."""
    variable = _declared(name, "text")
    found = _lookup(variable)
    return found[1] if found and found[1] else _default(variable, default)


def read_bool(name: str, default: object = _UNSET) -> bool:
    variable = _declared(name, "bool")
    found = _lookup(variable)
    if not found or not found[1].strip():
        return _default(variable, default)
    where, value = found
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{where}={value!r}: expected 1, true, yes, on or 0, false, no, off")


def read_int(name: str, default: object = _UNSET) -> int | None:
    variable = _declared(name, "int")
    found = _lookup(variable)
    if not found or not found[1].strip():
        return _default(variable, default)
    where, value = found
    try:
        return int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{where}={value!r}: expected a whole number") from None


def read_list(name: str) -> list[str]:
    """Comma-separated items, each stripped, empty ones dropped; set but empty, an empty list."""
    variable = _declared(name, "list")
    found = _lookup(variable)
    if not found:
        return list(variable.default)
    return [item.strip() for item in found[1].split(",") if item.strip()]


def read_secret(name: str) -> str:
    """A secret from its variable, or from the file ``<variable>_FILE`` names (as Docker secrets and
    systemd credentials are handed over); "" when neither is set."""
    variable = _declared(name, "secret")
    file_variable = variable.env + FILE_SUFFIX
    given, path = os.environ.get(variable.env), os.environ.get(file_variable)
    if given and path:
        raise ImproperlyConfigured(f"set {variable.env} or {file_variable}, not both")
    if not path:  # the variable itself, or its old name
        found = _lookup(variable)
        return found[1] if found else ""
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{file_variable}={path!r} cannot be read: {error.strerror}") from None
    if not value:
        raise ImproperlyConfigured(f"{file_variable}={path!r} names an empty file")
    return value


def names(name: str) -> tuple[str, ...]:
    """Every environment name that sets the variable: for a test or a script that must clear it."""
    variable = VARIABLES[name]
    file_form = (variable.env + FILE_SUFFIX,) if variable.kind == "secret" else ()
    return (variable.env, *file_form, *((variable.old,) if variable.old else ()))


DOCS_HEADER = """\
# Configuration

<!-- Generated by `court12368 config-docs > docs/configuration.md` from src/court12368/config.py. -->

The platform is configured by environment variables only, all named `COURT12368_…` (the one exception,
`PROMETHEUS_MULTIPROC_DIR`, is prometheus_client's own name). For a deployment they go in one environment
file read by every process (`deploy/court12368.env.example`).

- **Lists** are comma-separated; spaces around items are ignored and empty items dropped. A list set to
  the empty string is empty.
- **`1` or `0`**: also `true`/`false`, `yes`/`no`, `on`/`off`.
- Any other variable set to the empty string counts as unset and takes its default.
- A **secret** may instead be read from a file: `COURT12368_<NAME>_FILE=/run/secrets/<name>` (Docker
  secrets, systemd credentials); the file's surrounding blanks are dropped. Setting both is an error.
  Secrets marked *generated* are, when unset, made once in the data dir (owner-only, mode 0600) as the
  platform first starts; several machines must share them instead (docs/deployment.md).
- A value that cannot be read (a word where a number belongs, an unreadable secret file) stops the
  command with an error naming the variable.
- **Old names** (before every name began with `COURT12368_`) are still read, with a deprecation warning
  naming the new one; where both are set, the new name wins.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _default_cell(variable: Variable) -> str:
    if variable.generated:
        return f"generated into the data dir (`{variable.generated}`)"
    if variable.default_text is not None:
        return variable.default_text
    default = variable.default
    if default is None or default in ("", ()):
        return "none"
    if isinstance(default, bool):
        return "`1`" if default else "`0`"
    if isinstance(default, tuple):
        return f"`{','.join(default)}`"
    return f"`{default}`"


TABLE_HEAD = "| variable | old name | type | default | what it does |\n|---|---|---|---|---|\n"


def render_markdown() -> str:
    """docs/configuration.md."""
    parts = [DOCS_HEADER]
    for title, variables in SECTIONS:
        parts.append(f"\n## {title}\n\n{TABLE_HEAD}")
        for variable in variables:
            old = f"`{variable.old}`" if variable.old else ""
            cells = (f"`{variable.env}`", old, KINDS[variable.kind], _default_cell(variable), variable.help)
            parts.append("| " + " | ".join(_cell(cell) for cell in cells) + " |\n")
    return "".join(parts)
