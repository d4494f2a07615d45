"""Seekers app."""

from django.apps import AppConfig


class SeekersConfig(AppConfig):
    name = "seekers"

    def ready(self) -> None:
        # Here, not at the top: services import models, which cannot be imported before the
        # app registry is ready (Django's rule; no cycle involved).
        from seekers.notifications import register_claim_link  # noqa: PLC0415
        from seekers.privacy import register_sections  # noqa: PLC0415
        from seekers.services.profiles import register_profile_setup  # noqa: PLC0415

        register_profile_setup()
        register_claim_link()
        register_sections()
