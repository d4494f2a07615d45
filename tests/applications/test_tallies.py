"""The dashboard's running tallies (applications.tallies) against a fresh recount: after every
kind of write the services make, the tallied figures equal market_report and
applications_per_week counted from the rows, and a rebuild from scratch leaves the same counts."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from applications.market import market_report
from applications.models import Application, Tally
from applications.reports import applications_per_week
from applications.services import application_submit, application_transition
from applications.tallies import (
    applications_per_week_tallied,
    applications_submitted_on,
    market_report_tallied,
    tallies_rebuild,
    vacancies_published_on,
)
from jobs.models import Vacancy
from jobs.selectors import vacancies_published_count
from jobs.services import (
    vacancy_close,
    vacancy_close_by_office,
    vacancy_close_expired,
    vacancy_create,
    vacancy_publish,
    vacancy_update,
)
from seekers.services import training_completion_record
from seekers.services.profiles import SkillClaim, seeker_profile_update
from sicaker.errors import Conflict
from sicaker.tallies import tallied
from tests.factories.accounts import OfficerFactory
from tests.factories.jobs import EmployerFactory, SkillFactory
from tests.factories.seekers import SeekerProfileFactory, TrainingProgrammeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def tallied_counts() -> dict[tuple, int]:
    return {
        (row.metric, row.day, row.other_day, row.ref, row.label): row.value
        for row in Tally.objects.exclude(value=0)
    }


def assert_tallies_match_a_recount() -> None:
    today = timezone.localdate()
    periods = [
        (today - 12 * 7 * DAY, today),
        (today - 3 * DAY, today - DAY),
        (today - 2 * DAY, today),
        (today, today),
        (today - 40 * DAY, today - 5 * DAY),
    ]
    for date_from, date_to in periods:
        assert market_report_tallied(date_from=date_from, date_to=date_to) == market_report(
            date_from=date_from, date_to=date_to
        ), (date_from, date_to)
        assert applications_per_week_tallied(
            date_from=date_from, date_to=date_to
        ) == applications_per_week(date_from=date_from, date_to=date_to), (date_from, date_to)
    assert market_report_tallied() == market_report()
    assert market_report_tallied(date_to=today - DAY) == market_report(date_to=today - DAY)
    assert (
        applications_submitted_on(today)
        == Application.objects.filter(submitted_at__date=today).count()
    )
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    assert vacancies_published_on(today) == vacancies_published_count(start=start, end=start + DAY)


def backdate(application: Application, *, days: int) -> None:
    """Move an application's submission back (any write goes through the port)."""
    with (
        transaction.atomic(),
        tallied(vacancies=[application.vacancy_id], seekers=[application.seeker_id]),
    ):
        Application.objects.filter(pk=application.pk).update(
            submitted_at=timezone.now() - days * DAY
        )


@pytest.fixture
def world():
    """Two verified employers' vacancies, five seekers (two trained, one not open to work)."""
    today = timezone.localdate()
    sewing, batik, cooking = (
        SkillFactory(slug="menjahit"),
        SkillFactory(slug="membatik"),
        SkillFactory(slug="tata-boga"),
    )
    officer = OfficerFactory()
    employers = [EmployerFactory(), EmployerFactory()]

    def vacancy(employer, *, positions, required, preferred=(), days=30):
        made = vacancy_create(
            employer=employer,
            actor=employer.owner,
            data={
                "title": "Penjahit borongan",
                "work_type": "piece_rate",
                "positions": positions,
                "valid_through": today + days * DAY,
                "required_skills": list(required),
                "preferred_skills": list(preferred),
            },
        )
        return vacancy_publish(vacancy=made, actor=employer.owner, publish_anyway=True)

    vacancies = [
        vacancy(employers[0], positions=2, required=["menjahit"], preferred=["membatik"]),
        vacancy(employers[0], positions=5, required=["menjahit", "membatik"], days=3),
        vacancy(employers[1], positions=1, required=["tata-boga"]),
    ]
    seekers = [SeekerProfileFactory() for _ in range(5)]
    for seeker, claims in zip(
        seekers,
        [[sewing], [sewing, batik], [cooking], [batik], [sewing, cooking]],
        strict=True,
    ):
        seeker_profile_update(
            profile=seeker,
            actor=seeker.user,
            changes={"is_open_to_work": seeker is not seekers[4]},
            skills=[SkillClaim(skill=skill) for skill in claims],
        )
    programme = TrainingProgrammeFactory(
        title="Pelatihan Menjahit", starts_on=today - 20 * DAY, ends_on=today - 10 * DAY
    )
    programme.skills.set([sewing])
    other = TrainingProgrammeFactory(
        title="Pelatihan Batik", starts_on=today - 20 * DAY, ends_on=today - 10 * DAY
    )
    other.skills.set([batik])
    return {
        "today": today,
        "officer": officer,
        "vacancies": vacancies,
        "seekers": seekers,
        "programmes": [programme, other],
    }


