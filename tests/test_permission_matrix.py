"""Every object endpoint as every role: the exact status, and a refusal changes nothing.

The rules (README, "Error envelope"): 401 not signed in, 403 not allowed for your role, 404 not
found *or not yours*. One row per (method, path, payload); one test per row and role. Paths name
objects of ``tests.api_fixtures.World`` in braces, e.g. ``{a_draft}``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from tests.api_fixtures import World, build_world, snapshot

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "seeker_x", "seeker_y", "employer_a", "employer_b", "officer", "admin")
SEEKERS = ("seeker_x", "seeker_y")
EMPLOYERS = ("employer_a", "employer_b")
STAFF = ("officer", "admin")


def codes(default: int, anonymous: int = 401, **by_role: int) -> dict[str, int]:
    """Expected status per role: ``default`` for every signed-in role not named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": anonymous, **{role: by_role.get(role, default) for role in ROLES[1:]}}


def only(roles: tuple[str, ...], status: int, *, others: int = 403, **by_role: int):
    """``roles`` get ``status``, other signed-in roles ``others``; ``by_role`` overrides both."""
    return codes(others, **{**{role: status for role in roles}, **by_role})


def _in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


MISSING_PK = 987_654_321


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: dict[str, int]
    payload: Callable[[World], dict] | None = field(default=None)
    label: str = ""
    # The endpoint refuses roles before it looks the object up (403 whether or not it exists);
    # elsewhere a 403 comes only after the object was found visible to the requester.
    gated: bool = False

    def url(self, world: World, *, missing: bool = False) -> str:
        names = {
            "employer_a": world.employer_a.pk,
            "employer_b": world.employer_b.pk,
            "a_published": world.a_published.pk,
            "a_draft": world.a_draft.pk,
            "b_published": world.b_published.pk,
            "b_draft": world.b_draft.pk,
            "application_x": world.application_x.pk,
            "seeker_x": world.seeker_x.pk,
            "skill": world.skill.pk,
            "training": world.training.pk,
            "alert_x": world.alert_x.pk,
            "notification_a": world.notification_a.pk,
        }
        if missing:
            names = dict.fromkeys(names, MISSING_PK)
        return "/api/v1/" + self.path.format(**names)

    def expected_for_missing(self, role: str) -> int:
        """An id that does not exist: the sign-in and role refusals, else not found."""
        code = self.expected[role]
        if code == 401 or (code == 403 and self.gated):
            return code
        return 404


NEW_EMPLOYER = {
    "name": "Batik Bu Ani",
    "kind": "home_industry",
    "city": "Kota Malang",
    "district": "Klojen",
}
NEW_SKILL = {"slug": "bordir", "name_id": "Bordir", "name_en": "Embroidery", "category": "garment"}
NEW_TRAINING = {
    "title": "Pelatihan Bordir",
    "organiser": "DP3AKB Kota Balikpapan",
    "city": "Kota Balikpapan",
    "starts_on": "2025-04-01",
    "ends_on": "2025-04-03",
    "skills": ["menjahit"],
}

