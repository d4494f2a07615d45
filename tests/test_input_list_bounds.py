"""Every list an input accepts is bounded: one item too many is a 400 naming the field.

Unbounded lists let one request store or look up tens of thousands of items (an alert with
50,000 work types, a preferences list of 20,000 rows). One row per list field of every input;
each is sent with one item over its limit and must change nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from jobs.models import Weekday, WorkType
from notifications.models import Kind
from tests.api_fixtures import build_world, snapshot

pytestmark = pytest.mark.django_db

WORK_TYPES = ["full_time", "part_time", "home_based", "piece_rate", "freelance"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def too_many(limit: int, item="menjahit") -> list:
    return [item] * (limit + 1)


def _valid_through() -> str:
    return (timezone.localdate() + datetime.timedelta(days=9)).isoformat()


@dataclass(frozen=True)
class Case:
    role: str
    method: str
    path: str
    body: object
    field: str
    limit: int


CASES = {
    "alert work types (50,000)": Case(
        "seeker_x",
        "post",
        "alerts/",
        {"name": "A", "work_types": ["part_time"] * 50_000},
        "work_types",
        5,
    ),
    "alert skills": Case(
        "seeker_x", "post", "alerts/", {"name": "A", "skills": too_many(20)}, "skills", 20
    ),
    "alert work types on PATCH": Case(
        "seeker_x",
        "patch",
        "alerts/{alert_x}/",
        {"work_types": [*WORK_TYPES, "part_time"]},
        "work_types",
        5,
    ),
    "search skills": Case(
        "anonymous", "get", "vacancies/search/", {"skills": ",".join(too_many(20))}, "skills", 20
    ),
    "search work types": Case(
        "anonymous",
        "get",
        "vacancies/search/",
        {"work_type": ",".join([*WORK_TYPES, "part_time"])},
        "work_type",
        5,
    ),
    "profile wanted work types": Case(
        "seeker_x",
        "patch",
        "seekers/me/",
        {"wanted_work_types": [*WORK_TYPES, "part_time"]},
        "wanted_work_types",
        5,
    ),
    "profile available days": Case(
        "seeker_x",
        "patch",
        "seekers/me/",
        {"available_days": [*DAYS, "mon"]},
        "available_days",
        7,
    ),
    "profile skills": Case(
        "seeker_x",
        "patch",
        "seekers/me/",
        {"skills": too_many(50, {"skill": "menjahit"})},
        "skills",
        50,
    ),
    "vacancy required skills": Case(
        "employer_a",
        "post",
        "vacancies/",
        {
            "title": "P",
            "work_type": "part_time",
            "valid_through": "{valid_through}",
            "required_skills": too_many(30),
        },
        "required_skills",
        30,
    ),
    "vacancy preferred skills": Case(
        "employer_a",
        "patch",
        "vacancies/{a_draft}/",
        {"preferred_skills": too_many(30)},
        "preferred_skills",
        30,
    ),
    "vacancy working days": Case(
        "employer_a",
        "patch",
        "vacancies/{a_draft}/",
        {"work_days": [*DAYS, "mon"]},
        "work_days",
        7,
    ),
    "skill synonyms": Case(
        "officer",
        "post",
        "skills/",
        {
            "slug": "bordir",
            "name_id": "Bordir",
            "name_en": "Embroidery",
            "category": "garment",
            "synonyms": too_many(50, "sulam"),
        },
        "synonyms",
        50,
    ),
    "skill synonyms on PATCH": Case(
        "officer",
        "patch",
        "skills/{skill}/",
        {"synonyms": too_many(50, "sulam")},
        "synonyms",
        50,
    ),
    "training skills": Case(
        "officer",
        "post",
        "trainings/",
        {
            "title": "T",
            "organiser": "O",
            "city": "Kota Malang",
            "starts_on": "2025-04-01",
            "ends_on": "2025-04-03",
            "skills": too_many(30),
        },
        "skills",
        30,
    ),
    "notification preferences (20,000)": Case(
        "seeker_x",
        "put",
        "notifications/preferences/",
        [{"kind": "alert_match", "email": False}] * 20_000,
        "non_field_errors",
        len(Kind),  # one preference per kind at most
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_a_list_one_item_over_its_limit_is_a_400_naming_the_field(api_client, case: Case):
    # Given the world, and a request whose list holds one item more than the field allows
    world = build_world()
    names = {
        "alert_x": world.alert_x.pk,
        "a_draft": world.a_draft.pk,
        "skill": world.skill.pk,
    }
    body = case.body
    if isinstance(body, dict) and body.get("valid_through") == "{valid_through}":
        body = {**body, "valid_through": _valid_through()}
    api_client.force_authenticate(world.users()[case.role])
    before = snapshot()

    # When it is sent
    send = getattr(api_client, case.method)
    url = "/api/v1/" + case.path.format(**names)
    if case.method == "get":
        response = send(url, body, HTTP_ACCEPT_LANGUAGE="en")
    else:
        response = send(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    # Then it is refused with a message on that field, and nothing changed
    assert response.status_code == 400, response.content[:300]
    fields = response.json()["fields"]
    assert case.field in fields, fields
    assert str(case.limit) in fields[case.field][0], fields
    assert snapshot() == before


def test_the_limits_are_the_number_of_choices_where_there_are_choices():
    assert (len(WorkType.choices), len(Weekday.choices), len(Kind)) == (5, 7, 14)
