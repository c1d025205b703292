"""Where the platform keeps its state on disk, and the secrets it generates once.

Nothing here runs at import, and settings.py only asks where the data dir is: the folder and the generated
secrets are made by ``prepare()`` as Django starts (core's AppConfig.ready), or by whatever first needs
them (gunicorn's hooks, the hash key), never by importing the settings."""

import logging
import os
import secrets
import stat
from pathlib import Path

from django.utils.functional import LazyObject, SimpleLazyObject

from court12368 import config

# The database (and its WAL), uploads, recordings, exports, keys and audit anchors hold personal data:
# whatever this process writes is its owner's only (files 0600, folders 0700), whatever the login umask.
PRIVATE_UMASK = 0o077
log = logging.getLogger(__name__)
_private: set[Path] = set()


def data_dir_path() -> Path:
    """Where the data directory is (``COURT12368_DATA_DIR``, default ``./data``); nothing is made."""
    return Path(config.read_str("DATA_DIR")).expanduser().resolve()


def data_dir() -> Path:
    """The data directory, created owner-only on first use.

    Every process that writes it comes through here first (``prepare()`` as Django starts), so this is
    where the process umask becomes owner-only, too."""
    path = data_dir_path()
    if path not in _private:
        os.umask(PRIVATE_UMASK)
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        make_private(path)
        _private.add(path)
    return path


def make_private(path: Path) -> int:
    """An existing install's data dir, made under a 0022 umask, is tightened once: when the folder itself
    is open to others, it and everything in it become owner-only. Once it is 0700 nothing inside can be
    reached by others, so later starts walk nothing. Returns how many entries were changed."""
    info = path.stat()
    if not stat.S_IMODE(info.st_mode) & 0o077:
        return 0
    if info.st_uid != os.geteuid():  # /tmp, say: not ours to close, nor to walk at every start
        log.warning("data dir %s is readable by others and belongs to another user: not changed", path)
        return 0
    changed = 0
    for entry in (path, *path.rglob("*")):
        try:
            info = entry.lstat()
            if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():  # not ours to change
                continue
            mode = stat.S_IMODE(info.st_mode)
            if mode & 0o077:
                os.chmod(entry, mode & 0o700)
                changed += 1
        except OSError as error:  # a file removed meanwhile, or one we may not change: say so, go on
            log.warning("data dir %s: cannot make %s owner-only: %s", path, entry, error)
    log.warning("data dir %s was readable by others: %d files and folders made owner-only", path, changed)
    return changed


def secret(name: str) -> str:
    """The secret variable ``name`` (config.read_secret), else the one generated into the data dir: a lazy
    string, made when first read, so that importing the settings writes nothing.

    Kept outside the database on purpose: a stolen database dump must not carry the keys
    that protect what is in it.
    """
    given = config.read_secret(name)
    if given:
        return given
    file_name = config.VARIABLES[name].generated
    return SimpleLazyObject(lambda: persistent_secret(file_name))


def prepare() -> None:
    """As Django starts: the data dir exists, owner-only, with its static folder (`serve` fills it, and
    WhiteNoise warns without it), and the generated secrets are plain strings in the settings from here on
    (``hmac.compare_digest`` and other C code take no lazy string)."""
    from django.conf import settings

    data_dir()
    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)
    for variable in config.VARIABLES.values():
        if variable.generated and isinstance(getattr(settings, variable.name, None), LazyObject):
            setattr(settings, variable.name, str(getattr(settings, variable.name)))


def persistent_secret(name: str) -> str:
    """The secret kept in the data dir's file ``name``, generated there once (mode 600)."""
    path = data_dir() / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    value = secrets.token_urlsafe(48)
    # Written to a private temp file, then hard-linked into place: if two processes start at
    # once, exactly one key wins and neither ever reads a half-written file.
    tmp = path.with_name(f".{name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        value = path.read_text().strip()
    finally:
        tmp.unlink()
    return value
