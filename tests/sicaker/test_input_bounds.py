"""Input at the edges of what the database and the parser hold: a 400 naming the field (or the
correct answer), never a 500 — on PostgreSQL and on SQLite.

Ids larger than 64 bits could not be bound by SQLite (``OverflowError``) and silently matched
nothing on PostgreSQL; the first and last days of the calendar overflowed when a day was added
or the local midnight was converted to UTC; a JSON body nested 1,000 levels deep blew Python's
recursion limit in the parser, without an account.
"""

from __future__ import annotations

from typing import Any

import pytest

from sicaker.api.parsers import MAX_JSON_DEPTH, json_depth_exceeds
from sicaker.ids import MAX_ID
from tests.api_fixtures import build_world, index_world, snapshot

pytestmark = pytest.mark.django_db

TOO_BIG = 2**64  # beyond any 64-bit column
JUST_TOO_BIG = MAX_ID + 1

# (role, path) of every list filter that takes an id; the query parameter is the field.
ID_FILTERS = [
    ("officer", "applications/", "employer"),
    ("officer", "applications/", "vacancy"),
    ("officer", "applications/", "training"),
    ("employer_a", "applications/", "vacancy"),
    ("officer", "seekers/", "training"),
    ("seeker_x", "vacancies/", "employer"),
]


@pytest.mark.parametrize("number", [TOO_BIG, JUST_TOO_BIG])
@pytest.mark.parametrize(
    ("role", "path", "field"), ID_FILTERS, ids=[f"{p}?{f} as {r}" for r, p, f in ID_FILTERS]
)
def test_an_id_filter_beyond_64_bits_is_a_400_naming_it(api_client, role, path, field, number):
    # Given the world and a client of the role
    world = build_world()
    api_client.force_authenticate(world.users()[role])

    # When the list is filtered by an id no column can hold
    response = api_client.get(f"/api/v1/{path}", {field: number})

    # Then it is a 400 naming that filter, with the largest id in the message
    assert response.status_code == 400, response.content[:300]
    assert response.json()["fields"] == {
        field: [f"Tidak ada data dengan id sebesar ini (id paling besar {MAX_ID})."]
    }


def test_the_largest_id_is_a_valid_filter_that_matches_nothing(api_client):
    # Given the world
    world = build_world()
    api_client.force_authenticate(world.officer)

    # When the applications are filtered by the largest id a column holds
    response = api_client.get("/api/v1/applications/", {"vacancy": MAX_ID})

    # Then it is an empty page, not an error
    assert response.status_code == 200
    assert response.json()["count"] == 0


def _references(world) -> list[tuple[str, str, str, dict, dict]]:
    """(role, method, path, body, the expected ``fields``) of every body naming an object by id
    (applying names the vacancy too, but an unknown id there is the 404 of reading it: see
    tests/applications/test_api.py)."""
    skill_unknown = (
        f"Keahlian tidak dikenal: '{TOO_BIG}'. Gunakan slug atau id dari GET /api/v1/skills/."
    )
    return [
        (
            "employer_a",
            "post",
            "vacancies/",
            {
                "title": "Penjahit",
                "work_type": "piece_rate",
                "valid_through": "2099-01-01",
                "required_skills": [str(TOO_BIG)],
            },
            {"required_skills": [skill_unknown]},
        ),
        (
            "employer_a",
            "patch",
            f"vacancies/{world.a_draft.pk}/",
            {"preferred_skills": [TOO_BIG]},
            {"preferred_skills": [skill_unknown]},
        ),
        (
            "seeker_x",
            "patch",
            "seekers/me/",
            {"skills": [{"skill": TOO_BIG, "source": "self"}]},
            {
                "skills": [
                    f"Keahlian tidak dikenal: {TOO_BIG}. Gunakan slug atau id dari GET "
                    "/api/v1/skills/."
                ]
            },
        ),
        (
            "officer",
            "patch",
            f"trainings/{world.training.pk}/",
            {"skills": [str(TOO_BIG)]},
            {
                "skills": [
                    f"Keahlian tidak dikenal: {TOO_BIG}. Gunakan slug atau id dari GET "
                    "/api/v1/skills/."
                ]
            },
        ),
        (
            "officer",
            "post",
            f"trainings/{world.training.pk}/completions/",
            {"seeker": TOO_BIG, "certificate_number": "C-1", "completed_on": "2025-03-05"},
            {
                "seeker": [
                    f"Tidak ada pencari kerja dengan id {TOO_BIG}; gunakan id dari GET seekers/."
                ]
            },
        ),
    ]


@pytest.mark.parametrize("index", range(5), ids=lambda index: f"reference-{index}")
def test_a_reference_beyond_64_bits_is_a_400_and_changes_nothing(api_client, index):
    # Given the world and a client of the role that may write there
    world = build_world()
    role, method, path, body, fields = _references(world)[index]
    api_client.force_authenticate(world.users()[role])
    before = snapshot()

    # When a body names an object by an id no column can hold
    response = getattr(api_client, method)(f"/api/v1/{path}", body, format="json")

    # Then it is a 400 naming the field, and nothing was stored
    assert response.status_code == 400, response.content[:300]
    assert response.json()["fields"] == fields
    assert snapshot() == before


