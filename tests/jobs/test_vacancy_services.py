"""Vacancy services: the draft → published → closed lifecycle, positions and expiry."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import translation
from rest_framework.exceptions import ValidationError

from jobs.models import ClosedReason, Vacancy, VacancyEvent, VacancySkill, VacancyStatus
from jobs.selectors import vacancy_is_open_for_applications
from jobs.services import (
    VACANCY_TRANSITIONS,
    vacancy_close,
    vacancy_close_expired,
    vacancy_create,
    vacancy_delete,
    vacancy_fill_position,
    vacancy_publish,
    vacancy_release_position,
    vacancy_update,
)
from sicaker.api.errors import ConflictError
from sicaker.errors import Conflict
from tests.factories.jobs import DraftVacancyFactory, UnverifiedEmployerFactory, VacancyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def snapshot(vacancy: Vacancy) -> dict:
    """Everything a refused service call must leave untouched."""
    row = Vacancy.objects.values().get(pk=vacancy.pk)
    skills = sorted(
        VacancySkill.objects.filter(vacancy=vacancy).values_list("skill_id", "is_required")
    )
    events = VacancyEvent.objects.filter(vacancy=vacancy).count()
    return {"row": row, "skills": skills, "events": events}


def valid_data(today, **overrides) -> dict:
    data = {
        "title": "Penjahit masker",
        "description": "Menjahit masker kain di rumah.",
        "work_type": "home_based",
        "work_days": ["mon", "wed", "fri"],
        "hours_start": datetime.time(8, 0),
        "hours_end": datetime.time(12, 0),
        "positions": 5,
        "pay_min": 1_500,
        "pay_max": 2_500,
        "pay_unit": "piece",
        "valid_through": today + 14 * DAY,
    }
    data.update(overrides)
    return data


class TestTransitionTable:
    def test_table(self):
        assert {
            "draft": frozenset({"published", "closed"}),
            "published": frozenset({"closed"}),
            "closed": frozenset(),
        } == VACANCY_TRANSITIONS


class TestCreate:
    def test_creates_a_draft_at_the_employers_location_with_skills(self, employer, skills, today):
        data = valid_data(
            today,
            required_skills=["menjahit", str(skills["bordir"].pk)],
            preferred_skills=["membatik"],
        )

        vacancy = vacancy_create(employer=employer, actor=employer.owner, data=data)

        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.DRAFT
        assert vacancy.published_at is None
        assert (vacancy.city, vacancy.district, vacancy.subdistrict) == (
            "Kota Malang",
            "Klojen",
            "Kauman",
        )
        assert (vacancy.latitude, vacancy.longitude) == (-7.9826, 112.6308)
        assert vacancy.positions == 5
        assert vacancy.work_days == ["mon", "wed", "fri"]
        links = sorted(
            VacancySkill.objects.filter(vacancy=vacancy).values_list("skill__slug", "is_required")
        )
        assert links == [("bordir", True), ("membatik", False), ("menjahit", True)]
        assert vacancy.search_version == 1  # drafts are not searchable: nothing to index

    def test_an_own_address_gets_its_point_from_the_regions_list(self, employer, today):
        data = valid_data(today, city="Kota Malang", district="Sukun", subdistrict="")

        vacancy = vacancy_create(employer=employer, actor=employer.owner, data=data)

        assert (vacancy.city, vacancy.district) == ("Kota Malang", "Sukun")
        assert (vacancy.latitude, vacancy.longitude) == (-7.9959, 112.6135)

    def test_an_address_the_regions_list_does_not_know_has_no_point(self, employer, today):
        data = valid_data(today, city="Kota Atlantis", district="Tengah")

        vacancy = vacancy_create(employer=employer, actor=employer.owner, data=data)

        assert (vacancy.latitude, vacancy.longitude) == (None, None)

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"valid_through": "yesterday"}, "valid_through"),
            ({"pay_min": 3_000, "pay_max": 2_000}, "pay_min"),
            ({"hours_start": datetime.time(12, 0), "hours_end": datetime.time(8, 0)}, "hours_end"),
            ({"hours_start": datetime.time(8, 0), "hours_end": datetime.time(8, 0)}, "hours_end"),
            ({"work_days": ["mon", "funday"]}, "work_days"),
            ({"positions": 0}, "positions"),
            ({"positions": 1001}, "positions"),
            ({"city": "Kota Malang", "district": ""}, "district"),
            ({"district": "Sukun"}, "city"),
            ({"required_skills": ["menjahit", "terbang"]}, "required_skills"),
            (
                {"required_skills": ["menjahit"], "preferred_skills": ["menjahit"]},
                "preferred_skills",
            ),
        ],
    )
    def test_refuses_invalid_values_and_creates_nothing(
        self, employer, skills, today, overrides, field
    ):
        if overrides.get("valid_through") == "yesterday":
            overrides["valid_through"] = today - DAY

        with pytest.raises(ValidationError) as caught:
            vacancy_create(
                employer=employer, actor=employer.owner, data=valid_data(today, **overrides)
            )

        assert list(caught.value.detail) == [field]
        assert Vacancy.objects.count() == 0
        assert VacancySkill.objects.count() == 0

    def test_an_unknown_skill_is_named(self, employer, skills, today):
        with pytest.raises(ValidationError) as caught:
            vacancy_create(
                employer=employer,
                actor=employer.owner,
                data=valid_data(today, required_skills=["menjahit", "terbang", "99999"]),
            )

        message = str(caught.value.detail["required_skills"][0])
        assert "'terbang'" in message and "'99999'" in message
        assert "menjahit" not in message

    def test_a_retired_skill_is_refused(self, employer, skills, today):
        skills["bordir"].is_active = False
        skills["bordir"].save()

        with pytest.raises(ValidationError) as caught:
            vacancy_create(
                employer=employer,
                actor=employer.owner,
                data=valid_data(today, preferred_skills=["bordir"]),
            )

        assert "'bordir'" in str(caught.value.detail["preferred_skills"][0])
        assert Vacancy.objects.count() == 0

    def test_valid_through_today_is_allowed(self, employer, today):
        vacancy = vacancy_create(
            employer=employer, actor=employer.owner, data=valid_data(today, valid_through=today)
        )

        assert vacancy.valid_through == today


class TestPublish:
    def test_publishes_a_draft_and_marks_it_dirty_for_search(
        self, employer, django_capture_on_commit_callbacks
    ):
        vacancy = DraftVacancyFactory(employer=employer)
        version_before = vacancy.search_version

        with django_capture_on_commit_callbacks() as callbacks:
            result = vacancy_publish(vacancy=vacancy, actor=employer.owner)

        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.PUBLISHED
        assert vacancy.published_at is not None
        assert vacancy.search_version == version_before + 1
        assert result.search_version == vacancy.search_version
        assert len(callbacks) == 2  # the index enqueue and the notification hook
        event = VacancyEvent.objects.get(vacancy=vacancy)
        assert (event.actor, event.from_status, event.to_status, event.reason) == (
            employer.owner,
            "draft",
            "published",
            "",
        )

    def test_publishing_again_is_a_no_op(self, employer):
        vacancy = VacancyFactory(employer=employer)
        before = snapshot(vacancy)

        result = vacancy_publish(vacancy=vacancy, actor=employer.owner)

        assert result.status == VacancyStatus.PUBLISHED
        assert snapshot(vacancy) == before

    def test_an_unverified_employer_cannot_publish(self, today):
        vacancy = DraftVacancyFactory(employer=UnverifiedEmployerFactory())
        before = snapshot(vacancy)

        with pytest.raises(ConflictError) as caught, translation.override("en"):
            vacancy_publish(vacancy=vacancy, actor=vacancy.employer.owner)

        assert str(caught.value.detail) == (
            "Your organisation is not verified yet; the labor office verifies employers."
        )
        assert snapshot(vacancy) == before

    def test_an_expired_draft_cannot_be_published(self, employer, today):
        vacancy = DraftVacancyFactory(employer=employer, valid_through=today - DAY)
        before = snapshot(vacancy)

        with pytest.raises(ConflictError):
            vacancy_publish(vacancy=vacancy, actor=employer.owner)

        assert snapshot(vacancy) == before

    def test_a_closed_vacancy_cannot_be_published(self, employer):
        vacancy = VacancyFactory(
            employer=employer, status=VacancyStatus.CLOSED, closed_reason=ClosedReason.MANUAL
        )
        before = snapshot(vacancy)

        with pytest.raises(ConflictError):
            vacancy_publish(vacancy=vacancy, actor=employer.owner)

        assert snapshot(vacancy) == before


class TestClose:
    def test_closes_a_published_vacancy_manually(self, employer):
        vacancy = VacancyFactory(employer=employer)
        version_before = vacancy.search_version

        vacancy_close(vacancy=vacancy, actor=employer.owner)

        vacancy.refresh_from_db()
        assert (vacancy.status, vacancy.closed_reason) == ("closed", "manual")
        assert vacancy.closed_at is not None
        assert vacancy.search_version == version_before + 1
        assert (
            VacancyEvent.objects.filter(
                vacancy=vacancy, to_status="closed", reason="manual"
            ).count()
            == 1
        )

    def test_a_draft_can_be_closed(self, employer):
        vacancy = DraftVacancyFactory(employer=employer)

        vacancy_close(vacancy=vacancy, actor=employer.owner)

        vacancy.refresh_from_db()
        assert (vacancy.status, vacancy.closed_reason, vacancy.published_at) == (
            "closed",
            "manual",
            None,
        )

    def test_closing_a_closed_vacancy_is_a_no_op(self, employer):
        vacancy = VacancyFactory(
            employer=employer, status=VacancyStatus.CLOSED, closed_reason=ClosedReason.EXPIRED
        )
        before = snapshot(vacancy)

        vacancy_close(vacancy=vacancy, actor=employer.owner)

        assert snapshot(vacancy) == before


class TestUpdate:
    def test_editing_a_published_vacancy_keeps_it_published_and_marks_it_dirty(
        self, employer, skills
    ):
        vacancy = VacancyFactory(employer=employer)
        version_before = vacancy.search_version

        vacancy_update(
            vacancy=vacancy,
            actor=employer.owner,
            data={"title": "Penjahit baju anak", "required_skills": ["menjahit"]},
        )

        vacancy.refresh_from_db()
        assert (vacancy.title, vacancy.status) == ("Penjahit baju anak", "published")
        assert vacancy.search_version == version_before + 1
        assert list(vacancy.skill_links.values_list("skill__slug", "is_required")) == [
            ("menjahit", True)
        ]

    def test_editing_a_draft_does_not_touch_search(self, employer):
        vacancy = DraftVacancyFactory(employer=employer)

        vacancy_update(vacancy=vacancy, actor=employer.owner, data={"positions": 7})

        vacancy.refresh_from_db()
        assert (vacancy.positions, vacancy.search_version) == (7, 1)

    def test_a_closed_vacancy_cannot_be_edited(self, employer):
        vacancy = VacancyFactory(
            employer=employer, status=VacancyStatus.CLOSED, closed_reason=ClosedReason.MANUAL
        )
        before = snapshot(vacancy)

        with pytest.raises(ConflictError):
            vacancy_update(vacancy=vacancy, actor=employer.owner, data={"title": "Baru"})

        assert snapshot(vacancy) == before

    def test_rules_apply_to_the_merged_values(self, employer):
        vacancy = VacancyFactory(employer=employer, pay_min=2_000, pay_max=5_000)
        before = snapshot(vacancy)

        with pytest.raises(ValidationError) as caught:
            vacancy_update(vacancy=vacancy, actor=employer.owner, data={"pay_min": 6_000})

        assert list(caught.value.detail) == ["pay_min"]
        assert snapshot(vacancy) == before

    def test_moving_a_preferred_skill_into_required_alone_overlaps(self, employer, skills):
        vacancy = VacancyFactory(employer=employer)
        VacancySkill.objects.create(vacancy=vacancy, skill=skills["bordir"], is_required=False)
        before = snapshot(vacancy)

        with pytest.raises(ValidationError) as caught:
            vacancy_update(
                vacancy=vacancy, actor=employer.owner, data={"required_skills": ["bordir"]}
            )

        assert list(caught.value.detail) == ["preferred_skills"]
        assert snapshot(vacancy) == before

    def test_positions_cannot_drop_below_the_filled_count(self, employer):
        vacancy = VacancyFactory(employer=employer, positions=3, positions_filled=2)
        before = snapshot(vacancy)

        with pytest.raises(ValidationError) as caught:
            vacancy_update(vacancy=vacancy, actor=employer.owner, data={"positions": 1})

        assert list(caught.value.detail) == ["positions"]
        assert snapshot(vacancy) == before

    def test_lowering_positions_to_the_filled_count_closes_it_as_filled(self, employer):
        vacancy = VacancyFactory(employer=employer, positions=3, positions_filled=2)

        vacancy_update(vacancy=vacancy, actor=employer.owner, data={"positions": 2})

        vacancy.refresh_from_db()
        assert (vacancy.positions, vacancy.status, vacancy.closed_reason) == (2, "closed", "filled")

    def test_an_edit_may_keep_a_past_date_it_does_not_change(self, employer, today):
        # The expiry sweep has not run yet; editing the title must not trip over the old date.
        vacancy = VacancyFactory(employer=employer, valid_through=today - DAY)

        vacancy_update(vacancy=vacancy, actor=employer.owner, data={"title": "Penjahit"})

        vacancy.refresh_from_db()
        assert vacancy.title == "Penjahit"

    def test_a_new_district_gets_a_new_point(self, employer):
        vacancy = VacancyFactory(employer=employer)

        vacancy_update(
            vacancy=vacancy, actor=employer.owner, data={"district": "Sukun", "subdistrict": ""}
        )

        vacancy.refresh_from_db()
        assert (vacancy.latitude, vacancy.longitude) == (-7.9959, 112.6135)


class TestDelete:
    def test_deletes_a_draft(self, employer):
        vacancy = DraftVacancyFactory(employer=employer)

        vacancy_delete(vacancy=vacancy, actor=employer.owner)

        assert not Vacancy.objects.filter(pk=vacancy.pk).exists()

    @pytest.mark.parametrize("status", ["published", "closed"])
    def test_only_a_draft_can_be_deleted(self, employer, status):
        vacancy = VacancyFactory(
            employer=employer, status=status, closed_reason="manual" if status == "closed" else ""
        )
        before = snapshot(vacancy)

        with pytest.raises(ConflictError):
            vacancy_delete(vacancy=vacancy, actor=employer.owner)

        assert snapshot(vacancy) == before


class TestPositions:
    def test_filling_a_position_counts_it_and_marks_search(self, employer):
        vacancy = VacancyFactory(employer=employer, positions=3, positions_filled=0)

        result = vacancy_fill_position(vacancy=vacancy)

        vacancy.refresh_from_db()
        assert (vacancy.positions_filled, vacancy.status) == (1, "published")
        assert vacancy.search_version == 2
        assert (result.positions_filled, result.positions_open) == (1, 2)

    def test_filling_the_last_position_closes_the_vacancy(self, employer):
        vacancy = VacancyFactory(employer=employer, positions=2, positions_filled=1)

        vacancy_fill_position(vacancy=vacancy)

        vacancy.refresh_from_db()
        assert (vacancy.positions_filled, vacancy.status, vacancy.closed_reason) == (
            2,
            "closed",
            "filled",
        )
        assert vacancy.closed_at is not None
        assert vacancy.events.get().reason == "filled"

    def test_a_full_vacancy_refuses_another_fill(self, employer):
        vacancy = VacancyFactory(
            employer=employer,
            positions=2,
            positions_filled=2,
            status=VacancyStatus.CLOSED,
            closed_reason=ClosedReason.FILLED,
        )
        before = snapshot(vacancy)

        with pytest.raises(Conflict):
            vacancy_fill_position(vacancy=vacancy)

        assert snapshot(vacancy) == before

    def test_filling_an_expired_vacancy_keeps_its_reason(self, employer):
        vacancy = VacancyFactory(
            employer=employer,
            positions=1,
            status=VacancyStatus.CLOSED,
            closed_reason=ClosedReason.EXPIRED,
        )

        vacancy_fill_position(vacancy=vacancy)

        vacancy.refresh_from_db()
        assert (vacancy.positions_filled, vacancy.closed_reason) == (1, "expired")

    def test_releasing_reopens_a_vacancy_that_closed_because_it_filled(self, employer):
        vacancy = VacancyFactory(employer=employer, positions=1)
        vacancy_fill_position(vacancy=vacancy)

        vacancy_release_position(vacancy=vacancy)

        vacancy.refresh_from_db()
        assert (vacancy.positions_filled, vacancy.status, vacancy.closed_reason) == (
            0,
            "published",
            "",
        )
        assert vacancy.closed_at is None

    def test_releasing_does_not_reopen_a_manually_closed_vacancy(self, employer):
        vacancy = VacancyFactory(
            employer=employer,
            positions=2,
            positions_filled=1,
            status=VacancyStatus.CLOSED,
            closed_reason=ClosedReason.MANUAL,
        )

        vacancy_release_position(vacancy=vacancy)

        vacancy.refresh_from_db()
        assert (vacancy.positions_filled, vacancy.status, vacancy.closed_reason) == (
            0,
            "closed",
            "manual",
        )

    def test_releasing_after_the_date_passed_leaves_it_closed_as_expired(self, employer, today):
        vacancy = VacancyFactory(
            employer=employer,
            positions=1,
            positions_filled=1,
            valid_through=today - DAY,
            status=VacancyStatus.CLOSED,
            closed_reason=ClosedReason.FILLED,
        )

        vacancy_release_position(vacancy=vacancy)

        vacancy.refresh_from_db()
        assert (vacancy.positions_filled, vacancy.status, vacancy.closed_reason) == (
            0,
            "closed",
            "expired",
        )

    def test_nothing_to_release(self, employer):
        vacancy = VacancyFactory(employer=employer, positions_filled=0)
        before = snapshot(vacancy)

        with pytest.raises(Conflict):
            vacancy_release_position(vacancy=vacancy)

        assert snapshot(vacancy) == before


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_racing_for_the_last_position_fill_it_once():
    vacancy = VacancyFactory(positions=2, positions_filled=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept() -> None:
        try:
            barrier.wait()
            vacancy_fill_position(vacancy=Vacancy.objects.get(pk=vacancy.pk))
            outcomes.append("filled")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    vacancy.refresh_from_db()
    assert sorted(outcomes) == ["conflict", "filled"]
    assert (vacancy.positions_filled, vacancy.status, vacancy.closed_reason) == (
        2,
        "closed",
        "filled",
    )


class TestOpenForApplications:
    @pytest.mark.parametrize(
        ("overrides", "expected"),
        [
            ({}, True),
            ({"valid_through": "today"}, True),
            ({"valid_through": "yesterday"}, False),
            ({"status": "draft", "published_at": None}, False),
            ({"status": "closed", "closed_reason": "manual"}, False),
            ({"positions": 2, "positions_filled": 2}, False),
        ],
    )
    def test_selector(self, today, overrides, expected):
        dates = {"today": today, "yesterday": today - DAY}
        if "valid_through" in overrides:
            overrides["valid_through"] = dates[overrides["valid_through"]]
        vacancy = VacancyFactory(**overrides)

        assert vacancy_is_open_for_applications(vacancy=vacancy) is expected


class TestCloseExpired:
    def test_closes_only_published_vacancies_past_their_date(self, today, monkeypatch):
        monkeypatch.setattr("jobs.services.vacancies.EXPIRY_CHUNK_SIZE", 2)
        expired = [VacancyFactory(valid_through=today - DAY) for _ in range(5)]
        last_day = VacancyFactory(valid_through=today)
        expired_draft = DraftVacancyFactory(valid_through=today - DAY)
        closed = VacancyFactory(valid_through=today - DAY, status="closed", closed_reason="manual")

        count = vacancy_close_expired(today=today)

        assert count == 5
        for vacancy in expired:
            vacancy.refresh_from_db()
            assert (vacancy.status, vacancy.closed_reason, vacancy.search_version) == (
                "closed",
                "expired",
                2,
            )
            assert vacancy.closed_at is not None
        assert VacancyEvent.objects.filter(reason="expired").count() == 5
        for vacancy, status, reason in [
            (last_day, "published", ""),
            (expired_draft, "draft", ""),
            (closed, "closed", "manual"),
        ]:
            vacancy.refresh_from_db()
            assert (vacancy.status, vacancy.closed_reason, vacancy.search_version) == (
                status,
                reason,
                1,
            )

    def test_running_twice_closes_nothing_more(self, today):
        VacancyFactory(valid_through=today - DAY)
        vacancy_close_expired(today=today)

        assert vacancy_close_expired(today=today) == 0
        assert VacancyEvent.objects.count() == 1
