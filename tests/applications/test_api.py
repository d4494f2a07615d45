"""The applications API per role: seeker, other seeker, employer, other employer, staff, anon."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, ApplicationEvent, ApplicationStatus
from jobs.models import ClosedReason, VacancyStatus
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    OfficerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    SeekerUserFactory,
    TrainingCompletionFactory,
    VacancyFactory,
)
from tests.factories.applications import ApplicationEventFactory

S = ApplicationStatus
LIST_URL = "/api/v1/applications/"
pytestmark = pytest.mark.django_db
NIK_LAST4 = "4821"


def detail_url(application) -> str:
    return f"/api/v1/applications/{application.pk}/"


def transition_url(application) -> str:
    return f"/api/v1/applications/{application.pk}/transition/"


def withdraw_url(application) -> str:
    return f"/api/v1/applications/{application.pk}/withdraw/"


@pytest.fixture
def world():
    """Two employers with a vacancy each, two seekers each applied to one, and an officer."""
    employer = EmployerFactory(name="Konveksi Ayu")
    other_employer = EmployerFactory(name="Toko Oleh-oleh Madiun")
    vacancy = VacancyFactory(employer=employer, title="Penjahit borongan", positions=2)
    other_vacancy = VacancyFactory(employer=other_employer, title="Pramuniaga")
    seeker = SeekerProfileFactory(
        full_name="Sri Wahyuni",
        phone="081211110000",
        district="Sukun",
        nik_encrypted="gAAAAA-encrypted",
        nik_digest="d" * 64,
        nik_last4=NIK_LAST4,
    )
    other_seeker = SeekerProfileFactory(full_name="Wati Lestari", district="Klojen")
    SeekerSkillFactory(seeker=seeker)
    application = ApplicationFactory(seeker=seeker, vacancy=vacancy)
    ApplicationEventFactory(application=application)
    other_application = ApplicationFactory(seeker=other_seeker, vacancy=other_vacancy)
    ApplicationEventFactory(application=other_application)
    return {
        "employer": employer,
        "other_employer": other_employer,
        "vacancy": vacancy,
        "other_vacancy": other_vacancy,
        "seeker": seeker,
        "other_seeker": other_seeker,
        "application": application,
        "other_application": other_application,
        "officer": OfficerFactory(),
    }


def user_of(world, role):
    return {
        "seeker": lambda: world["seeker"].user,
        "other_seeker": lambda: world["other_seeker"].user,
        "employer": lambda: world["employer"].owner,
        "other_employer": lambda: world["other_employer"].owner,
        "officer": lambda: world["officer"],
        "anonymous": lambda: None,
    }[role]()


@pytest.fixture
def as_role(api_client, world):
    def login(role):
        user = user_of(world, role)
        if user is not None:
            api_client.force_authenticate(user)
        api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        return api_client

    return login


def timeline(body: dict) -> list[tuple]:
    return [(e["from_status"], e["to_status"], e["note"], e["actor_role"]) for e in body["events"]]


def state(application) -> tuple:
    application.refresh_from_db()
    return (
        application.status,
        application.status_changed_at,
        list(
            ApplicationEvent.objects.filter(application=application).values_list(
                "from_status", "to_status"
            )
        ),
    )


# --- POST applications/ ------------------------------------------------------------------------


def test_a_seeker_applies(as_role, world):
    vacancy = VacancyFactory(employer=world["employer"], title="Pembatik")

    response = as_role("seeker").post(
        LIST_URL, {"vacancy": vacancy.pk, "cover_note": "Saya bisa membatik tulis."}
    )

    assert response.status_code == 201
    body = response.json()
    application = Application.objects.get(vacancy=vacancy)
    assert (application.seeker, application.status, application.cover_note) == (
        world["seeker"],
        S.SUBMITTED,
        "Saya bisa membatik tulis.",
    )
    assert body["id"] == application.pk
    assert body["status"] == "submitted"
    assert body["cover_note"] == "Saya bisa membatik tulis."
    assert body["vacancy"] == {
        "id": vacancy.pk,
        "title": "Pembatik",
        "employer": {"id": world["employer"].pk, "name": "Konveksi Ayu"},
        "work_type": "piece_rate",
        "city": "Kota Malang",
        "district": "Klojen",
        "status": "published",
        "valid_through": vacancy.valid_through.isoformat(),
    }
    assert [(e["from_status"], e["to_status"], e["actor_role"]) for e in body["events"]] == [
        ("", "submitted", "seeker")
    ]
    assert "seeker" not in body


def test_the_cover_note_is_optional(as_role, world):
    vacancy = VacancyFactory()

    response = as_role("seeker").post(LIST_URL, {"vacancy": vacancy.pk})

    assert response.status_code == 201
    assert response.json()["cover_note"] == ""


@pytest.mark.parametrize(
    ("role", "expected"),
    [("employer", 403), ("other_employer", 403), ("officer", 403), ("anonymous", 401)],
)
def test_only_seekers_apply(as_role, world, role, expected):
    count = Application.objects.count()

    response = as_role(role).post(LIST_URL, {"vacancy": world["vacancy"].pk})

    assert response.status_code == expected
    assert Application.objects.count() == count


def test_a_seeker_without_profile_is_told_to_create_one(api_client, world):
    api_client.force_authenticate(SeekerUserFactory())
    count = Application.objects.count()

    response = api_client.post(
        LIST_URL, {"vacancy": world["vacancy"].pk}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 403
    assert "profile" in response.json()["detail"]
    assert Application.objects.count() == count


@pytest.mark.parametrize(
    "vacancy_kind",
    ["unknown", "negative", "huge", "draft", "closed", "expired", "filled"],
)
def test_applying_to_a_vacancy_she_cannot_see_is_the_same_404_as_reading_it(
    as_role, world, vacancy_kind
):
    # Given a vacancy the seeker cannot read (GET vacancies/{id}/ is 404), or no vacancy at all
    fields: dict[str, dict[str, object]] = {
        "draft": {"status": VacancyStatus.DRAFT, "published_at": None},
        "closed": {"status": VacancyStatus.CLOSED, "closed_reason": ClosedReason.MANUAL},
        "expired": {"valid_through": datetime.date(2020, 1, 1)},
        "filled": {
            "status": VacancyStatus.CLOSED,
            "closed_reason": ClosedReason.FILLED,
            "positions": 1,
            "positions_filled": 1,
        },
    }
    vacancy_pk = {"unknown": 999_999, "negative": -5, "huge": 10**30}.get(vacancy_kind)
    if vacancy_pk is None:
        vacancy_pk = VacancyFactory(**fields[vacancy_kind]).pk
    client = as_role("other_seeker")
    read = client.get(f"/api/v1/vacancies/{abs(vacancy_pk)}/", HTTP_ACCEPT_LANGUAGE="en")
    count = Application.objects.count()

    # When she applies to it
    response = client.post(LIST_URL, {"vacancy": vacancy_pk}, HTTP_ACCEPT_LANGUAGE="en")

    # Then the answer is exactly the one reading it gives, and nothing was written
    assert read.status_code == 404
    assert response.status_code == 404
    assert (
        response.json()
        == read.json()
        == {
            "code": "not_found",
            "detail": "No such vacancy, or it is no longer open.",
        }
    )
    assert Application.objects.count() == count


def test_a_vacancy_id_that_is_not_a_number_is_a_field_error(as_role, world):
    response = as_role("other_seeker").post(
        LIST_URL, {"vacancy": "lowongan"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"vacancy": ["Give the vacancy's id as a number."]}


def test_applying_twice_is_a_conflict(as_role, world):
    before = state(world["application"])

    response = as_role("seeker").post(LIST_URL, {"vacancy": world["vacancy"].pk})

    assert response.status_code == 409
    assert "already applied" in response.json()["detail"]
    assert Application.objects.filter(vacancy=world["vacancy"]).count() == 1
    assert state(world["application"]) == before


def test_a_too_long_cover_note_is_refused(as_role, world):
    vacancy = VacancyFactory()

    response = as_role("seeker").post(LIST_URL, {"vacancy": vacancy.pk, "cover_note": "x" * 2001})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["cover_note"]
    assert not Application.objects.filter(vacancy=vacancy).exists()


def test_applying_twice_answers_409_in_the_error_envelope_on_every_database(api_client):
    # Given a seeker whose first application to an open vacancy went through
    vacancy = VacancyFactory(title="Penjahit borongan", positions=3)
    seeker = SeekerProfileFactory(full_name="Sri Wahyuni")
    api_client.force_authenticate(seeker.user)
    first = api_client.post(LIST_URL, {"vacancy": vacancy.pk, "cover_note": "Saya bisa menjahit."})
    assert first.status_code == 201
    application = Application.objects.get(vacancy=vacancy, seeker=seeker)
    before = (state(application), application.cover_note, application.updated_at)

    # When she applies again (the unique constraint refuses the row, on PostgreSQL and SQLite)
    again = api_client.post(
        LIST_URL,
        {"vacancy": vacancy.pk, "cover_note": "Sekali lagi."},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # Then a 409 in the documented envelope, and nothing changed
    assert again.status_code == 409
    assert again.json() == {
        "code": "conflict",
        "detail": "You have already applied to this vacancy; follow that application in your "
        "list of applications.",
    }
    assert Application.objects.filter(vacancy=vacancy).count() == 1
    application.refresh_from_db()
    assert (state(application), application.cover_note, application.updated_at) == before
    assert ApplicationEvent.objects.filter(application__vacancy=vacancy).count() == 1


# --- GET applications/ -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("seeker", ["application"]),
        ("other_seeker", ["other_application"]),
        ("employer", ["application"]),
        ("other_employer", ["other_application"]),
        ("officer", ["other_application", "application"]),
    ],
)
def test_the_list_is_scoped_to_who_asks(as_role, world, role, visible):
    response = as_role(role).get(LIST_URL)

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [
        world[name].pk for name in visible
    ]


def test_anonymous_cannot_list(as_role, world):
    assert as_role("anonymous").get(LIST_URL).status_code == 401


def test_the_seeker_sees_the_vacancy_and_the_employer_sees_the_applicant_without_nik(
    as_role, world
):
    seeker_item = as_role("seeker").get(LIST_URL).json()["results"][0]
    employer_response = as_role("employer").get(LIST_URL)
    employer_item = employer_response.json()["results"][0]

    assert "seeker" not in seeker_item
    assert seeker_item["vacancy"]["title"] == "Penjahit borongan"
    assert employer_item["seeker"]["name"] == "Sri Wahyuni"
    assert employer_item["seeker"]["phone"] == "081211110000"
    assert employer_item["seeker"]["district"] == "Sukun"
    text = employer_response.content.decode()
    assert "nik" not in text.lower()
    assert NIK_LAST4 not in text


@pytest.fixture
def many(world):
    """Applications to the employer's vacancies from seekers with skills and trainings."""
    employer = world["employer"]
    vacancies = [world["vacancy"], VacancyFactory(employer=employer, title="Pembatik")]
    for index in range(11):
        seeker = SeekerProfileFactory(district="Blimbing" if index % 2 else "Sukun")
        SeekerSkillFactory(seeker=seeker)
        SeekerSkillFactory(seeker=seeker)
        TrainingCompletionFactory(seeker=seeker)
        application = ApplicationFactory(seeker=seeker, vacancy=vacancies[index % 2])
        ApplicationEventFactory(application=application)
    return vacancies


