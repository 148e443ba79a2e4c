"""WSGI entry point."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
settings.SECRET_KEY  # noqa: B018 - refuses to serve without a key unless DEBUG
application = get_wsgi_application()
