from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; falls back to plain names when the manifest has no entry,
    so tests and a fresh checkout render pages before ``collectstatic`` has run."""

    manifest_strict = False
