"""The whole demo, loaded app by app in one transaction (idempotent)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from demo.accounts import load_officers
from demo.applications import load_applications
from demo.jobs import load_employers, load_vacancies
from demo.search import load_alerts
from demo.seekers import load_seekers, load_trainings
from jobs.models import Vacancy


@transaction.atomic
def load_demo_data() -> dict[str, int]:
    """Load every app's demo data in dependency order; returns what the command reports."""
    officers = load_officers()
    officer = officers[0]
    today = timezone.localdate()
    employers = load_employers(officer=officer)
    programmes = load_trainings(officer=officer)
    seekers = load_seekers(officer=officer, programmes=programmes)
    vacancies = load_vacancies(employers=employers, today=today)
    load_applications(seekers=seekers, vacancies=vacancies)
    load_alerts(seekers=seekers)
    return {
        "officers": len(officers),
        "employers": len(employers),
        "trainings": len(programmes),
        "seekers": len(seekers),
        "vacancies": Vacancy.objects.count(),
        "applications": Application.objects.count(),
    }
