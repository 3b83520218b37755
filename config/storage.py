"""Static files for production: compressed, content-hashed names (long browser caching)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # viewflow's bundled font CSS names font files that the package does not ship: keep such a
    # reference as written instead of failing collectstatic (our own files all resolve).
    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if name.startswith("viewflow/"):
                return name
            raise
