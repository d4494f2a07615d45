"""Production: every secret and address comes from the environment, with no defaults.

A missing DJANGO_SECRET_KEY, DATABASE_URL, NIK_ENCRYPTION_KEY (or NIK_ENCRYPTION_KEYS) or
CELERY_BROKER_URL stops start-up with a message naming the variable, and so does a secret key
(or a fallback secret key) or any NIK key that is published (the local and test defaults, old
placeholders), a placeholder or too short (see ``keys.py``).
HTTPS is enforced (redirect, HSTS, secure cookies); ``manage.py check --deploy`` has nothing to
say about these settings (tests/sicaker/test_production_settings.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .keys import check_nik_keys, check_secret_key, configured_nik_keys

for _name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "NIK_ENCRYPTION_KEY", "CELERY_BROKER_URL"):
    if _name == "NIK_ENCRYPTION_KEY" and os.environ.get("NIK_ENCRYPTION_KEYS"):
        continue  # the rotation list replaces the single key
    if not os.environ.get(_name):
        raise ImproperlyConfigured(
            f"{_name} is not set. Production settings have no default for it (see README.md)."
        )
check_secret_key(os.environ["DJANGO_SECRET_KEY"])
for _place, _fallback in enumerate(
    key.strip() for key in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",")
):
    if _fallback:
        check_secret_key(_fallback, name=f"DJANGO_SECRET_KEY_FALLBACKS[{_place}]")
check_nik_keys(configured_nik_keys(os.environ))

from .base import *  # noqa: E402

DEBUG = False

# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (the usual deployment),
# Django learns from it that a request came over HTTPS. Without such a proxy, switch it off:
# any client could send the header.
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Health checks from inside the network (load balancer, compose) come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
