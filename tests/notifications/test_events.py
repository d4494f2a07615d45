"""Periodic events: each fires once for its cause, whatever how often the task runs."""

import datetime

import pytest

from applications.notifications import notify_daily_digest
from jobs.notifications import notify_vacancy_expiry
from notifications.models import Notification
from notifications.rendering import render_message
from seekers.notifications import notify_ak1_due
from tests.factories import (
    ApplicationFactory,
    OfficerFactory,
    SeekerProfileFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def test_employers_hear_three_days_before_and_after_expiry_once():
    expiring = VacancyFactory(valid_through=TODAY + datetime.timedelta(days=3))
    expired = VacancyFactory(
        valid_through=TODAY - datetime.timedelta(days=1), status="closed", closed_reason="expired"
    )
    VacancyFactory(valid_through=TODAY + datetime.timedelta(days=10))

    assert notify_vacancy_expiry(today=TODAY) == {"expiring": 1, "expired": 1}
    assert notify_vacancy_expiry(today=TODAY) == {"expiring": 0, "expired": 0}

    kinds = dict(Notification.objects.values_list("recipient_id", "kind"))
    assert kinds == {
        expiring.employer.owner_id: "vacancy_expiring",
        expired.employer.owner_id: "vacancy_expired",
    }


def test_each_officer_gets_yesterdays_applications_every_morning():
    officer = OfficerFactory()
    sukun = SeekerProfileFactory(district="Sukun")
    klojen = SeekerProfileFactory(district="Klojen")
    popular = VacancyFactory(title="Penjahit masker")
    VacancyFactory(title="Pembatik tulis")  # no applicants
    for seeker in (sukun, klojen):
        application = ApplicationFactory(vacancy=popular, seeker=seeker)
        application.__class__.objects.filter(pk=application.pk).update(
            submitted_at=datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)
        )

    assert notify_daily_digest(today=TODAY) == 1
    assert notify_daily_digest(today=TODAY) == 0

    notification = Notification.objects.get(recipient=officer)
    assert notification.context["total"] == 2
    assert notification.context["by_district"] == [["Klojen", 1], ["Sukun", 1]]
    assert notification.context["by_vacancy"] == [["Penjahit masker", 2]]
    assert notification.context["without_applicants"] == ["Pembatik tulis"]
    message = render_message(kind="daily_digest", context=notification.context, language="en")
    assert message.title == "Applications received on 2026-11-22: 2"
    assert "- Klojen: 1" in message.body and "- Pembatik tulis" in message.body


def test_ak1_card_holders_are_reminded_a_week_before_the_six_monthly_report():
    due = SeekerProfileFactory(
        ak1_number="AK1-3577-0001", ak1_reported_on=TODAY - datetime.timedelta(days=180)
    )
    SeekerProfileFactory(
        ak1_number="AK1-3577-0002", ak1_reported_on=TODAY - datetime.timedelta(days=30)
    )
    SeekerProfileFactory(ak1_number="")

    assert notify_ak1_due(today=TODAY) == 1
    assert notify_ak1_due(today=TODAY) == 0

    notification = Notification.objects.get()
    assert notification.recipient == due.user
    assert notification.context == {"ak1_number": "AK1-3577-0001", "due_on": "2026-11-25"}
