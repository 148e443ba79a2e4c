"""Settings for the local demo (`make run`): served as in production, DEBUG off,
over plain HTTP on the local machine.

The secret key below signs the demo's sessions only. It is public, so these
settings must never serve anything but the demo data on 127.0.0.1.
"""

import os

os.environ.setdefault(
    "SECRET_KEY", "demo-only-secret-key-public-never-use-outside-the-local-demo"
)
os.environ["DEBUG"] = "0"

from casework.settings import *  # noqa: E402,F403

DEBUG = False
# Plain HTTP on 127.0.0.1: no redirect to HTTPS, no HSTS, cookies over HTTP.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
