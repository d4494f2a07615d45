"""The labor office's pages as a Django app (templates and static files)."""

from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = "Labor office pages"
