"""Static files: what `collectstatic` gathers and how it is stored.

The workflow engine ships its own front end (fonts and scripts, about 50 MB)
that no page of ours loads; it is left out of the collection. Names that are
not in the manifest fall back to the plain name instead of failing the page.
"""

from django.contrib.staticfiles.apps import StaticFilesConfig
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CollectedStaticFiles(StaticFilesConfig):
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "viewflow"]


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    manifest_strict = False
