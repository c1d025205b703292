"""The rooms' layers hold: no lower room imports a higher one and no module imports one that imports it
back (the contracts in .importlinter, drawn in docs/architecture.md)."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True, no_logo=True) == 0


def test_the_layers_name_every_room():
    """A new app must be placed in a layer, or the contract silently ignores it."""
    layers = (ROOT / ".importlinter").read_text().split("layers =", 1)[1].split("\n\n", 1)[0]
    named = {name.strip() for line in layers.splitlines() for name in line.split("|") if name.strip()}
    package = ROOT / "src" / "court12368"
    rooms = {p.name for p in package.iterdir() if (p / "__init__.py").exists() and p.name != "locale"}
    modules = {p.stem for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    assert rooms | modules <= named, sorted((rooms | modules) - named)
