"""The check before each alert email: one vacancy's fan-out builds its document once."""

import pytest

from jobs.services import vacancy_update
from search.models import JobAlert
from search.services import alert_recipients_still_subscribed
from tests.factories import SeekerUserFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed():
    """A published vacancy for a tailor and two seekers whose alert for "penjahit" it fits."""
    vacancy = VacancyFactory(title="Penjahit borongan", description="Menjahit seragam sekolah.")
    siti, ani = SeekerUserFactory(), SeekerUserFactory()
    for user in (siti, ani):
        JobAlert.objects.create(user=user, name="Jahit", text="penjahit")
    return vacancy, siti, ani


def test_the_next_email_of_a_vacancy_reuses_its_document(subscribed, django_assert_num_queries):
    # Given the check already ran for Siti's email
    vacancy, siti, ani = subscribed
    context = {"vacancy_id": vacancy.pk}
    assert alert_recipients_still_subscribed(context, [siti.pk]) == {siti.pk}

    # When Ani's email is checked: the vacancy's version, the vocabulary check and her alerts,
    # no reload of the vacancy and its skills
    with django_assert_num_queries(3):
        still_wanted = alert_recipients_still_subscribed(context, [ani.pk])

    # Then she still hears of it
    assert still_wanted == {ani.pk}


def test_an_edited_vacancy_is_checked_against_its_new_text(subscribed):
    # Given the check already ran for Siti's email
    vacancy, siti, ani = subscribed
    context = {"vacancy_id": vacancy.pk}
    assert alert_recipients_still_subscribed(context, [siti.pk]) == {siti.pk}

    # When the employer rewrites the vacancy so that it no longer asks for a tailor
    vacancy_update(
        vacancy=vacancy,
        actor=vacancy.employer.owner,
        data={"title": "Kasir toko oleh-oleh", "description": "Melayani pembeli di toko."},
    )

    # Then Ani's email is no longer wanted, nor Siti's
    assert alert_recipients_still_subscribed(context, [ani.pk, siti.pk]) == set()


def test_a_closed_vacancy_is_told_to_nobody(subscribed):
    # Given the check already ran for Siti's email
    vacancy, siti, ani = subscribed
    context = {"vacancy_id": vacancy.pk}
    assert alert_recipients_still_subscribed(context, [siti.pk]) == {siti.pk}

    # When the vacancy is closed
    type(vacancy).objects.filter(pk=vacancy.pk).update(status="closed")

    # Then no email of it is wanted any more
    assert alert_recipients_still_subscribed(context, [ani.pk]) == set()
