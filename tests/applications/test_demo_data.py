"""The demo data a new user sees after `make run`: complete, and loading it twice adds nothing."""

import pytest
from django.core.management import call_command

from applications.models import Application, ApplicationStatus
from jobs.models import Employer, Vacancy
from seekers.models import SeekerSkill

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_application_status_and_is_idempotent():
    call_command("load_skills", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    counts = (Application.objects.count(), Vacancy.objects.count(), Employer.objects.count())

    call_command("load_demo_data", verbosity=0)

    assert (
        Application.objects.count(),
        Vacancy.objects.count(),
        Employer.objects.count(),
    ) == counts
    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    assert set(Vacancy.objects.values_list("work_type", flat=True)) >= {"home_based", "piece_rate"}
    assert set(Vacancy.objects.values_list("city", flat=True)) == {"Kota Malang", "Kota Madiun"}
    assert Employer.objects.filter(is_verified=False).count() == 1
    assert SeekerSkill.objects.filter(source="training").count() >= 10
