"""Vacancies API: visibility, the lifecycle over HTTP, validation and query counts."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Vacancy, VacancyEvent, VacancySkill
from tests.factories.accounts import EmployerUserFactory, OfficerFactory, SeekerUserFactory
from tests.factories.jobs import (
    DraftVacancyFactory,
    EmployerFactory,
    UnverifiedEmployerFactory,
    VacancyFactory,
    VacancySkillFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/vacancies/"
DAY = datetime.timedelta(days=1)


def detail(vacancy) -> str:
    return f"/api/v1/vacancies/{vacancy.pk}/"


def action(vacancy, name: str) -> str:
    return f"/api/v1/vacancies/{vacancy.pk}/{name}/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.data
    return [row["id"] for row in response.data["results"]]


def snapshot(vacancy) -> dict:
    return {
        "row": Vacancy.objects.values().get(pk=vacancy.pk),
        "skills": sorted(
            VacancySkill.objects.filter(vacancy=vacancy).values_list("skill_id", "is_required")
        ),
        "events": VacancyEvent.objects.filter(vacancy=vacancy).count(),
    }


class TestPublicList:
    def test_shows_only_published_unexpired_vacancies_newest_first(
        self, api_client, employer, today
    ):
        older = VacancyFactory(
            employer=employer, published_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        )
        newer = VacancyFactory(employer=employer)
        last_day = VacancyFactory(valid_through=today)
        DraftVacancyFactory(employer=employer)
        DraftVacancyFactory()  # another employer's draft
        VacancyFactory(status="closed", closed_reason="manual")
        VacancyFactory(valid_through=today - DAY)  # expired, not yet swept

        assert ids(api_client.get(LIST)) == [last_day.pk, newer.pk, older.pk]

    def test_the_output_of_a_vacancy(self, api_client, employer, skills, today):
        vacancy = VacancyFactory(
            employer=employer,
            title="Penjahit borongan",
            work_days=["mon", "tue"],
            hours_start=datetime.time(8, 0),
            hours_end=datetime.time(12, 30),
            subdistrict="Kauman",
            positions=3,
            positions_filled=1,
            min_education="smp",
            valid_through=today + 30 * DAY,
        )
        VacancySkillFactory(vacancy=vacancy, skill=skills["menjahit"], is_required=True)
        VacancySkillFactory(vacancy=vacancy, skill=skills["bordir"], is_required=False)

        row = api_client.get(LIST).data["results"][0]

        assert row == {
            "id": vacancy.pk,
            "title": "Penjahit borongan",
            "description": "Menjahit masker dan baju anak di rumah.",
            "employer": {
                "id": employer.pk,
                "name": "Konveksi Bu Sri",
                "kind": "home_industry",
                "is_verified": True,
            },
            "work_type": "piece_rate",
            "work_days": ["mon", "tue"],
            "hours_start": "08:00:00",
            "hours_end": "12:30:00",
            "address": "",
            "city": "Kota Malang",
            "district": "Klojen",
            "subdistrict": "Kauman",
            "latitude": -7.9826,
            "longitude": 112.6308,
            "positions": 3,
            "positions_filled": 1,
            "positions_open": 2,
            "pay_min": 2000,
            "pay_max": 5000,
            "pay_unit": "piece",
            "min_education": "smp",
            "valid_through": (today + 30 * DAY).isoformat(),
            "status": "published",
            "closed_reason": "",
            "closed_note": "",
            "published_at": row["published_at"],
            "closed_at": None,
            "required_skills": [
                {"id": skills["menjahit"].pk, "slug": "menjahit", "name": "Menjahit"}
            ],
            "preferred_skills": [{"id": skills["bordir"].pk, "slug": "bordir", "name": "Bordir"}],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }

    def test_skill_names_follow_the_language(self, api_client, skills):
        VacancySkillFactory(skill=skills["menjahit"])

        row = api_client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").data["results"][0]

        assert row["required_skills"][0]["name"] == "Sewing"

    def test_filters(self, api_client, skills):
        home = VacancyFactory(work_type="home_based", pay_min=None, pay_max=None)
        madiun_employer = EmployerFactory(city="Kota Madiun", district="Taman")
        madiun = VacancyFactory(
            employer=madiun_employer,
            title="Pembatik",
            pay_min=50_000,
            pay_max=80_000,
            pay_unit="day",
        )
        sukun = VacancyFactory(
            district="Sukun", description="Bordir kerudung", pay_min=3_000, pay_max=None
        )
        VacancySkillFactory(vacancy=madiun, skill=skills["membatik"], is_required=False)
        VacancySkillFactory(vacancy=sukun, skill=skills["bordir"])

        assert ids(api_client.get(LIST, {"work_type": "home_based"})) == [home.pk]
        assert ids(api_client.get(LIST, {"city": "kota madiun"})) == [madiun.pk]
        assert ids(api_client.get(LIST, {"district": "Sukun"})) == [sukun.pk]
        assert ids(api_client.get(LIST, {"skill": "membatik"})) == [madiun.pk]
        assert ids(api_client.get(LIST, {"skill": "bordir"})) == [sukun.pk]
        assert ids(api_client.get(LIST, {"employer": madiun_employer.pk})) == [madiun.pk]
        assert ids(api_client.get(LIST, {"pay_min": 3_000})) == [sukun.pk, madiun.pk]
        assert ids(api_client.get(LIST, {"pay_min": 60_000})) == [madiun.pk]
        assert ids(api_client.get(LIST, {"q": "BATIK"})) == [madiun.pk]
        assert ids(api_client.get(LIST, {"q": "kerudung"})) == [sukun.pk]

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"work_type": "astronaut"}, "work_type"),
            ({"employer": "abc"}, "employer"),
            ({"pay_min": "-1"}, "pay_min"),
            ({"status": "archived"}, "status"),
        ],
    )
    def test_a_bad_filter_is_a_400(self, api_client, params, field):
        response = api_client.get(LIST, params)

        assert response.status_code == 400
        assert list(response.data["fields"]) == [field]

    def test_a_status_filter_from_the_public_cannot_reveal_drafts(self, api_client):
        DraftVacancyFactory()
        api_client.force_authenticate(SeekerUserFactory())

        assert ids(api_client.get(LIST, {"status": "draft"})) == []

    def test_an_employer_lists_all_of_its_own_with_mine(self, api_client, employer, today):
        published = VacancyFactory(employer=employer)
        draft = DraftVacancyFactory(employer=employer)
        closed = VacancyFactory(employer=employer, status="closed", closed_reason="filled")
        expired = VacancyFactory(employer=employer, valid_through=today - DAY)
        VacancyFactory()  # someone else's
        DraftVacancyFactory()
        api_client.force_authenticate(employer.owner)

        mine = ids(api_client.get(LIST, {"mine": "true"}))
        mine_drafts = ids(api_client.get(LIST, {"mine": "true", "status": "draft"}))

        assert sorted(mine) == sorted([published.pk, draft.pk, closed.pk, expired.pk])
        assert mine[0] == draft.pk  # never published: newest
        assert mine_drafts == [draft.pk]

    def test_mine_shows_nothing_to_others(self, api_client):
        VacancyFactory()
        api_client.force_authenticate(SeekerUserFactory())

        assert ids(api_client.get(LIST, {"mine": "true"})) == []
        api_client.force_authenticate(None)
        assert ids(api_client.get(LIST, {"mine": "true"})) == []

    def test_staff_see_every_status_when_they_name_one(self, api_client, today):
        draft = DraftVacancyFactory()
        closed = VacancyFactory(status="closed", closed_reason="manual")
        expired = VacancyFactory(valid_through=today - DAY)
        public = VacancyFactory()
        api_client.force_authenticate(OfficerFactory())

        assert ids(api_client.get(LIST, {"status": "draft"})) == [draft.pk]
        assert ids(api_client.get(LIST, {"status": "closed"})) == [closed.pk]
        assert ids(api_client.get(LIST, {"status": "published"})) == [public.pk, expired.pk]
        assert ids(api_client.get(LIST)) == [public.pk]

    @pytest.mark.parametrize("viewer", ["anonymous", "owner", "officer"])
    def test_queries_do_not_grow_with_the_page(
        self, api_client, employer, skills, viewer, django_assert_max_num_queries
    ):
        params = {"page_size": 50, **({"mine": "true"} if viewer == "owner" else {})}
        if viewer == "owner":
            api_client.force_authenticate(employer.owner)
        elif viewer == "officer":
            api_client.force_authenticate(OfficerFactory())
            params["status"] = "published"

        def add(count: int) -> None:
            for vacancy in VacancyFactory.create_batch(
                count, employer=EmployerFactory() if viewer != "owner" else employer
            ):
                VacancySkillFactory(vacancy=vacancy, skill=skills["menjahit"])
                VacancySkillFactory(vacancy=vacancy, skill=skills["bordir"], is_required=False)

        add(5)
        with django_assert_max_num_queries(4) as five:
            assert len(ids(api_client.get(LIST, params))) == 5
        add(20)
        with django_assert_max_num_queries(len(five.captured_queries)) as twenty_five:
            assert len(ids(api_client.get(LIST, params))) == 25
        assert len(twenty_five.captured_queries) == len(five.captured_queries)


class TestDetail:
    def test_a_public_vacancy_is_visible_to_anyone(self, api_client):
        vacancy = VacancyFactory()

        response = api_client.get(detail(vacancy))

        assert (response.status_code, response.data["id"]) == (200, vacancy.pk)

    @pytest.mark.parametrize("state", ["draft", "closed", "expired"])
    def test_a_hidden_vacancy_is_not_found_for_others(self, api_client, state, today):
        vacancy = {
            "draft": DraftVacancyFactory,
            "closed": lambda: VacancyFactory(status="closed", closed_reason="manual"),
            "expired": lambda: VacancyFactory(valid_through=today - DAY),
        }[state]()

        for user in (None, SeekerUserFactory(), EmployerFactory().owner):
            api_client.force_authenticate(user)
            response = api_client.get(detail(vacancy))
            assert response.status_code == 404
            assert response.data == {"code": "not_found", "detail": response.data["detail"]}

    def test_its_employer_and_staff_see_a_draft(self, api_client):
        vacancy = DraftVacancyFactory()

        for user in (vacancy.employer.owner, OfficerFactory()):
            api_client.force_authenticate(user)
            response = api_client.get(detail(vacancy))
            assert (response.status_code, response.data["status"]) == (200, "draft")

    def test_a_missing_vacancy_is_not_found(self, api_client):
        assert api_client.get("/api/v1/vacancies/424242/").status_code == 404
        assert api_client.get("/api/v1/vacancies/99999999999999999999999999/").status_code == 404


NEW_VACANCY = {
    "title": "Penjahit masker",
    "description": "Menjahit masker kain di rumah, bahan disediakan.",
    "work_type": "home_based",
    "work_days": ["fri", "mon", "mon"],
    "hours_start": "08:00",
    "hours_end": "12:00",
    "positions": 10,
    "pay_min": 1500,
    "pay_max": 2500,
    "pay_unit": "piece",
    "min_education": "sd",
}


class TestCreate:
    def test_an_employer_creates_a_draft(self, api_client, employer, skills, today):
        api_client.force_authenticate(employer.owner)
        body = {
            **NEW_VACANCY,
            "valid_through": (today + 14 * DAY).isoformat(),
            "required_skills": ["menjahit", skills["bordir"].pk],
            "preferred_skills": ["membatik"],
        }

        response = api_client.post(LIST, body, format="json")

        assert response.status_code == 201, response.data
        vacancy = Vacancy.objects.get()
        assert response.data["id"] == vacancy.pk
        assert (response.data["status"], response.data["published_at"]) == ("draft", None)
        assert response.data["work_days"] == ["mon", "fri"]
        assert (response.data["city"], response.data["district"]) == ("Kota Malang", "Klojen")
        assert [skill["slug"] for skill in response.data["required_skills"]] == [
            "bordir",
            "menjahit",
        ]
        assert [skill["slug"] for skill in response.data["preferred_skills"]] == ["membatik"]
        assert response.data["employer"]["id"] == employer.pk

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"valid_through": "past"}, "valid_through"),
            ({"pay_min": 3000, "pay_max": 2000}, "pay_min"),
            ({"hours_start": "13:00", "hours_end": "09:00"}, "hours_end"),
            ({"work_days": ["mon", "caturday"]}, "work_days"),
            ({"positions": 0}, "positions"),
            ({"positions": 1001}, "positions"),
            ({"work_type": "astronaut"}, "work_type"),
            ({"title": ""}, "title"),
            ({"required_skills": ["terbang-layang"]}, "required_skills"),
            (
                {"required_skills": ["menjahit"], "preferred_skills": ["menjahit"]},
                "preferred_skills",
            ),
        ],
    )
    def test_invalid_input_is_a_400_and_creates_nothing(
        self, api_client, employer, skills, today, overrides, field
    ):
        api_client.force_authenticate(employer.owner)
        body = {**NEW_VACANCY, "valid_through": (today + DAY).isoformat(), **overrides}
        if body["valid_through"] == "past":
            body["valid_through"] = (today - DAY).isoformat()

        response = api_client.post(LIST, body, format="json")

        assert response.status_code == 400
        assert response.data["code"] == "invalid"
        assert list(response.data["fields"]) == [field]
        assert Vacancy.objects.count() == 0

    def test_an_unknown_skill_is_named(self, api_client, employer, skills, today):
        api_client.force_authenticate(employer.owner)
        body = {
            **NEW_VACANCY,
            "valid_through": today.isoformat(),
            "required_skills": ["menjahit", "terbang"],
        }

        response = api_client.post(LIST, body, format="json", HTTP_ACCEPT_LANGUAGE="en")

        assert response.data["fields"] == {
            "required_skills": [
                "Unknown skill: 'terbang'. Use a slug or id from GET /api/v1/skills/."
            ]
        }

    def test_an_employer_without_an_organisation_is_told_to_register(self, api_client, today):
        api_client.force_authenticate(EmployerUserFactory())

        response = api_client.post(
            LIST, {**NEW_VACANCY, "valid_through": today.isoformat()}, format="json"
        )

        assert response.status_code == 409
        assert "POST employers/me/" in response.data["detail"]
        assert Vacancy.objects.count() == 0

    def test_seekers_and_staff_cannot_post(self, api_client, today):
        for user in (SeekerUserFactory(), OfficerFactory()):
            api_client.force_authenticate(user)
            response = api_client.post(
                LIST, {**NEW_VACANCY, "valid_through": today.isoformat()}, format="json"
            )
            assert response.status_code == 403
        api_client.force_authenticate(None)
        assert api_client.post(LIST, {}, format="json").status_code == 401
        assert Vacancy.objects.count() == 0


class TestEdit:
    def test_the_owner_edits_a_published_vacancy_which_stays_published(self, api_client, employer):
        vacancy = VacancyFactory(employer=employer)
        api_client.force_authenticate(employer.owner)

        response = api_client.patch(
            detail(vacancy), {"title": "Penjahit baju anak", "positions": 5}, format="json"
        )

        assert response.status_code == 200, response.data
        assert (response.data["title"], response.data["positions"], response.data["status"]) == (
            "Penjahit baju anak",
            5,
            "published",
        )
        vacancy.refresh_from_db()
        assert vacancy.search_version == 2

    def test_a_closed_vacancy_cannot_be_edited(self, api_client, employer):
        vacancy = VacancyFactory(employer=employer, status="closed", closed_reason="manual")
        before = snapshot(vacancy)
        api_client.force_authenticate(employer.owner)

        response = api_client.patch(detail(vacancy), {"title": "Baru"}, format="json")

        assert response.status_code == 409
        assert snapshot(vacancy) == before

    def test_another_employers_draft_is_not_found(self, api_client):
        vacancy = DraftVacancyFactory()
        before = snapshot(vacancy)
        api_client.force_authenticate(EmployerFactory().owner)

        for response in (
            api_client.patch(detail(vacancy), {"title": "Dibajak"}, format="json"),
            api_client.delete(detail(vacancy)),
            api_client.post(action(vacancy, "publish")),
            api_client.post(action(vacancy, "close")),
        ):
            assert response.status_code == 404
        assert snapshot(vacancy) == before

    def test_another_employer_cannot_change_a_public_vacancy(self, api_client):
        vacancy = VacancyFactory()
        before = snapshot(vacancy)

        for user in (EmployerFactory().owner, SeekerUserFactory(), OfficerFactory()):
            api_client.force_authenticate(user)
            assert (
                api_client.patch(detail(vacancy), {"title": "X"}, format="json").status_code == 403
            )
            assert api_client.delete(detail(vacancy)).status_code == 403
        assert snapshot(vacancy) == before

    def test_an_invalid_edit_changes_nothing(self, api_client, employer, today):
        vacancy = VacancyFactory(employer=employer)
        before = snapshot(vacancy)
        api_client.force_authenticate(employer.owner)

        response = api_client.patch(
            detail(vacancy),
            {"title": "Baru", "valid_through": (today - DAY).isoformat()},
            format="json",
        )

        assert response.status_code == 400
        assert list(response.data["fields"]) == ["valid_through"]
        assert snapshot(vacancy) == before


class TestDelete:
    def test_the_owner_deletes_a_draft(self, api_client, employer):
        vacancy = DraftVacancyFactory(employer=employer)
        api_client.force_authenticate(employer.owner)

        response = api_client.delete(detail(vacancy))

        assert response.status_code == 204
        assert not Vacancy.objects.filter(pk=vacancy.pk).exists()

    def test_a_published_vacancy_cannot_be_deleted(self, api_client, employer):
        vacancy = VacancyFactory(employer=employer)
        before = snapshot(vacancy)
        api_client.force_authenticate(employer.owner)

        response = api_client.delete(detail(vacancy))

        assert response.status_code == 409
        assert "close" in response.data["detail"]
        assert snapshot(vacancy) == before


class TestLifecycle:
    def test_draft_to_published_to_closed(self, api_client, employer, today):
        api_client.force_authenticate(employer.owner)
        created = api_client.post(
            LIST, {**NEW_VACANCY, "valid_through": today.isoformat()}, format="json"
        )
        vacancy = Vacancy.objects.get(pk=created.data["id"])
        assert ids(api_client.get(LIST)) == []

        published = api_client.post(action(vacancy, "publish"))
        again = api_client.post(action(vacancy, "publish"))

        assert (published.status_code, published.data["status"]) == (200, "published")
        assert (
            again.status_code == 200
            and again.data["published_at"] == published.data["published_at"]
        )
        vacancy.refresh_from_db()
        assert vacancy.search_version == 2  # the publish raised it once; the repeat did not
        api_client.force_authenticate(None)
        assert ids(api_client.get(LIST)) == [vacancy.pk]

        api_client.force_authenticate(employer.owner)
        closed = api_client.post(action(vacancy, "close"))
        closed_again = api_client.post(action(vacancy, "close"))

        assert (closed.status_code, closed.data["status"], closed.data["closed_reason"]) == (
            200,
            "closed",
            "manual",
        )
        assert closed_again.status_code == 200
        assert closed_again.data["closed_at"] == closed.data["closed_at"]
        assert api_client.post(action(vacancy, "publish")).status_code == 409
        api_client.force_authenticate(None)
        assert ids(api_client.get(LIST)) == []
        assert list(
            VacancyEvent.objects.filter(vacancy=vacancy).values_list("from_status", "to_status")
        ) == [("draft", "published"), ("published", "closed")]

    def test_an_unverified_employer_cannot_publish(self, api_client):
        vacancy = DraftVacancyFactory(employer=UnverifiedEmployerFactory())
        before = snapshot(vacancy)
        api_client.force_authenticate(vacancy.employer.owner)

        response = api_client.post(action(vacancy, "publish"), HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 409
        assert response.data == {
            "code": "conflict",
            "detail": "Your organisation is not verified yet; the labor office verifies employers.",
        }
        assert snapshot(vacancy) == before

    def test_an_expired_draft_cannot_be_published(self, api_client, employer, today):
        vacancy = DraftVacancyFactory(employer=employer, valid_through=today - DAY)
        before = snapshot(vacancy)
        api_client.force_authenticate(employer.owner)

        response = api_client.post(action(vacancy, "publish"))

        assert response.status_code == 409
        assert response.data["detail"] == (
            "Tanggal penutupan sudah lewat; ubah menjadi hari ini atau sesudahnya, lalu terbitkan."
        )
        assert snapshot(vacancy) == before

    def test_staff_can_close_but_not_publish(self, api_client, employer):
        vacancy = VacancyFactory(employer=employer)
        draft = DraftVacancyFactory(employer=employer)
        api_client.force_authenticate(OfficerFactory())

        assert api_client.post(action(draft, "publish")).status_code == 403
        response = api_client.post(action(vacancy, "close"))

        assert (response.status_code, response.data["closed_reason"]) == (200, "manual")
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_a_seeker_cannot_close_a_public_vacancy(self, api_client):
        vacancy = VacancyFactory()
        before = snapshot(vacancy)
        api_client.force_authenticate(SeekerUserFactory())

        assert api_client.post(action(vacancy, "close")).status_code == 403
        assert snapshot(vacancy) == before
        api_client.force_authenticate(None)
        assert api_client.post(action(vacancy, "close")).status_code == 401


def test_an_employer_filter_beyond_64_bits_is_a_400_on_every_database(api_client):
    VacancyFactory()

    response = api_client.get(LIST, {"employer": 2**63}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["employer"]
    largest = api_client.get(LIST, {"employer": 2**63 - 1})
    assert (largest.status_code, largest.json()["count"]) == (200, 0)


# The office's reason and "reopen as a copy" -----------------------------------------------


def test_the_offices_reason_shows_to_its_employer_and_staff_only(api_client):
    # Given a vacancy the office closed with a reason, one of its applicants, and an open one
    closed = VacancyFactory(
        status="closed", closed_reason="office", closed_note="Meminta biaya pendaftaran."
    )
    applicant = SeekerUserFactory()
    open_one = VacancyFactory()

    def note(user, vacancy):
        api_client.force_authenticate(user)
        response = api_client.get(detail(vacancy))
        return response.status_code, response.json().get("closed_note")

    # Then its employer and staff read the reason, in the detail and in her list
    assert note(closed.employer.owner, closed) == (200, "Meminta biaya pendaftaran.")
    assert note(OfficerFactory(), closed) == (200, "Meminta biaya pendaftaran.")
    api_client.force_authenticate(closed.employer.owner)
    mine = api_client.get(LIST, {"mine": "true"}).json()["results"]
    assert [row["closed_note"] for row in mine] == ["Meminta biaya pendaftaran."]
    # And nobody else sees the closed vacancy at all; an open one has an empty note
    assert note(applicant, closed)[0] == 404
    assert note(None, open_one) == (200, "")


def test_reopen_as_a_copy_makes_a_new_draft_with_its_fields_and_skills(api_client):
    closed = VacancyFactory(title="Penjahit lama", status="closed", closed_reason="manual")
    VacancySkillFactory(vacancy=closed, skill__slug="menjahit")
    closing = (timezone.localdate() + 20 * DAY).isoformat()
    api_client.force_authenticate(closed.employer.owner)

    response = api_client.post(action(closed, "copy"), {"valid_through": closing}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["status"], body["valid_through"], body["closed_reason"]) == (
        "Penjahit lama",
        "draft",
        closing,
        "",
    )
    assert [skill["slug"] for skill in body["required_skills"]] == ["menjahit"]
    assert Vacancy.objects.get(pk=closed.pk).status == "closed"


def test_a_vacancy_the_office_closed_is_not_reopened_as_a_copy(api_client):
    closed = VacancyFactory(status="closed", closed_reason="office", closed_note="Melanggar.")
    before = Vacancy.objects.count()
    api_client.force_authenticate(closed.employer.owner)

    response = api_client.post(
        action(closed, "copy"),
        {"valid_through": (timezone.localdate() + 20 * DAY).isoformat()},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["detail"].startswith("Disnaker menutup lowongan ini")
    assert Vacancy.objects.count() == before


def test_a_copy_without_a_closing_date_is_a_400_and_changes_nothing(api_client):
    closed = VacancyFactory(status="closed", closed_reason="manual")
    before = Vacancy.objects.count()
    api_client.force_authenticate(closed.employer.owner)

    response = api_client.post(action(closed, "copy"), {}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["valid_through"]
    assert Vacancy.objects.count() == before
