"""Services of applications: submit, the transition table, withdrawal, positions, concurrency."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone, translation

from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.services import (
    ALLOWED_TRANSITIONS,
    FINAL_STATUSES,
    Party,
    application_can_withdraw,
    application_submit,
    application_transition,
    application_withdraw,
)
from jobs.models import ClosedReason, VacancyStatus
from sicaker.errors import Conflict, Forbidden, Invalid, NotFound
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    OfficerFactory,
    SeekerProfileFactory,
    VacancyFactory,
)

S = ApplicationStatus
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' English messages; without this they passed only after
    another test had left English active (the default language is Indonesian)."""
    with translation.override("en"):
        yield


ALL_STATUSES = list(S.values)
ALLOWED = [(f, t) for f, moves in ALLOWED_TRANSITIONS.items() for t in moves]
FORBIDDEN = [
    (f, t) for f in ALL_STATUSES for t in ALL_STATUSES if f != t and t not in ALLOWED_TRANSITIONS[f]
]


def snapshot(application: Application) -> tuple:
    """Everything a refused change must leave as it was."""
    application.refresh_from_db()
    vacancy = application.vacancy
    vacancy.refresh_from_db()
    return (
        application.status,
        application.status_changed_at,
        ApplicationEvent.objects.filter(application=application).count(),
        vacancy.positions_filled,
        vacancy.status,
    )


def party_user(application: Application, party: Party | None):
    if party == Party.SEEKER:
        return application.seeker.user
    return application.vacancy.employer.owner


# --- the table -----------------------------------------------------------------------------------


def test_the_table_is_the_documented_workflow():
    assert {f: dict(m) for f, m in ALLOWED_TRANSITIONS.items()} == {
        S.SUBMITTED: {
            S.REVIEWED: "employer",
            S.SHORTLISTED: "employer",
            S.REJECTED: "employer",
            S.WITHDRAWN: "seeker",
        },
        S.REVIEWED: {
            S.SHORTLISTED: "employer",
            S.INTERVIEW: "employer",
            S.REJECTED: "employer",
            S.WITHDRAWN: "seeker",
        },
        S.SHORTLISTED: {
            S.INTERVIEW: "employer",
            S.ACCEPTED: "employer",
            S.REJECTED: "employer",
            S.WITHDRAWN: "seeker",
        },
        S.INTERVIEW: {S.ACCEPTED: "employer", S.REJECTED: "employer", S.WITHDRAWN: "seeker"},
        S.ACCEPTED: {},
        S.REJECTED: {},
        S.WITHDRAWN: {},
    }
    assert {S.ACCEPTED, S.REJECTED, S.WITHDRAWN} == FINAL_STATUSES
    assert len(ALLOWED) == 15 and len(FORBIDDEN) == 7 * 6 - 15


