"""ASGI entry point."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
settings.SECRET_KEY  # noqa: B018 - refuses to serve without a key unless DEBUG
application = get_asgi_application()
