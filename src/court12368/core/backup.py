"""`court12368 backup` and `court12368 restore`: the database and the stored files in one archive.

- SQLite is copied with its online backup API, so a backup may be taken while the platform runs; PostgreSQL
  with `pg_dump --format=custom` and restored with `pg_restore --clean`.
- The archive (tar) holds `manifest.json`, the database, `media/` (attachments, prompts, circulars,
  exports) and `recordings/` (the voice line's calls and voicemail).
  The manifest lists each member's SHA-256; restore checks every one before it changes anything.
- The keys in the data dir are not in the archive unless asked for (`--with-keys`): a stolen backup must not
  carry the key that protects the service passwords in it (core/hashing.py). The manifest holds the hash
  key's fingerprint, and restore refuses an archive made under another key unless told to go on.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from court12368.core.hashing import key_fingerprint
from court12368.datadir import data_dir

FORMAT = 1
KEY_FILES = ("hash_key", "secret_key")


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


def _run(argv: list[str]) -> None:
    env = {**os.environ, "PGPASSWORD": connection.settings_dict.get("PASSWORD") or ""}
    try:
        subprocess.run(argv, env=env, check=True, capture_output=True, text=True, timeout=3600)  # noqa: S603 (argv from settings, no shell)
    except FileNotFoundError as error:
        raise BackupError(f"{argv[0]} is not installed (apt-get install postgresql-client)") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{argv[0]} failed: {error.stderr.strip()[-500:]}") from error


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


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, json.JSONDecodeError) as error:
        raise BackupError("not a court12368 backup: no readable manifest.json") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not {FORMAT}")
    return manifest


def restore(source: Path, *, other_key: bool = False) -> dict:
    """Replace the database and the stored files with the archive's, after checking all of it."""
    with tarfile.open(source, "r") as archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        _check_compatible(manifest, other_key)
        work = Path(work)
        for name in manifest["files"]:
            if name.startswith("/") or ".." in Path(name).parts:
                raise BackupError(f"refusing the unsafe member name {name!r}")
        for name, expected in manifest["files"].items():
            try:
                archive.extract(name, work, filter="data")
            except KeyError as error:
                raise BackupError(f"{name} is missing from the archive") from error
            if _sha256(work / name) != expected:
                raise BackupError(f"{name} does not match its checksum: the archive is damaged")
        # Everything checked: from here on the archive replaces what is there.
        _load_database(manifest, work)
        for prefix, folder in stored_folders().items():
            if folder.exists():
                shutil.rmtree(folder)
            if (work / prefix).exists():
                shutil.copytree(work / prefix, folder)
            else:
                folder.mkdir(parents=True)
    return manifest


def _check_compatible(manifest: dict, other_key: bool) -> None:
    if manifest["database"] != connection.vendor:
        raise BackupError(f"the backup is of a {manifest['database']} database, this is {connection.vendor}")
    known = {f"{app}.{name}" for app, name in _code_migrations()}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(f"the backup comes from a newer version (migrations {', '.join(unknown[:3])})")
    if manifest["key_fingerprint"] != key_fingerprint() and not other_key:
        keys = "the archive's keys/ " if any(n.startswith("keys/") for n in manifest["files"]) else ""
        raise BackupError(
            "the backup was made under another hash key: its service passwords would not verify. "
            f"Put {keys}hash_key in the data dir (or set COURT12368_HASH_KEY), or restore with --other-key."
        )


def _code_migrations():
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(None, ignore_no_migrations=True).disk_migrations.keys()


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
