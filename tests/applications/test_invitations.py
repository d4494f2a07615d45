"""An employer invites a matching job seeker to apply: once a pair, she hears once, through the
outbox; the moves an employer is offered come from the transition table."""

from __future__ import annotations

import pytest
from django.utils import translation

from applications.models import Invitation
from applications.selectors import application_counts_by_vacancy, invited_seeker_pks
from applications.services import ALLOWED_TRANSITIONS, Party, employer_moves, invitation_send
from jobs.models import VacancyStatus
from notifications.models import Notification
from notifications.rendering import render_message
from sicaker.errors import Conflict, NotFound
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    SeekerProfileFactory,
    VacancyFactory,
)
from tests.factories.jobs import DraftVacancyFactory, UnverifiedEmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _state() -> tuple:
    return (
        sorted(Invitation.objects.values_list("vacancy_id", "seeker_id")),
        sorted(Notification.objects.values_list("recipient_id", "kind")),
    )


def test_invitation_is_stored_and_she_is_notified_once():
    # Given an open vacancy of a verified employer and a seeker open to work
    vacancy = VacancyFactory(title="Penjahit masker", employer=EmployerFactory(name="Bu Sri"))
    seeker = SeekerProfileFactory()
    owner = vacancy.employer.owner

    # When the employer invites her twice
    first, is_new = invitation_send(vacancy=vacancy, seeker=seeker, actor=owner)
    again, is_new_again = invitation_send(vacancy=vacancy, seeker=seeker, actor=owner)

    # Then one invitation, one notification to her; the second call was a no-op
    assert (is_new, is_new_again, again.pk) == (True, False, first.pk)
    assert _state() == ([(vacancy.pk, seeker.pk)], [(seeker.user_id, "vacancy_invitation")])
    notification = Notification.objects.get()
    assert notification.dedup_key == f"vacancy-invitation:{vacancy.pk}:{seeker.pk}"
    message = render_message(kind=notification.kind, context=notification.context, language="en")
    assert message.title == "Invitation to apply: Penjahit masker"
    assert 'Bu Sri thinks your skills fit "Penjahit masker"' in message.body
    assert f"/lowongan/{vacancy.pk}/" in message.short


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("another employer", NotFound),
        ("draft", Conflict),
        ("closed", Conflict),
        ("unverified", Conflict),
        ("not open to work", NotFound),
        ("already applied", Conflict),
    ],
)
def test_refused_invitations_change_nothing(case, error):
    vacancy = VacancyFactory()
    seeker = SeekerProfileFactory()
    actor = vacancy.employer.owner
    if case == "another employer":
        actor = EmployerFactory().owner
    elif case == "draft":
        vacancy = DraftVacancyFactory(employer=vacancy.employer)
    elif case == "closed":
        vacancy.status = VacancyStatus.CLOSED
        vacancy.save()
    elif case == "unverified":
        vacancy = VacancyFactory(employer=UnverifiedEmployerFactory())
        actor = vacancy.employer.owner
    elif case == "not open to work":
        seeker.is_open_to_work = False
        seeker.save()
    elif case == "already applied":
        ApplicationFactory(vacancy=vacancy, seeker=seeker)

    with pytest.raises(error):
        invitation_send(vacancy=vacancy, seeker=seeker, actor=actor)

    assert _state() == ([], [])


def test_invited_seekers_are_listed_for_the_vacancys_employer_only():
    vacancy = VacancyFactory()
    seeker = SeekerProfileFactory()
    invitation_send(vacancy=vacancy, seeker=seeker, actor=vacancy.employer.owner)

    assert invited_seeker_pks(user=vacancy.employer.owner, vacancy_pk=vacancy.pk) == {seeker.pk}
    assert invited_seeker_pks(user=EmployerFactory().owner, vacancy_pk=vacancy.pk) == set()
    assert invited_seeker_pks(user=seeker.user, vacancy_pk=vacancy.pk) == set()


@pytest.mark.parametrize("status", list(ALLOWED_TRANSITIONS))
def test_employer_moves_are_the_tables_employer_moves(status):
    expected = [to for to, party in ALLOWED_TRANSITIONS[status].items() if party == Party.EMPLOYER]
    assert employer_moves(status=status) == expected
    assert "withdrawn" not in employer_moves(status=status)


def test_application_counts_per_vacancy_in_one_query(django_assert_num_queries):
    vacancy = VacancyFactory()
    other = VacancyFactory(employer=vacancy.employer)
    ApplicationFactory(vacancy=vacancy, status="submitted")
    ApplicationFactory(vacancy=vacancy, status="submitted")
    ApplicationFactory(vacancy=vacancy, status="rejected")
    ApplicationFactory(status="submitted")  # another employer's

    with django_assert_num_queries(1):
        counts = application_counts_by_vacancy(
            user=vacancy.employer.owner, vacancy_pks=[vacancy.pk, other.pk]
        )

    assert counts == {vacancy.pk: {"submitted": 2, "rejected": 1}, other.pk: {}}
