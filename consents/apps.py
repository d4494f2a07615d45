"""Consents app: the versioned privacy notice and what each person agreed to (UU PDP 27/2022)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "consents"
    verbose_name = _("Consents")