@pytest.mark.parametrize("status", list(S))
def test_she_can_withdraw_exactly_where_the_table_lets_her(status):
    # Given an application in each status
    application = ApplicationFactory.build(status=status)

    # Then withdraw is offered by the table's rule: every status but the final ones
    assert application_can_withdraw(application=application) is (status not in FINAL_STATUSES)
    assert application_can_withdraw(application=application) is (
        S.WITHDRAWN in ALLOWED_TRANSITIONS[status]
    )


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_every_allowed_transition_by_its_party_changes_status_and_writes_one_event(
    from_status, to_status
):
    # Given an application in from_status and the party the table names for to_status
    application = ApplicationFactory(status=from_status)
    actor = party_user(application, ALLOWED_TRANSITIONS[from_status][to_status])
    before = application.status_changed_at

    # When
    result = application_transition(
        application=application, to_status=to_status, actor=actor, note="Catatan"
    )

    # Then
    application.refresh_from_db()
    assert result.status == application.status == to_status
    assert application.status_changed_at > before
    events = list(ApplicationEvent.objects.filter(application=application))
    assert len(events) == 1
    event = events[0]
    assert (event.actor, event.actor_role, event.from_status, event.to_status, event.note) == (
        actor,
        actor.role,
        from_status,
        to_status,
        "Catatan",
    )


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_every_transition_missing_from_the_table_is_a_conflict_and_changes_nothing(
    from_status, to_status
):
    application = ApplicationFactory(status=from_status)
    party = Party.SEEKER if to_status == S.WITHDRAWN else Party.EMPLOYER
    before = snapshot(application)

    with pytest.raises(Conflict):
        application_transition(
            application=application, to_status=to_status, actor=party_user(application, party)
        )

    assert snapshot(application) == before


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_the_other_party_may_not_make_an_allowed_transition(from_status, to_status):
    application = ApplicationFactory(status=from_status)
    party = ALLOWED_TRANSITIONS[from_status][to_status]
    other = Party.EMPLOYER if party == Party.SEEKER else Party.SEEKER
    before = snapshot(application)

    with pytest.raises(Forbidden):
        application_transition(
            application=application, to_status=to_status, actor=party_user(application, other)
        )

    assert snapshot(application) == before


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_labor_office_staff_may_not_move_applications(from_status, to_status):
    application = ApplicationFactory(status=from_status)
    before = snapshot(application)

    with pytest.raises(Forbidden):
        application_transition(application=application, to_status=to_status, actor=OfficerFactory())

    assert snapshot(application) == before


@pytest.mark.parametrize("outsider", ["other_employer", "other_seeker"])
def test_someone_unrelated_gets_not_found(outsider):
    application = ApplicationFactory()
    actor = EmployerFactory().owner if outsider == "other_employer" else SeekerProfileFactory().user
    before = snapshot(application)

    with pytest.raises(NotFound):
        application_transition(application=application, to_status=S.REVIEWED, actor=actor)

    assert snapshot(application) == before


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_a_repeat_of_the_current_status_is_a_no_op_without_event(status):
    application = ApplicationFactory(status=status)
    actor = party_user(application, Party.SEEKER if status == S.WITHDRAWN else Party.EMPLOYER)
    before = snapshot(application)

    result = application_transition(application=application, to_status=status, actor=actor)

    assert result.status == status
    assert snapshot(application) == before


def test_an_unknown_status_is_a_validation_error():
    application = ApplicationFactory()
    before = snapshot(application)

    with pytest.raises(Invalid) as error:
        application_transition(
            application=application, to_status="hired", actor=application.vacancy.employer.owner
        )

    assert "status" in error.value.fields
    assert snapshot(application) == before


# --- accepting fills positions ---------------------------------------------------------------


def test_accepting_fills_one_position_and_keeps_the_vacancy_open_while_some_remain():
    vacancy = VacancyFactory(positions=2, positions_filled=0)
    application = ApplicationFactory(vacancy=vacancy, status=S.INTERVIEW)

    application_transition(
        application=application, to_status=S.ACCEPTED, actor=vacancy.employer.owner
    )

    vacancy.refresh_from_db()
    assert (vacancy.positions_filled, vacancy.status, vacancy.closed_reason) == (
        1,
        VacancyStatus.PUBLISHED,
        "",
    )


def test_accepting_the_last_position_closes_the_vacancy_as_filled():
    vacancy = VacancyFactory(positions=2, positions_filled=1)
    application = ApplicationFactory(vacancy=vacancy, status=S.SHORTLISTED)

    application_transition(
        application=application, to_status=S.ACCEPTED, actor=vacancy.employer.owner
    )

    vacancy.refresh_from_db()
    application.refresh_from_db()
    assert application.status == S.ACCEPTED
    assert (vacancy.positions_filled, vacancy.status, vacancy.closed_reason) == (
        2,
        VacancyStatus.CLOSED,
        ClosedReason.FILLED,
    )