ROWS = [
    # -- employers ------------------------------------------------------------------------------
    Row("GET", "employers/me/", only(EMPLOYERS, 200)),
    Row("PATCH", "employers/me/", only(EMPLOYERS, 200), lambda w: {"description": "Jahit."}),
    # Both employers already registered their organisation: a second one is a conflict.
    Row("POST", "employers/me/", only(EMPLOYERS, 409), lambda w: NEW_EMPLOYER),
    Row("GET", "employers/", only(STAFF, 200)),
    Row("GET", "employers/{employer_a}/", only(STAFF, 200, others=404, employer_a=200)),
    Row(
        "POST",
        "employers/{employer_b}/verify/",
        only(STAFF, 200),
        lambda w: {"is_verified": True},
        gated=True,
    ),
    # -- vacancies ------------------------------------------------------------------------------
    Row(
        "POST",
        "vacancies/",
        only(EMPLOYERS, 201),
        lambda w: {"title": "Penjahit", "work_type": "piece_rate", "valid_through": _in_days(9)},
    ),
    Row("GET", "vacancies/{a_published}/", codes(200, anonymous=200)),
    Row("GET", "vacancies/{a_draft}/", only(STAFF, 200, others=404, anonymous=404, employer_a=200)),
    Row("PATCH", "vacancies/{a_published}/", only(("employer_a",), 200), lambda w: {"title": "P"}),
    Row(
        "PATCH",
        "vacancies/{a_draft}/",
        only(("employer_a",), 200, others=404, **dict.fromkeys(STAFF, 403)),
        lambda w: {"title": "P"},
    ),
    Row("DELETE", "vacancies/{a_published}/", only(("employer_a",), 409)),
    Row(
        "DELETE",
        "vacancies/{a_draft}/",
        only(("employer_a",), 204, others=404, **dict.fromkeys(STAFF, 403)),
    ),
    Row("POST", "vacancies/{a_published}/publish/", only(("employer_a",), 200)),
    Row(
        "POST",
        "vacancies/{a_draft}/publish/",
        only(("employer_a",), 200, others=404, **dict.fromkeys(STAFF, 403)),
    ),
    # B may not publish until the labor office verifies it again.
    Row(
        "POST",
        "vacancies/{b_draft}/publish/",
        only(("employer_b",), 409, others=404, **dict.fromkeys(STAFF, 403)),
    ),
    # A's draft adds its positions to A's published vacancy (and is deleted).
    Row(
        "POST",
        "vacancies/{a_draft}/merge/",
        only(("employer_a",), 200, others=404, **dict.fromkeys(STAFF, 403)),
        lambda w: {"into": w.a_published.pk},
    ),
    Row("GET", "vacancies/duplicates/", only(STAFF, 200), gated=True),
    Row("POST", "vacancies/{a_published}/close/", only(("employer_a", *STAFF), 200)),
    Row("POST", "vacancies/{a_draft}/close/", only(("employer_a", *STAFF), 200, others=404)),
    Row("GET", "vacancies/{a_published}/matches/", only(("employer_a", *STAFF), 200, others=404)),
    # Candidates only for a published vacancy of a verified employer: a draft (or an employer
    # whose verification was withdrawn) is the requester's own, visible object in a state that
    # has none yet, so 409 like publishing B's draft, not 403 (the role may) nor 404 (it is hers).
    Row("GET", "vacancies/{a_draft}/matches/", only(("employer_a", *STAFF), 409, others=404)),
    Row("GET", "vacancies/{b_published}/matches/", only(("employer_b", *STAFF), 409, others=404)),
    # Reopen as a copy: its employer only (a visible vacancy is 403 for others, a draft 404).
    Row(
        "POST",
        "vacancies/{a_published}/copy/",
        only(("employer_a",), 201),
        lambda w: {"valid_through": _in_days(20)},
    ),
    Row(
        "POST",
        "vacancies/{a_draft}/copy/",
        only(("employer_a",), 201, others=404, **dict.fromkeys(STAFF, 403)),
        lambda w: {"valid_through": _in_days(20)},
    ),
    # -- invitations ----------------------------------------------------------------------------
    Row(
        "POST",
        "vacancies/{a_published}/invitations/",
        only(("employer_a",), 201),
        lambda w: {"seeker": w.seeker_y.pk},
    ),
    # A draft takes no applications, so no invitations: hers, visible, in the wrong state (409).
    Row(
        "POST",
        "vacancies/{a_draft}/invitations/",
        only(("employer_a",), 409, others=404, **dict.fromkeys(STAFF, 403)),
        lambda w: {"seeker": w.seeker_y.pk},
    ),
    Row("GET", "vacancies/{a_published}/invitations/", only(("employer_a",), 200)),
    Row(
        "GET",
        "vacancies/{a_draft}/invitations/",
        only(("employer_a",), 200, others=404, **dict.fromkeys(STAFF, 403)),
    ),
    Row("GET", "invitations/", codes(200)),
    # -- applications ---------------------------------------------------------------------------
    Row(
        "POST",
        "applications/",
        only(SEEKERS, 201, seeker_x=409),
        lambda w: {"vacancy": w.a_published.pk},
        label="published",
    ),
    # A draft's id gets the answer of an unknown id and of GET vacancies/{id}/ (404), revealing
    # nothing; so does a closed or expired one (tests/applications/test_api.py).
    Row(
        "POST",
        "applications/",
        only(SEEKERS, 404),
        lambda w: {"vacancy": w.a_draft.pk},
        label="draft",
    ),
    Row("GET", "applications/", codes(200)),
    Row(
        "GET",
        "applications/{application_x}/",
        only(("seeker_x", "employer_a", *STAFF), 200, others=404),
    ),
    Row(
        "POST",
        "applications/{application_x}/transition/",
        only(("employer_a",), 200, seeker_y=404, employer_b=404),
        lambda w: {"status": "reviewed"},
    ),
    Row(
        "POST",
        "applications/{application_x}/withdraw/",
        only(("seeker_x",), 200, seeker_y=404, employer_b=404),
        lambda w: {"note": "Sudah kerja."},
    ),
    # -- seekers --------------------------------------------------------------------------------
    Row("GET", "seekers/me/", only(SEEKERS, 200)),
    Row("PATCH", "seekers/me/", only(SEEKERS, 200), lambda w: {"about": "Bisa menjahit."}),
    Row("GET", "seekers/me/matches/", only(SEEKERS, 200)),
    Row("GET", "seekers/", only(STAFF, 200)),
    Row("GET", "seekers/{seeker_x}/", only(STAFF, 200, others=404)),
    # -- her data, the AK/1 card, the logged look at a NIK --------------------------------------
    Row("GET", "me/data/", codes(200)),
    Row(
        "POST",
        "me/erase/",
        only(SEEKERS, 400),
        lambda w: {"password": "bukan-sandinya"},
        label="wrong password",
    ),
    Row("GET", "seekers/me/ak1/", only(SEEKERS, 409)),
    Row("POST", "seekers/me/ak1/", only(SEEKERS, 200)),
    Row("GET", "seekers/{seeker_x}/ak1/", only(STAFF, 409, others=404)),
    Row("POST", "seekers/{seeker_x}/ak1/", only(STAFF, 200, others=404), lambda w: {}),
    Row(
        "POST",
        "seekers/{seeker_x}/nik/",
        only(STAFF, 400, others=404),  # 400: seeker X gave no NIK (nothing shown or logged)
        lambda w: {"reason": "Verifikasi identitas di loket"},
    ),
    # -- skills and trainings -------------------------------------------------------------------
    Row("POST", "skills/", only(STAFF, 201), lambda w: NEW_SKILL),
    Row("GET", "skills/{skill}/", codes(200, anonymous=200)),
    Row("PATCH", "skills/{skill}/", only(STAFF, 200), lambda w: {"name_en": "Tailor"}, gated=True),
    Row("POST", "trainings/", only(STAFF, 201), lambda w: NEW_TRAINING),
    Row("GET", "trainings/{training}/", codes(200)),
    Row(
        "PATCH",
        "trainings/{training}/",
        only(STAFF, 200),
        lambda w: {"description": "D"},
        gated=True,
    ),
    Row("GET", "trainings/{training}/completions/", only(STAFF, 200), gated=True),
    Row(
        "POST",
        "trainings/{training}/completions/",
        only(STAFF, 201),
        lambda w: {
            "seeker": w.seeker_y.pk,
            "certificate_number": "CERT-Y-001",
            "completed_on": "2025-03-05",
        },
        gated=True,
    ),
    Row(
        "POST",
        "trainings/{training}/participants/",
        only(STAFF, 200),
        lambda w: {
            "completed_on": "2025-03-05",
            "consent_shown_to_employers": True,
            "consent_contact_by_phone": False,
            "participants": [
                {
                    "full_name": "Ani Rahayu",
                    "nik": "3573015205900301",
                    "phone": "081234500301",
                    "district": "Sukun",
                    "paper_form_number": "F-301",
                    "certificate_number": "CERT-A-301",
                }
            ],
        },
        gated=True,
    ),
    # -- alerts and notifications ---------------------------------------------------------------
    Row("GET", "alerts/", only(SEEKERS, 200)),
    Row("POST", "alerts/", only(SEEKERS, 201), lambda w: {"name": "Batik", "q": "batik"}),
    Row("GET", "alerts/{alert_x}/", only(("seeker_x",), 200, seeker_y=404), gated=True),
    Row(
        "PATCH",
        "alerts/{alert_x}/",
        only(("seeker_x",), 200, seeker_y=404),
        lambda w: {"name": "Jahit"},
        gated=True,
    ),
    Row("DELETE", "alerts/{alert_x}/", only(("seeker_x",), 204, seeker_y=404), gated=True),
    Row("POST", "notifications/{notification_a}/read/", only(("employer_a",), 200, others=404)),
    # -- reports --------------------------------------------------------------------------------
    Row("GET", "applications/export/", only(STAFF, 200)),
    Row("GET", "reports/applications/", only(STAFF, 200)),
    Row("GET", "reports/market/", only(STAFF, 200)),
]


