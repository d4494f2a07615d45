"""Production: every secret and address comes from the environment, with no defaults.

A missing DJANGO_SECRET_KEY, DATABASE_URL, NIK_ENCRYPTION_KEY or CELERY_BROKER_URL stops start-up
with a message naming the variable.
"""

import os

from django.core.exceptions import ImproperlyConfigured

for _name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "NIK_ENCRYPTION_KEY", "CELERY_BROKER_URL"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(
            f"{_name} is not set. Production settings have no default for it (see README.md)."
        )

from .base import *  # noqa: E402,F403

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
