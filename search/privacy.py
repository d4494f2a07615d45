"""What search holds about a person, for her export and erasure (UU PDP): her job alerts.

Her seeker document leaves the index through the seekers app's erasure (her profile is no
longer open to work, marked dirty); deleting her alerts removes their documents too (search's
``post_delete`` receiver writes the tombstones the indexer sweeps)."""

from __future__ import annotations

from typing import Any

from search.models import JobAlert
from sicaker.personal_data import Section, register


def export_alerts(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": alert.name,
            "text": alert.text,
            "skills": alert.skill_slugs,
            "work_types": alert.work_types,
            "city": alert.city,
            "district": alert.district,
            "latitude": alert.latitude,
            "longitude": alert.longitude,
            "radius_km": alert.radius_km,
            "pay_min": alert.pay_min,
            "is_active": alert.is_active,
            "created_at": alert.created_at.isoformat(),
        }
        for alert in JobAlert.objects.filter(user=user).order_by("created_at", "pk")
    ]


def erase_alerts(user: Any) -> None:
    for alert in JobAlert.objects.filter(user=user):
        alert.delete()  # one by one: each sends post_delete, so each leaves the index


def register_sections() -> None:
    register(
        Section(
            name="job_alerts",
            models=("search.JobAlert",),
            export=export_alerts,
            erase=erase_alerts,
            order=30,
        )
    )
