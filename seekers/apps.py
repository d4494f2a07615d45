"""Seekers app."""

from django.apps import AppConfig


class SeekersConfig(AppConfig):
    name = "seekers"

    def ready(self) -> None:
        # Here, not at the top: services import models, which need the app registry (no cycle).
        from accounts.models import Role
        from accounts.services import register_account_setup
        from seekers.services import seeker_profile_create

        # A job seeker who registers gets her (nearly empty) profile in the same transaction.
        register_account_setup(Role.SEEKER, lambda user: seeker_profile_create(user=user))