def test_accepting_on_a_full_vacancy_is_a_conflict_and_changes_nothing():
    vacancy = VacancyFactory(
        positions=1,
        positions_filled=1,
        status=VacancyStatus.CLOSED,
        closed_reason=ClosedReason.FILLED,
    )
    application = ApplicationFactory(vacancy=vacancy, status=S.INTERVIEW)
    before = snapshot(application)

    with pytest.raises(Conflict):
        application_transition(
            application=application, to_status=S.ACCEPTED, actor=vacancy.employer.owner
        )

    assert snapshot(application) == before


def test_rejecting_does_not_touch_positions():
    vacancy = VacancyFactory(positions=1, positions_filled=0)
    application = ApplicationFactory(vacancy=vacancy, status=S.INTERVIEW)

    application_transition(
        application=application, to_status=S.REJECTED, actor=vacancy.employer.owner
    )

    vacancy.refresh_from_db()
    assert (vacancy.positions_filled, vacancy.status) == (0, VacancyStatus.PUBLISHED)


# --- submit ------------------------------------------------------------------------------------


def test_submit_creates_the_application_and_its_first_event():
    vacancy = VacancyFactory()
    seeker = SeekerProfileFactory()

    application = application_submit(vacancy=vacancy, seeker=seeker, cover_note="Bisa menjahit.")

    application.refresh_from_db()
    assert (application.vacancy, application.seeker, application.status) == (
        vacancy,
        seeker,
        S.SUBMITTED,
    )
    assert application.cover_note == "Bisa menjahit."
    event = ApplicationEvent.objects.get(application=application)
    assert (event.actor, event.actor_role, event.from_status, event.to_status, event.note) == (
        seeker.user,
        "seeker",
        "",
        S.SUBMITTED,
        "",
    )


def test_submitting_twice_is_a_conflict_and_keeps_one_application():
    vacancy = VacancyFactory()
    seeker = SeekerProfileFactory()
    application_submit(vacancy=vacancy, seeker=seeker, cover_note="")

    # The savepoint keeps an enclosing transaction usable after the refused insert.
    with transaction.atomic():
        with pytest.raises(Conflict) as error:
            application_submit(vacancy=vacancy, seeker=seeker, cover_note="lagi")
        assert Application.objects.filter(vacancy=vacancy).count() == 1

    assert "already applied" in str(error.value)
    assert ApplicationEvent.objects.filter(application__vacancy=vacancy).count() == 1


@pytest.mark.parametrize(
    "vacancy_fields",
    [
        {"status": VacancyStatus.DRAFT, "published_at": None},
        {"status": VacancyStatus.CLOSED, "closed_reason": ClosedReason.MANUAL},
        {"status": VacancyStatus.CLOSED, "closed_reason": ClosedReason.EXPIRED},
        {"valid_through": datetime.date(2020, 1, 1)},
        {
            "positions": 2,
            "positions_filled": 2,
            "status": VacancyStatus.CLOSED,
            "closed_reason": ClosedReason.FILLED,
        },
    ],
)
def test_submitting_to_a_vacancy_the_seeker_cannot_see_is_not_found(vacancy_fields):
    # A draft, closed or expired vacancy is hidden from seekers (GET answers 404): applying
    # must not tell her more than reading does.
    vacancy = VacancyFactory(**vacancy_fields)

    with translation.override("en"), pytest.raises(NotFound) as error:
        application_submit(vacancy=vacancy, seeker=SeekerProfileFactory(), cover_note="")

    assert str(error.value) == "No such vacancy, or it is no longer open."
    assert Application.objects.count() == 0


def test_submitting_to_a_visible_vacancy_with_every_position_filled_says_why():
    vacancy = VacancyFactory(positions=2, positions_filled=2)

    with pytest.raises(Conflict) as error:
        application_submit(vacancy=vacancy, seeker=SeekerProfileFactory(), cover_note="")

    assert "filled" in str(error.value)
    assert Application.objects.count() == 0


