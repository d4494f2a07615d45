"""Accounts app: users, roles and sign-in."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Here, not at the top: accounts.privacy imports models (Django's rule, no cycle).
        from accounts.privacy import register_sections  # noqa: PLC0415

        register_sections()
