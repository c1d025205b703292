"""`court12368 backup` and `court12368 restore`: the database and the stored files in one archive.

- SQLite is copied with its online backup API, so a backup may be taken while the platform runs; PostgreSQL
  with `pg_dump --format=custom` and restored with `pg_restore --clean`.
- The archive (tar) holds `manifest.json`, the database, `media/` (attachments, prompts, circulars,
  exports) and `recordings/` (the voice line's calls and voicemail).
  The manifest lists each member's SHA-256. Restore checks the whole archive before it changes anything:
  every member a regular file under a name of its own (no links, devices, absolute or `..` paths), the
  manifest, every checksum, and a database member that opens (SQLite: read-only, `integrity_check`;
  PostgreSQL: `pg_restore --list`) and whose migrations this version knows. Any failure is one
  `BackupError` and nothing changed: the stored files are staged beside their folders and swapped in
  only after the database is loaded.
- The keys in the data dir are not in the archive unless asked for (`--with-keys`): a stolen backup must not
  carry the key that protects the service passwords in it (core/hashing.py). The manifest holds the hash
  key's fingerprint, and restore refuses an archive made under another key unless told to go on.
"""

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from court12368.core.hashing import key_fingerprint
from court12368.datadir import data_dir

FORMAT = 1
KEY_FILES = ("hash_key", "secret_key")
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Every name a backup writes; anything else in an archive is not ours.
MEMBER_NAMES = re.compile(
    r"manifest\.json|database\.(sqlite3|pgdump)|keys/(hash_key|secret_key)|(media|recordings)/.+"
)
SHA256 = re.compile(r"[0-9a-f]{64}")


class BackupError(Exception):
    """A backup could not be made or an archive cannot be restored; nothing was changed."""


def stored_folders() -> dict[str, Path]:
    """The folders of files the database refers to, by their name in the archive."""
    return {"media": Path(settings.MEDIA_ROOT), "recordings": Path(settings.RECORDINGS_DIR)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_database(target: Path) -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)  # consistent even while others write
        copy.close()
        return "database.sqlite3"
    if vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *_pg_args()])
        return "database.pgdump"
    raise BackupError(f"no backup for the {vendor} database")


def _pg_args() -> list[str]:
    db = connection.settings_dict
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    return args


def _run(argv: list[str]) -> str:
    env = {**os.environ, "PGPASSWORD": connection.settings_dict.get("PASSWORD") or ""}
    try:
        done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True, timeout=3600)  # noqa: S603 (argv from settings, no shell)
    except FileNotFoundError as error:
        raise BackupError(f"{argv[0]} is not installed (apt-get install postgresql-client)") from error
    except subprocess.CalledProcessError as error:
        said = " ".join(error.stderr.split())[-500:]  # one line: the command-line answer is one line
        raise BackupError(f"{argv[0]} failed: {said}") from error
    return done.stdout