def test_a_search_pay_floor_beyond_the_indexed_integer_is_a_400(api_client, search_backend):
    # Given the world, indexed (the index holds pay as a 32-bit integer)
    world = build_world()
    index_world(search_backend, world)
    api_client.force_authenticate(world.seeker_x.user)

    # When the search asks for pay above what a 32-bit integer holds
    response = api_client.get("/api/v1/vacancies/search/", {"pay_min": 2**31})

    # Then it is a 400 naming pay_min (it was Elasticsearch's refusal, a 500)
    assert response.status_code == 400, response.content[:300]
    assert list(response.json()["fields"]) == ["pay_min"]


# -- the first and last days of the calendar ---------------------------------------------------

EXTREME_RANGES = [
    {"date_to": "9999-12-31"},
    {"date_from": "0001-01-01"},
    {"date_from": "0001-01-01", "date_to": "9999-12-31"},
]


@pytest.mark.parametrize("dates", EXTREME_RANGES, ids="&".join)
@pytest.mark.parametrize("role", ["seeker_x", "employer_a", "officer"])
def test_the_application_list_over_the_whole_calendar_holds_every_application(
    api_client, role, dates
):
    # Given the world: one application, submitted today
    world = build_world()
    api_client.force_authenticate(world.users()[role])

    # When the list is asked for a range reaching the end (or start) of the calendar
    response = api_client.get("/api/v1/applications/", dates)

    # Then the one application is in it
    assert response.status_code == 200, response.content[:300]
    assert [item["id"] for item in response.json()["results"]] == [world.application_x.pk]


@pytest.mark.parametrize("dates", EXTREME_RANGES, ids="&".join)
def test_the_applications_report_over_the_whole_calendar_counts_everything(api_client, dates):
    # Given the world and an officer
    world = build_world()
    api_client.force_authenticate(world.officer)

    # When the report (JSON, then CSV) covers a range reaching the end of the calendar
    response = api_client.get("/api/v1/reports/applications/", dates)
    spreadsheet = api_client.get("/api/v1/reports/applications/", {**dates, "format": "csv"})

    # Then it counts the one application and echoes the range it was asked for
    assert response.status_code == 200, response.content[:300]
    report = response.json()
    assert (report["total"], report["date_from"], report["date_to"]) == (
        1,
        dates.get("date_from"),
        dates.get("date_to"),
    )
    assert spreadsheet.status_code == 200
    assert spreadsheet["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("dates", EXTREME_RANGES, ids="&".join)
def test_the_market_report_over_the_whole_calendar_counts_everything(api_client, dates):
    # Given the world and an officer
    world = build_world()
    api_client.force_authenticate(world.officer)

    # When the market report covers a range reaching the end of the calendar
    response = api_client.get("/api/v1/reports/market/", dates)

    # Then the sewing skill shows the one application to a vacancy requiring it
    assert response.status_code == 200, response.content[:300]
    rows = {row["slug"]: row for row in response.json()["skills"]}
    assert rows["menjahit"]["applications"] == 1


# -- deeply nested JSON ---------------------------------------------------------------------------


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1_000, 100_000])
def test_a_json_body_nested_too_deeply_is_a_400_without_an_account(api_client, depth):
    # Given no account at all
    # When a body nested far too deeply is sent to the sign-in endpoint
    response = api_client.post(
        "/api/v1/auth/token/", _nested(depth), content_type="application/json"
    )

    # Then it is a 400 in the envelope saying what is wrong
    assert response.status_code == 400, response.content[:300]
    assert response.json() == {
        "code": "parse_error",
        "detail": "Isi JSON bersarang terlalu dalam (paling banyak 32 tingkat); kirim isi yang "
        "lebih datar.",
    }


def test_a_json_body_at_the_depth_limit_is_parsed(api_client):
    # Given no account
    # When a body exactly MAX_JSON_DEPTH levels deep is sent
    response = api_client.post(
        "/api/v1/auth/token/",
        '{"email": ' + _nested(MAX_JSON_DEPTH - 1) + "}",
        content_type="application/json",
    )

    # Then the parser accepts it and the serializer judges the fields
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_json_depth_is_measured_without_recursion():
    # Given values at, and one beyond, the limit, and one far deeper than the recursion limit
    at_limit: list[Any] = []
    deep = at_limit
    for _ in range(MAX_JSON_DEPTH - 1):
        deep.append([])
        deep = deep[0]
    very_deep: list = []
    cursor = very_deep
    for _ in range(50_000):
        cursor.append({"a": []})
        cursor = cursor[0]["a"]

    # Then each is judged, and the deepest one does not raise RecursionError
    assert json_depth_exceeds(at_limit, MAX_JSON_DEPTH) is False
    assert json_depth_exceeds([at_limit], MAX_JSON_DEPTH) is True
    assert json_depth_exceeds(very_deep, MAX_JSON_DEPTH) is True
    assert json_depth_exceeds({"a": 1, "b": "text"}, 1) is False
