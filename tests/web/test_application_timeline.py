"""'Lamaran saya' as a timeline: every step with its date and the employer's note; withdraw
offered by the applications app's rule (``application_can_withdraw``), not by the template."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications import services
from tests.factories.accounts import SeekerUserFactory
from tests.factories.jobs import VacancyFactory
from tests.factories.seekers import SeekerProfileFactory

pytestmark = pytest.mark.django_db

MINE = "/saya/lamaran/"


def test_each_step_shows_its_status_date_and_the_employers_note_in_order(client):
    siti = SeekerProfileFactory(user=SeekerUserFactory())
    vacancy = VacancyFactory(title="Penjahit Masker Kain")
    employer = vacancy.employer.owner
    mine = services.application_submit(vacancy=vacancy, seeker=siti, cover_note="")
    services.application_transition(application=mine, to_status="reviewed", actor=employer)
    services.application_transition(
        application=mine, to_status="interview", actor=employer, note="Datang Senin jam 9."
    )
    client.force_login(siti.user)

    body = client.get(MINE, HTTP_ACCEPT_LANGUAGE="id").content.decode()

    card = body.split(f'id="application-{mine.pk}"', 1)[1]
    steps = card.split('<li class="timeline-step')[1:]
    assert [step.split('class="timeline-status">', 1)[1].split("<", 1)[0] for step in steps] == [
        "Terkirim",
        "Ditinjau",
        "Wawancara",
    ]
    assert all("<time datetime=" in step for step in steps)
    assert "timeline-current" in steps[-1] and "timeline-current" not in steps[0]
    assert "Catatan dari pemberi kerja: Datang Senin jam 9." in steps[-1]
    assert reverse("application-withdraw", args=[mine.pk]) in card


def test_no_withdraw_button_once_the_application_is_final(client):
    siti = SeekerProfileFactory(user=SeekerUserFactory())
    vacancy = VacancyFactory(title="Penjahit Masker Kain")
    mine = services.application_submit(vacancy=vacancy, seeker=siti, cover_note="")
    services.application_transition(
        application=mine, to_status="rejected", actor=vacancy.employer.owner
    )
    client.force_login(siti.user)

    body = client.get(MINE, HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert reverse("application-withdraw", args=[mine.pk]) not in body
    assert "Ditolak" in body