def backup(out: Path, *, with_keys: bool = False) -> dict:
    """Write the archive to ``out`` (a new file); returns its manifest."""
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} exists already; a backup never overwrites a file")
    with tempfile.TemporaryDirectory(dir=out.parent) as work:
        work = Path(work)
        members: dict[str, Path] = {}
        database = _dump_database(work / "database")
        members[database] = work / "database"
        for prefix, folder in stored_folders().items():
            if folder.exists():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    members[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path
        if with_keys:
            for name in KEY_FILES:
                if (data_dir() / name).exists():
                    members[f"keys/{name}"] = data_dir() / name
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": connection.vendor,
            "migrations": sorted(
                f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
            ),
            "key_fingerprint": key_fingerprint(),
            "files": {name: _sha256(path) for name, path in members.items()},
        }
        partial = out.with_name(f".{out.name}.partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                archive.add(path, arcname=name, recursive=False)
        os.chmod(partial, 0o600)  # personal data: only the owner reads it
        os.replace(partial, out)  # a failed backup leaves no half archive under the real name
    return manifest


def restore(source: Path, *, other_key: bool = False) -> dict:
    """Replace the database and the stored files with the archive's, after checking all of it.

    Raises BackupError, having changed nothing, for any archive it will not restore."""
    with tempfile.TemporaryDirectory(dir=data_dir(), prefix=".restore-") as work:
        work = Path(work)
        try:
            manifest = _unpack(Path(source), work, other_key)
        except (tarfile.TarError, EOFError, OSError) as error:
            raise BackupError(f"the archive {source} cannot be checked: {error}") from error
        staged = _stage(work)
        try:
            _load_database(manifest, work)  # one transaction: it fails whole or not at all
        except BaseException as error:
            for new, _folder in staged:
                shutil.rmtree(new, ignore_errors=True)
            if isinstance(error, sqlite3.Error):
                raise BackupError(f"the database could not be loaded: {error}") from error
            raise
        # The database is in: the stored files follow by renames, each folder at once.
        for new, folder in staged:
            old = folder.with_name(f".{folder.name}.replaced")
            shutil.rmtree(old, ignore_errors=True)
            if folder.exists():
                os.replace(folder, old)
            os.replace(new, folder)
            shutil.rmtree(old, ignore_errors=True)
    return manifest


def _unpack(source: Path, work: Path, other_key: bool) -> dict:
    """Every check that needs no change to the platform; the checked members end up in ``work``."""
    with tarfile.open(source, "r") as archive:
        members = archive.getmembers()
        if "manifest.json" not in {m.name for m in members}:
            raise BackupError("not a court12368 backup: no readable manifest.json")
        members = _regular_members(members)
        manifest = read_manifest(archive, members["manifest.json"])
        _check_compatible(manifest, other_key)
        listed = set(manifest["files"])
        present = set(members) - {"manifest.json"}
        if missing := sorted(listed - present):
            raise BackupError(f"{missing[0]} is missing from the archive")
        if extra := sorted(present - listed):
            raise BackupError(f"{extra[0]} is in the archive but not in its manifest")
        database = DATABASE_MEMBERS[manifest["database"]]
        if database not in listed:
            raise BackupError("the archive holds no database: restoring it would empty the platform")
        for name in sorted(listed):
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with archive.extractfile(members[name]) as inside, target.open("xb") as outside:
                while block := inside.read(1 << 20):
                    digest.update(block)
                    outside.write(block)
            if digest.hexdigest() != manifest["files"][name]:
                raise BackupError(f"{name} does not match its checksum: the archive is damaged")
    _check_database(manifest["database"], work / database)
    return manifest


# What a member that is not a regular file is, for the refusal.
KINDS = (
    ("symbolic link", tarfile.TarInfo.issym),
    ("hard link", tarfile.TarInfo.islnk),
    ("device", lambda m: m.ischr() or m.isblk()),
    ("directory", tarfile.TarInfo.isdir),
    ("special file", lambda m: True),
)


def _regular_members(members: list[tarfile.TarInfo]) -> dict[str, tarfile.TarInfo]:
    """The archive's members by name, each a regular file under a safe name of a backup's, once."""
    found = {}
    for member in members:
        _check_name(member.name)
        if not member.isfile():
            kind = next(k for k, ok in KINDS if ok(member))
            raise BackupError(f"refusing the member {member.name!r}: a {kind}, not a regular file")
        if member.name in found:
            raise BackupError(f"refusing the archive: {member.name!r} is in it twice")
        found[member.name] = member
    return found


def _check_name(name: str) -> None:
    parts = name.split("/")
    if (
        name.startswith("/")
        or any(part in ("", ".", "..") for part in parts)
        or not MEMBER_NAMES.fullmatch(name)
    ):
        raise BackupError(f"refusing the unsafe member name {name!r}")


def read_manifest(archive: tarfile.TarFile, member: tarfile.TarInfo) -> dict:
    try:
        manifest = json.load(archive.extractfile(member))
    except ValueError as error:  # not JSON, or not UTF-8
        raise BackupError("not a court12368 backup: no readable manifest.json") from error
    if not isinstance(manifest, dict):
        raise BackupError("not a court12368 backup: manifest.json holds no manifest")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not {FORMAT}")
    files, migrations = manifest.get("files"), manifest.get("migrations")
    if (
        manifest.get("database") not in DATABASE_MEMBERS
        or not isinstance(files, dict)
        or not isinstance(migrations, list)
        or not all(isinstance(m, str) for m in migrations)
        or not isinstance(manifest.get("key_fingerprint"), str)
        or not isinstance(manifest.get("created_at"), str)
    ):
        raise BackupError("not a court12368 backup: its manifest.json is incomplete")
    for name, digest in files.items():
        _check_name(name)
        if not isinstance(digest, str) or not SHA256.fullmatch(digest):
            raise BackupError(f"the manifest gives {name} no SHA-256")
    return manifest


def _check_database(vendor: str, path: Path) -> None:
    """The database member opens and its schema is one this version knows, before anything is replaced."""
    if vendor == "sqlite":
        try:  # read-only and immutable: the check changes not even the copy
            with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as db:
                verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
                applied = db.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.Error as error:
            raise BackupError(f"the archive's database cannot be read: {error}") from error
        if verdict != "ok":
            raise BackupError(f"the archive's database is damaged: {verdict}")
    else:
        listing = _run(["pg_restore", "--list", str(path)])
        if not re.search(r"TABLE DATA \S+ django_migrations\b", listing):
            raise BackupError("the archive's database dump holds no django_migrations table")
        applied = _copied_rows(
            _run(["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(path)])
        )
    if not applied:
        raise BackupError("the archive's database has no migrations: it is not a court12368 database")
    _check_known({f"{app}.{name}" for app, name in applied})


def _copied_rows(sql: str) -> list[tuple[str, str]]:
    """(app, name) of each django_migrations row in pg_restore's COPY block (none when it has no such
    block, or one without those columns)."""
    lines = iter(sql.splitlines())
    for line in lines:
        header = re.fullmatch(r"COPY \S*django_migrations \((.*)\) FROM stdin;", line)
        if header:
            columns = [c.strip() for c in header.group(1).split(",")]
            if not {"app", "name"} <= set(columns):
                return []
            app, name = columns.index("app"), columns.index("name")
            rows = [row.split("\t") for row in iter(lines.__next__, "\\.")]
            return [(r[app], r[name]) for r in rows if len(r) == len(columns)]
    return []


def _stage(work: Path) -> list[tuple[Path, Path]]:
    """The archive's stored files copied beside the folders they replace (same file system: the swap is
    a rename). A failure (say, a full disk) removes what was staged and changes nothing."""
    staged = []
    try:
        for prefix, folder in stored_folders().items():
            new = folder.with_name(f".{folder.name}.restoring")
            staged.append((new, folder))
            shutil.rmtree(new, ignore_errors=True)
            if (work / prefix).exists():
                shutil.copytree(work / prefix, new)
            else:
                new.mkdir(parents=True)
    except OSError as error:
        for new, _folder in staged:
            shutil.rmtree(new, ignore_errors=True)
        raise BackupError(f"the stored files cannot be staged: {error}") from error
    return staged


def _check_compatible(manifest: dict, other_key: bool) -> None:
    if manifest["database"] != connection.vendor:
        raise BackupError(f"the backup is of a {manifest['database']} database, this is {connection.vendor}")
    _check_known(set(manifest["migrations"]))
    if manifest["key_fingerprint"] != key_fingerprint() and not other_key:
        keys = "the archive's keys/ " if any(n.startswith("keys/") for n in manifest["files"]) else ""
        raise BackupError(
            "the backup was made under another hash key: its service passwords would not verify. "
            f"Put {keys}hash_key in the data dir (or set COURT12368_HASH_KEY), or restore with --other-key."
        )


def _check_known(migrations: set[str]) -> None:
    """The schema is one this version's migrations know (an older one is migrated after the restore)."""
    from django.db.migrations.loader import MigrationLoader

    known = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    if unknown := sorted(migrations - known):
        raise BackupError(f"the backup comes from a newer version (migrations {', '.join(unknown[:3])})")


def _load_database(manifest: dict, work: Path) -> None:
    if manifest["database"] == "sqlite":
        with sqlite3.connect(work / "database.sqlite3") as source:
            connection.ensure_connection()
            source.backup(connection.connection)
        source.close()
    else:
        connections.close_all()  # pg_restore drops and recreates the tables
        _run(
            [
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                *_pg_args(), str(work / "database.pgdump"),
            ]
        )  # fmt: skip
