"""Demo job alerts of the first two seekers."""

from __future__ import annotations

from search.models import JobAlert
from search.services import alert_create
from seekers.models import SeekerProfile


def load_alerts(*, seekers: list[SeekerProfile]) -> None:
    for seeker, (name, text, slugs) in zip(
        seekers[:2],
        [("Jahit dekat rumah", "penjahit", ["menjahit"]), ("Frozen food", "frozen food", [])],
        strict=True,
    ):
        if not JobAlert.objects.filter(user=seeker.user, name=name).exists():
            alert_create(user=seeker.user, name=name, text=text, skill_slugs=slugs)