def test_the_tallies_equal_a_recount_after_every_kind_of_write(world):
    vacancies, seekers, officer = world["vacancies"], world["seekers"], world["officer"]
    programme, other = world["programmes"]
    assert_tallies_match_a_recount()

    # Trainings recorded: their skills become verified
    for number, seeker in enumerate(seekers[:3]):
        training_completion_record(
            programme=programme,
            seeker=seeker,
            actor=officer,
            certificate_number=f"MJ-{number}",
            completed_on=world["today"] - 10 * DAY,
        )
    training_completion_record(
        programme=other,
        seeker=seekers[1],
        actor=officer,
        certificate_number="BT-1",
        completed_on=world["today"] - 10 * DAY,
    )
    assert_tallies_match_a_recount()

    # Applications on several days, the same seeker on some of them
    applications = {}
    for seeker_index, vacancy_index, days_ago in [
        (0, 0, 20),
        (0, 1, 9),
        (0, 2, 2),
        (1, 0, 9),
        (1, 1, 0),
        (2, 2, 2),
        (3, 1, 1),
        (2, 1, 0),
    ]:
        application = application_submit(
            vacancy=vacancies[vacancy_index], seeker=seekers[seeker_index], cover_note=""
        )
        if days_ago:
            backdate(application, days=days_ago)
        applications[seeker_index, vacancy_index] = application
    assert_tallies_match_a_recount()

    # Moved along: accepted (fills a position; the last one closes the vacancy), rejected,
    # withdrawn
    owner = vacancies[0].employer.owner
    for key, steps in [
        ((0, 0), ["shortlisted", "accepted"]),
        ((1, 0), ["reviewed", "shortlisted", "interview", "accepted"]),
        ((0, 1), ["rejected"]),
        ((2, 2), ["shortlisted", "accepted"]),
    ]:
        for status in steps:
            actor = applications[key].vacancy.employer.owner
            application_transition(application=applications[key], to_status=status, actor=actor)
    application_transition(
        application=applications[3, 1], to_status="withdrawn", actor=seekers[3].user
    )
    assert Vacancy.objects.get(pk=vacancies[0].pk).closed_reason == "filled"
    assert_tallies_match_a_recount()

    # A published vacancy with applications edited: skills, positions and closing date
    vacancy_update(
        vacancy=vacancies[1],
        actor=owner,
        data={
            "required_skills": ["tata-boga"],
            "preferred_skills": ["menjahit"],
            "positions": 7,
            "valid_through": world["today"] + 60 * DAY,
        },
    )
    assert_tallies_match_a_recount()

    # Seekers change: one stops looking for work, one changes her declared skills
    seeker_profile_update(
        profile=seekers[0], actor=seekers[0].user, changes={"is_open_to_work": False}
    )
    seeker_profile_update(
        profile=seekers[3],
        actor=seekers[3].user,
        changes={},
        skills=[SkillClaim(skill=SkillFactory(slug="tata-boga"), source="experience")],
    )
    assert_tallies_match_a_recount()

    # Closed by the employer and by the office
    vacancy_close(vacancy=vacancies[2], actor=vacancies[2].employer.owner)
    vacancy_close_by_office(vacancy=vacancies[1], actor=officer, note="Gaji di bawah UMK.")
    assert_tallies_match_a_recount()

    # Then: a rebuild from scratch finds exactly what the writes kept
    last_days = market_report_tallied(date_from=world["today"] - 3 * DAY, date_to=world["today"])
    assert [
        (row["title"], row["graduates"], row["graduates_applied"], row["graduates_accepted"])
        for row in last_days["trainings"]
    ] == [("Pelatihan Menjahit", 3, 3, 1), ("Pelatihan Batik", 1, 1, 0)]
    assert [
        (row["slug"], row["seekers_verified"], row["seekers_self_declared"], row["applications"])
        for row in last_days["skills"]
    ] == [("tata-boga", 0, 2, 5), ("membatik", 1, 0, 0), ("menjahit", 2, 0, 0)]
    kept = tallied_counts()
    assert tallies_rebuild() == len(kept)
    assert tallied_counts() == kept


