"""Where the platform keeps its state on disk, and the secrets it generates once."""

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    """The data directory (``COURT12368_DATA_DIR``, default ``./data``), created on first use."""
    path = Path(os.environ.get("COURT12368_DATA_DIR", "data")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def persistent_secret(name: str, env_var: str) -> str:
    """A secret from the environment, else one generated once and kept in the data dir (mode 600).

    Kept outside the database on purpose: a stolen database dump must not carry the keys
    that protect what is in it.
    """
    from_env = os.environ.get(env_var)
    if from_env:
        return from_env
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
