"""Applications app."""

from django.apps import AppConfig
from django.utils.translation import gettext


class ApplicationsConfig(AppConfig):
    name = "applications"

    def ready(self) -> None:
        # Here, not at the top: applications.notifications imports models, which cannot be
        # imported before the app registry is ready (no cycle involved).
        from applications.notifications import application_status_label  # noqa: PLC0415
        from applications.privacy import REMOVED_APPLICANT, register_sections  # noqa: PLC0415
        from notifications.rendering import (  # noqa: PLC0415
            register_context_default,
            register_context_label,
        )

        # Messages about an application show its status in the recipient's language.
        register_context_label("status", application_status_label)

        from applications.tallies import DashboardTallier  # noqa: PLC0415
        from sicaker.tallies import plug  # noqa: PLC0415

        # The domain's writes keep the office's tallies through this port (sicaker.tallies).
        plug(DashboardTallier())
        # ...and an applicant who deleted her account as "a removed applicant".
        register_context_default("seeker_name", lambda: gettext(REMOVED_APPLICANT))
        register_sections()
