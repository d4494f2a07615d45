"""Consents app: the versioned privacy notice and what each person agreed to (UU PDP 27/2022)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "consents"
    verbose_name = _("Consents")

    def ready(self) -> None:
        # Here, not at the top: consents.privacy imports models (Django's rule, no cycle).
        from consents.privacy import register_sections  # noqa: PLC0415

        register_sections()