def test_an_expired_vacancy_leaves_the_open_positions_without_a_write_then_closes(world):
    # Given a vacancy whose closing date has passed (moved back through the port)
    vacancy = world["vacancies"][1]
    with transaction.atomic(), tallied(vacancies=[vacancy.pk]):
        Vacancy.objects.filter(pk=vacancy.pk).update(valid_through=world["today"] - DAY)

    # Then the open positions no longer count it, before any sweep
    membatik = next(row for row in market_report_tallied()["skills"] if row["slug"] == "membatik")
    assert (membatik["open_vacancies"], membatik["open_positions"]) == (0, 0)
    assert_tallies_match_a_recount()

    # And the expiry sweep closes it with the tallies still equal to a recount
    assert vacancy_close_expired(today=world["today"]) == 1
    assert_tallies_match_a_recount()


def test_a_refused_write_changes_no_tally(world):
    vacancy, seeker = world["vacancies"][2], world["seekers"][2]
    application = application_submit(vacancy=vacancy, seeker=seeker, cover_note="")
    owner = vacancy.employer.owner
    application_transition(application=application, to_status="rejected", actor=owner)
    before = tallied_counts()

    with pytest.raises(Conflict):
        application_transition(application=application, to_status="accepted", actor=owner)
    with pytest.raises(Conflict):
        application_submit(vacancy=vacancy, seeker=seeker, cover_note="")

    assert tallied_counts() == before


def test_the_rebuild_counts_rows_written_without_the_services(world):
    # Given an application written straight into the table (an import, a restore)
    vacancy, seeker = world["vacancies"][0], world["seekers"][1]
    Application.objects.create(vacancy=vacancy, seeker=seeker, status="interview")
    assert applications_per_week_tallied(
        date_from=world["today"], date_to=world["today"]
    ) != applications_per_week(date_from=world["today"], date_to=world["today"])

    # When the command runs
    output = io.StringIO()
    call_command("tallies_rebuild", stdout=output)

    # Then the tallies count it
    assert output.getvalue().startswith("Tallies rebuilt: ")
    assert_tallies_match_a_recount()


def test_the_dashboard_reads_a_few_small_queries(client, world, django_assert_max_num_queries):
    client.force_login(world["officer"])
    with django_assert_max_num_queries(16):
        response = client.get("/kantor/")
    assert response.status_code == 200


def _at_once(*calls) -> list[str]:
    """Run the calls in threads released together (each its own connection); their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call) -> None:
        try:
            barrier.wait(timeout=10)
            call()
            result = "done"
        except Exception as error:  # noqa: BLE001 - recorded so the assertion shows it
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_to_the_same_rows_keep_the_tallies_equal_to_a_recount(world):
    # Given a graduate, and an employer about to change a vacancy's required skills
    vacancies, seekers = world["vacancies"], world["seekers"]
    training_completion_record(
        programme=world["programmes"][0],
        seeker=seekers[0],
        actor=world["officer"],
        certificate_number="MJ-1",
        completed_on=world["today"] - 10 * DAY,
    )
    owner = vacancies[1].employer.owner

    # When she applies to two vacancies at the same moment as another seeker applies to the
    # vacancy whose skills change (each waits for the rows the other holds)
    outcomes = _at_once(
        lambda: application_submit(vacancy=vacancies[0], seeker=seekers[0], cover_note=""),
        lambda: application_submit(vacancy=vacancies[1], seeker=seekers[0], cover_note=""),
        lambda: application_submit(vacancy=vacancies[1], seeker=seekers[3], cover_note=""),
        lambda: vacancy_update(
            vacancy=vacancies[1], actor=owner, data={"required_skills": ["tata-boga"]}
        ),
    )

    # Then every write went through and she counts once among the graduates who applied
    assert outcomes == ["done"] * 4
    assert_tallies_match_a_recount()
    trainings = market_report_tallied(date_from=world["today"], date_to=world["today"])
    assert [(row["title"], row["graduates_applied"]) for row in trainings["trainings"]] == [
        ("Pelatihan Menjahit", 1)
    ]