@pytest.mark.parametrize("role", ["employer", "officer"])
def test_list_queries_do_not_grow_with_page_size(as_role, world, many, role):
    client = as_role(role)

    with CaptureQueriesContext(connection) as small:
        small_response = client.get(LIST_URL, {"page_size": 2})
    with CaptureQueriesContext(connection) as large:
        large_response = client.get(LIST_URL, {"page_size": 20})

    assert small_response.status_code == large_response.status_code == 200
    assert len(small_response.json()["results"]) == 2
    assert len(large_response.json()["results"]) == (12 if role == "employer" else 13)
    # the count, the page (vacancy, employer and seeker joined), the seekers' skills
    assert len(small.captured_queries) == len(large.captured_queries) == 3


def test_list_filters_for_staff(as_role, world, many):
    client = as_role("officer")
    training = TrainingCompletionFactory(seeker=world["seeker"]).programme
    Application.objects.filter(pk=world["application"].pk).update(
        status=S.SHORTLISTED,
        submitted_at=datetime.datetime(2026, 3, 31, 23, 30, tzinfo=timezone.get_current_timezone()),
    )
    Application.objects.filter(pk=world["other_application"].pk).update(
        submitted_at=datetime.datetime(2026, 4, 1, 0, 10, tzinfo=timezone.get_current_timezone()),
    )

    def ids(**params):
        response = client.get(LIST_URL, {"page_size": 100, **params})
        assert response.status_code == 200, response.json()
        return {item["id"] for item in response.json()["results"]}

    assert ids(status="shortlisted") == {world["application"].pk}
    assert ids(vacancy=world["other_vacancy"].pk) == {world["other_application"].pk}
    assert ids(employer=world["other_employer"].pk) == {world["other_application"].pk}
    assert ids(employer=world["employer"].pk) == set(
        Application.objects.filter(vacancy__employer=world["employer"]).values_list("pk", flat=True)
    )
    assert ids(district="klojen") == {world["other_application"].pk}
    assert ids(training=training.pk) == {world["application"].pk}
    assert ids(date_from="2026-03-31", date_to="2026-03-31") == {world["application"].pk}
    assert ids(date_from="2026-04-01", date_to="2026-04-01") == {world["other_application"].pk}
    assert ids(date_to="2026-04-01") == {world["application"].pk, world["other_application"].pk}


