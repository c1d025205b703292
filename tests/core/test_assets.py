"""Browser libraries are fetched at install time and must match the integrity their lock pins."""

import base64
import hashlib
import io
import tarfile

import pytest

from court12368.core import assets

SCRIPT = b"var echarts = {};"


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


GOOD = tarball({"dist/echarts.min.js": SCRIPT, "LICENSE": b"Apache", "NOTICE": b"Apache ECharts", "x": b""})


@pytest.fixture
def pinned(monkeypatch):
    """The lock pins GOOD; downloads are recorded instead of made."""
    monkeypatch.setattr(assets, "WANTED", {"echarts": assets.WANTED["echarts"]})  # one package, faked
    monkeypatch.setattr(assets, "locked", lambda name: ("6.1.0", integrity(GOOD)))
    monkeypatch.setenv("COURT12368_NPM_REGISTRY", "https://mirror.example/npm/")
    urls = []

    def serve(body):
        def download(url):
            urls.append(url)
            return body

        return download

    serve.urls = urls
    return serve


def test_the_lock_pins_every_wanted_package_by_sha512():
    for name in assets.WANTED:
        version, pinned = assets.locked(name)
        assert version.count(".") == 2 and pinned.startswith("sha512-") and len(pinned) == 95


def test_install_unpacks_the_wanted_files_once(tmp_path, pinned):
    assert assets.install(tmp_path, download=pinned(GOOD)) == ["echarts@6.1.0"]
    assert pinned.urls == ["https://mirror.example/npm/echarts/-/echarts-6.1.0.tgz"]
    assert (tmp_path / "echarts/echarts.min.js").read_bytes() == SCRIPT
    assert (tmp_path / "echarts/NOTICE").read_bytes() == b"Apache ECharts"
    assert not (tmp_path / "echarts/x").exists()  # only what the pages use
    assert assets.install(tmp_path, download=pinned(GOOD)) == [] and len(pinned.urls) == 1  # up to date
    (tmp_path / "echarts/echarts.min.js").unlink()
    assert assets.install(tmp_path, download=pinned(GOOD)) == ["echarts@6.1.0"]  # a lost file comes back


def test_a_tarball_that_does_not_match_the_lock_is_refused_and_nothing_written(tmp_path, pinned):
    tampered = tarball({"dist/echarts.min.js": b"steal()", "LICENSE": b"", "NOTICE": b""})
    with pytest.raises(assets.AssetError, match="does not match the lock"):
        assets.install(tmp_path, download=pinned(tampered))
    assert not any(tmp_path.iterdir())


def test_a_tarball_without_a_wanted_file_writes_nothing(tmp_path, monkeypatch, pinned):
    partial = tarball({"dist/echarts.min.js": SCRIPT, "LICENSE": b""})  # no NOTICE
    monkeypatch.setattr(assets, "locked", lambda name: ("6.1.0", integrity(partial)))
    with pytest.raises(assets.AssetError, match="NOTICE is not in the tarball"):
        assets.install(tmp_path, download=pinned(partial))
    assert not any(tmp_path.iterdir())


def test_an_unreachable_registry_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("COURT12368_NPM_REGISTRY", "http://127.0.0.1:9")
    with pytest.raises(assets.AssetError, match="cannot download http://127.0.0.1:9/echarts"):
        assets.fetch(f"{assets.registry()}/echarts/-/echarts-6.1.0.tgz", timeout=5)
