"""Seekers app."""

from django.apps import AppConfig


class SeekersConfig(AppConfig):
    name = "seekers"

    def ready(self) -> None:
        # Here, not at the top: services import models, which need the app registry (no cycle).
        from accounts.models import Role  # noqa: PLC0415
        from accounts.services import register_account_setup  # noqa: PLC0415
        from seekers.services import seeker_profile_create  # noqa: PLC0415

        # A job seeker who registers gets her (nearly empty) profile in the same transaction.
        register_account_setup(Role.SEEKER, lambda user: seeker_profile_create(user=user))
