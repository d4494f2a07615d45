"""WSGI entry point (gunicorn, uWSGI): production settings unless told otherwise.

A server started without DJANGO_SETTINGS_MODULE gets production settings, which refuse to start
without real secrets, never the local ones (DEBUG on, a local key). ``manage.py`` keeps the local
default: it is the developer's tool, and ``runserver`` is not a production server.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sicaker.settings.production")
application = get_wsgi_application()