def test_filters_stay_inside_the_requesters_scope(as_role, world):
    response = as_role("employer").get(LIST_URL, {"vacancy": world["other_vacancy"].pk})

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2026-04-02", "date_to": "2026-04-01"}, "date_to"),
        ({"status": "hired"}, "status"),
        ({"vacancy": "abc"}, "vacancy"),
    ],
)
def test_bad_filters_are_refused(as_role, world, params, field):
    response = as_role("officer").get(LIST_URL, params)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


# --- GET applications/{id}/ --------------------------------------------------------------------


def test_the_seeker_reads_her_application_with_its_timeline(as_role, world):
    response = as_role("seeker").get(detail_url(world["application"]))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == world["application"].pk
    assert "seeker" not in body
    assert timeline(body) == [("", "submitted", "", "seeker")]
    assert "actor" not in body["events"][0]


def test_the_employer_reads_the_applicant_and_the_timeline_after_a_move(as_role, world):
    client = as_role("employer")
    client.post(transition_url(world["application"]), {"status": "reviewed", "note": "Bagus"})

    response = client.get(detail_url(world["application"]))

    assert response.status_code == 200
    body = response.json()
    assert body["seeker"]["name"] == "Sri Wahyuni"
    assert timeline(body) == [
        ("", "submitted", "", "seeker"),
        ("submitted", "reviewed", "Bagus", "employer"),
    ]
    assert "nik" not in response.content.decode().lower()
    assert NIK_LAST4 not in response.content.decode()