def test_a_vacancy_valid_through_today_still_takes_applications():
    vacancy = VacancyFactory(valid_through=timezone.localdate())

    application = application_submit(vacancy=vacancy, seeker=SeekerProfileFactory(), cover_note="")

    assert application.status == S.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_submit_creates_exactly_one_application():
    # Given one seeker pressing "apply" twice at the same moment (two connections)
    vacancy = VacancyFactory()
    seeker = SeekerProfileFactory()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def apply() -> None:
        try:
            barrier.wait(timeout=10)
            application_submit(vacancy=vacancy, seeker=seeker, cover_note="")
            result = "created"
        except Conflict:
            result = "conflict"
        except Exception as error:  # noqa: BLE001 - recorded so the assertion shows it
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    # When
    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Then
    assert sorted(outcomes) == ["conflict", "created"]
    assert Application.objects.filter(vacancy=vacancy, seeker=seeker).count() == 1
    assert ApplicationEvent.objects.filter(application__vacancy=vacancy).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_acceptances_of_the_last_position_accept_exactly_one():
    # Given a vacancy with one open position and two applicants at interview
    vacancy = VacancyFactory(positions=1, positions_filled=0)
    first = ApplicationFactory(vacancy=vacancy, status=S.INTERVIEW)
    second = ApplicationFactory(vacancy=vacancy, status=S.INTERVIEW)
    employer_user = vacancy.employer.owner
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(application: Application) -> None:
        try:
            barrier.wait(timeout=10)
            application_transition(
                application=application, to_status=S.ACCEPTED, actor=employer_user
            )
            result = "accepted"
        except Conflict:
            result = "conflict"
        except Exception as error:  # noqa: BLE001 - recorded so the assertion shows it
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    # When the employer accepts both at the same moment
    threads = [threading.Thread(target=accept, args=(app,)) for app in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Then one is accepted, the other unchanged, and the vacancy is full and closed
    assert sorted(outcomes) == ["accepted", "conflict"]
    statuses = sorted(Application.objects.filter(vacancy=vacancy).values_list("status", flat=True))
    assert statuses == [S.ACCEPTED, S.INTERVIEW]
    assert ApplicationEvent.objects.filter(application__vacancy=vacancy).count() == 1
    vacancy.refresh_from_db()
    assert (vacancy.positions_filled, vacancy.status) == (1, VacancyStatus.CLOSED)


# --- withdraw ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.SUBMITTED, S.REVIEWED, S.SHORTLISTED, S.INTERVIEW])
def test_the_seeker_withdraws_from_any_non_final_status(status):
    application = ApplicationFactory(status=status)

    application_withdraw(application=application, actor=application.seeker.user, note="Pindah")

    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.note, event.actor) == (
        status,
        S.WITHDRAWN,
        "Pindah",
        application.seeker.user,
    )


@pytest.mark.parametrize("status", [S.ACCEPTED, S.REJECTED])
def test_a_decided_application_cannot_be_withdrawn(status):
    application = ApplicationFactory(status=status)
    before = snapshot(application)

    with pytest.raises(Conflict) as error:
        application_withdraw(application=application, actor=application.seeker.user)

    assert "final" in str(error.value)
    assert snapshot(application) == before


def test_withdrawing_again_is_a_no_op():
    application = ApplicationFactory(status=S.WITHDRAWN)
    before = snapshot(application)

    application_withdraw(application=application, actor=application.seeker.user)

    assert snapshot(application) == before


@pytest.mark.parametrize("who", ["employer", "officer", "other_seeker"])
def test_only_the_seeker_herself_withdraws(who):
    application = ApplicationFactory()
    actor = {
        "employer": lambda: application.vacancy.employer.owner,
        "officer": OfficerFactory,
        "other_seeker": lambda: SeekerProfileFactory().user,
    }[who]()
    before = snapshot(application)

    with pytest.raises((Forbidden, NotFound)) as error:
        application_withdraw(application=application, actor=actor)

    expected = NotFound if who == "other_seeker" else Forbidden
    assert isinstance(error.value, expected)
    assert snapshot(application) == before