def _cases():
    for row in ROWS:
        suffix = f"[{row.label}]" if row.label else ""
        for role in ROLES:
            yield pytest.param(row, role, id=f"{row.method} {row.path}{suffix} as {role}")


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize(("row", "role"), list(_cases()))
def test_permission_matrix(api_client, world, row: Row, role: str):
    # Given the world, as it is before the call
    before = snapshot()

    # When the role (signed in, or not at all) calls the endpoint
    response = _call(api_client, row, world, world.users()[role])

    # Then the status is the one the rules give, and a refusal changed nothing in any table
    body = response.getvalue()[:300].decode(errors="replace")  # plain, streamed, PDF answers
    assert response.status_code == row.expected[role], body
    if response.status_code >= 400:
        error = response.json()
        assert set(error) >= {"code", "detail"}, error
        assert snapshot() == before


def _call(client, row: Row, world: World, user, *, missing: bool = False):
    client.force_authenticate(user)
    send = getattr(client, row.method.lower())
    url = row.url(world, missing=missing)
    return send(url, row.payload(world), format="json") if row.payload else send(url)


@pytest.mark.parametrize(
    "row",
    [pytest.param(row, id=f"{row.method} {row.path}") for row in ROWS if "{" in row.path],
)
def test_an_id_that_does_not_exist_answers_like_one_that_is_not_yours(api_client, world, row):
    # Given the world, and an id no object has
    users = world.users()
    before = snapshot()

    # When every role calls the endpoint with it
    missing = {role: _call(api_client, row, world, users[role], missing=True) for role in ROLES}

    # Then each gets the sign-in or role refusal, else 404; where the real object is "not
    # yours" (404) the two answers are identical, so nobody learns that it exists
    assert {role: r.status_code for role, r in missing.items()} == {
        role: row.expected_for_missing(role) for role in ROLES
    }
    for role in ROLES:
        if row.expected[role] == 404:
            hidden = _call(api_client, row, world, users[role])
            assert hidden.json() == missing[role].json(), role
    assert snapshot() == before