def test_staff_see_who_made_each_change(as_role, world):
    response = as_role("officer").get(detail_url(world["application"]))

    assert response.status_code == 200
    assert response.json()["events"][0]["actor"] == {
        "id": world["seeker"].user.pk,
        "full_name": world["seeker"].user.full_name,
    }


@pytest.mark.parametrize("role", ["other_seeker", "other_employer"])
def test_someone_elses_application_is_not_found_like_a_missing_one(as_role, world, role):
    client = as_role(role)

    response = client.get(detail_url(world["application"]))
    missing = client.get("/api/v1/applications/999999/")

    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()


def test_anonymous_cannot_read(as_role, world):
    assert as_role("anonymous").get(detail_url(world["application"])).status_code == 401


# --- POST applications/{id}/transition/ ----------------------------------------------------------


def test_the_employer_moves_an_application_along(as_role, world):
    response = as_role("employer").post(
        transition_url(world["application"]), {"status": "shortlisted", "note": "Rapi"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "shortlisted"
    assert response.json()["events"][-1]["note"] == "Rapi"
    assert state(world["application"])[0] == S.SHORTLISTED


def test_accepting_fills_a_position(as_role, world):
    Application.objects.filter(pk=world["application"].pk).update(status=S.INTERVIEW)

    response = as_role("employer").post(
        transition_url(world["application"]), {"status": "accepted"}
    )

    assert response.status_code == 200
    world["vacancy"].refresh_from_db()
    assert world["vacancy"].positions_filled == 1


def test_accepting_on_a_full_vacancy_is_a_conflict(as_role, world):
    Application.objects.filter(pk=world["application"].pk).update(status=S.INTERVIEW)
    world["vacancy"].positions_filled = 2
    world["vacancy"].save()
    before = state(world["application"])

    response = as_role("employer").post(
        transition_url(world["application"]), {"status": "accepted"}
    )

    assert response.status_code == 409
    assert state(world["application"]) == before
    world["vacancy"].refresh_from_db()
    assert world["vacancy"].positions_filled == 2


def test_a_repeat_is_a_no_op(as_role, world):
    before = state(world["application"])

    response = as_role("employer").post(
        transition_url(world["application"]), {"status": "submitted"}
    )

    assert response.status_code == 200
    assert state(world["application"]) == before


@pytest.mark.parametrize(
    ("role", "payload", "expected"),
    [
        ("employer", {"status": "interview"}, 409),  # submitted -> interview skips too far
        ("employer", {"status": "hired"}, 400),
        ("employer", {}, 400),
        ("employer", {"status": "withdrawn"}, 403),
        ("seeker", {"status": "reviewed"}, 403),
        ("officer", {"status": "reviewed"}, 403),
        ("other_employer", {"status": "reviewed"}, 404),
        ("other_seeker", {"status": "withdrawn"}, 404),
        ("anonymous", {"status": "reviewed"}, 401),
    ],
)
def test_refused_transitions_change_nothing(as_role, world, role, payload, expected):
    before = state(world["application"])

    response = as_role(role).post(transition_url(world["application"]), payload)

    assert response.status_code == expected
    assert state(world["application"]) == before


def test_an_unknown_status_names_the_allowed_ones(as_role, world):
    response = as_role("employer").post(transition_url(world["application"]), {"status": "hired"})

    assert response.json()["fields"]["status"] == [
        '"hired" is not a status; use one of: submitted, reviewed, shortlisted, interview, '
        "accepted, rejected, withdrawn."
    ]


def test_the_seeker_may_withdraw_through_the_transition_endpoint(as_role, world):
    response = as_role("seeker").post(transition_url(world["application"]), {"status": "withdrawn"})

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


# --- POST applications/{id}/withdraw/ ----------------------------------------------------------


def test_the_seeker_withdraws(as_role, world):
    response = as_role("seeker").post(withdraw_url(world["application"]), {"note": "Sudah kerja"})

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert state(world["application"])[2] == [("", "submitted"), ("submitted", "withdrawn")]
    events = ApplicationEvent.objects.filter(application=world["application"])
    assert events.values_list("note", flat=True).last() == "Sudah kerja"


def test_withdrawing_without_a_note(as_role, world):
    response = as_role("seeker").post(withdraw_url(world["application"]))

    assert response.status_code == 200


def test_withdrawing_again_is_a_no_op(as_role, world):
    client = as_role("seeker")
    client.post(withdraw_url(world["application"]))
    before = state(world["application"])

    response = client.post(withdraw_url(world["application"]))

    assert response.status_code == 200
    assert state(world["application"]) == before


@pytest.mark.parametrize("status", [S.ACCEPTED, S.REJECTED])
def test_a_decided_application_cannot_be_withdrawn(as_role, world, status):
    Application.objects.filter(pk=world["application"].pk).update(status=status)
    before = state(world["application"])

    response = as_role("seeker").post(withdraw_url(world["application"]))

    assert response.status_code == 409
    assert state(world["application"]) == before


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("employer", 403),
        ("officer", 403),
        ("other_seeker", 404),
        ("other_employer", 404),
        ("anonymous", 401),
    ],
)
def test_only_the_seeker_withdraws(as_role, world, role, expected):
    before = state(world["application"])

    response = as_role(role).post(withdraw_url(world["application"]))

    assert response.status_code == expected
    assert state(world["application"]) == before


def test_every_answer_is_json(as_role, world):
    response = as_role("other_seeker").post(withdraw_url(world["application"]))

    assert json.loads(response.content)["code"] == "not_found"


@pytest.mark.parametrize("field", ["vacancy", "employer", "training"])
def test_an_id_filter_beyond_64_bits_is_a_400_on_every_database(api_client, field):
    # Given an officer (who may filter by each) and a number no row id can be
    api_client.force_authenticate(OfficerFactory())

    # When she filters by it (SQLite could not even compare it: a 500 before)
    response = api_client.get(LIST_URL, {field: 2**63}, HTTP_ACCEPT_LANGUAGE="en")

    # Then a 400 naming the field, and the largest id still is an ordinary miss
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]
    largest = api_client.get(LIST_URL, {field: 2**63 - 1})
    assert (largest.status_code, largest.json()["count"]) == (200, 0)
