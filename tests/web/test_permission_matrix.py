"""Every web page as every role: the exact answer, and a refused POST changes nothing.

The web's rules mirror the API's matrix (tests/test_permission_matrix.py): signed out, a page
that needs an account sends her to ``/masuk/?next=<the page>``; signed in with the wrong role,
the 403 page; another owner's object (or one that does not exist), the 404 page. One row per
(URL name, method); one test per row and role. The rows are checked against the URL resolver, so
a new page without a row (or a ``PUBLIC`` entry) fails ``test_every_web_page_has_a_row``.
Objects come from ``tests.api_fixtures.World``: employer A owns a draft and a published vacancy
that seeker X applied to; employer B is another employer; X has a job alert and A a notification.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api_fixtures import World, build_world, snapshot

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "seeker_x", "seeker_y", "employer_a", "employer_b", "officer")
SIGN_IN = "sign-in"  # anonymous on a page that needs an account: 302 to /masuk/?next=...
MISSING_PK = 987_654_321

# Pages anyone may open, signed in or not (a GET answers 200 for every role); kwargs name a
# World attribute for an object's pk, else a literal value.
PUBLIC = {
    "home": {},
    "vacancy-search": {},
    "vacancy-detail": {"pk": "a_published"},
    # The open data's pages (jobs/web/sitemaps.py, search/web/feeds.py).
    "vacancy-search-feed": {},
    "sitemap": {},
    "sitemap-section": {"section": "vacancies"},
    "sign-in": {},
    "sign-up": {},
    "password-reset": {},
    "password-reset-done": {},
    "password-reset-complete": {},
    "privacy-notice-page": {},
    # The import template holds no data.
    "employer-vacancy-import-template": {"kind": "xlsx"},
}
# Reached from an e-mailed link and checked by its token, not by a role (a wrong token shows
# "this link is no longer valid" to anyone); sign-out only logs out whoever asks.
# The reset code's page needs the number typed on /lupa-sandi/ in the session (else back there).
NOT_ROLE_PAGES = {"password-reset-confirm", "sign-out", "password-reset-code", "account-claim"}
# Everything outside the web pages.
NOT_WEB = ("api/", "admin", "i18n/", "healthz", "metrics")


def codes(default: int | str, **by_role: int | str) -> dict[str, int | str]:
    """Expected answer per role: ``default`` for every signed-in role not named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": SIGN_IN, **{role: by_role.get(role, default) for role in ROLES[1:]}}


SEEKERS = ("seeker_x", "seeker_y")
EMPLOYERS = ("employer_a", "employer_b")


def only(roles: tuple[str, ...], status: int, *, others: int = 403, **by_role: int | str):
    """``roles`` get ``status``, other signed-in roles ``others``; ``by_role`` overrides both."""
    return codes(others, **{**{role: status for role in roles}, **by_role})


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    expected: dict[str, int | str]
    # URL kwargs: a World attribute name for an object's pk, else the literal value.
    kwargs: dict[str, str] | None = None
    payload: Callable[[World], dict] | None = None
    query: str = ""
    # The page refuses roles before it looks the object up (403 whether or not it exists);
    # ``gated=False``: a 403 comes only after the object was found visible, as in the API.
    gated: bool = True

    def url(self, world: World, *, missing: bool = False) -> str:
        kwargs = {
            key: (MISSING_PK if missing else getattr(world, value).pk)
            if hasattr(world, value)
            else value
            for key, value in (self.kwargs or {}).items()
        }
        url = reverse(self.name, kwargs=kwargs)
        return f"{url}?{self.query}" if self.query else url


A = {"pk": "a_published"}
A_DRAFT = {"pk": "a_draft"}
OFFICE = only(("officer",), 200)

ROWS = [
    # -- the seeker's pages -------------------------------------------------------------------
    Row("seeker-profile", "GET", only(SEEKERS, 200)),
    Row("seeker-profile-step", "GET", only(SEEKERS, 200), {"slug": "tentang"}),
    Row("seeker-profile-subdistricts", "GET", only(SEEKERS, 200)),
    Row("seeker-skill-suggestions", "GET", only(SEEKERS, 200)),
    Row("seeker-matches-page", "GET", only(SEEKERS, 200)),
    Row("my-applications", "GET", only(SEEKERS, 200)),
    # -- her data (every account), her AK/1 card and deleting her account (seekers) -----------
    Row("my-data", "GET", codes(200)),
    Row("my-data-download", "GET", codes(200)),
    Row("account-delete", "GET", only(SEEKERS, 200)),
    Row("account-delete", "POST", only(SEEKERS, 400)),  # no password: refused, nothing erased
    Row("my-ak1-card", "GET", only(SEEKERS, 200)),
    Row("my-ak1-card", "POST", only(SEEKERS, 302)),
    # Y applies (a 302 to "sent"); X applied already, a conflict, as in the API.
    Row("vacancy-apply", "POST", only(SEEKERS, 302, seeker_x=409), A),
    Row("vacancy-applied", "GET", only(("seeker_x",), 200, seeker_y=404), A),
    Row(
        "application-withdraw",
        "POST",
        # As in the API: seeker Y and employer B do not see the application at all.
        only(("seeker_x",), 302, seeker_y=404, employer_b=404),
        {"pk": "application_x"},
        lambda w: {"note": "Sudah kerja."},
        gated=False,
    ),
    Row("job-alerts", "GET", only(SEEKERS, 200)),
    Row("job-alert-new", "GET", only(SEEKERS, 200)),
    Row("job-alert-pause", "POST", only(("seeker_x",), 302, seeker_y=404), {"pk": "alert_x"}),
    Row("job-alert-resume", "POST", only(("seeker_x",), 302, seeker_y=404), {"pk": "alert_x"}),
    Row("job-alert-delete", "POST", only(("seeker_x",), 302, seeker_y=404), {"pk": "alert_x"}),
    # -- every account: proving a mobile number ----------------------------------------------
    Row("phone-verify", "GET", codes(200)),
    # Nobody in the world has a sign-in number: the send form comes back with its error (400);
    # a wrong code is a 400 too.
    Row("phone-code-send", "POST", codes(400)),
    Row("phone-verify", "POST", codes(400), payload=lambda w: {"code": "000000"}),
    # -- every account's inbox --------------------------------------------------------------
    Row("inbox", "GET", codes(200)),
    Row("notification-settings", "GET", codes(200)),
    Row("inbox-read-all", "POST", codes(302)),
    # -- every account's consents (UU PDP) ------------------------------------------------------
    Row("my-privacy", "GET", codes(200)),
    Row("my-privacy", "POST", codes(302), None, lambda w: {"matching": "on"}),
    Row("inbox-read", "POST", codes(404, employer_a=302), {"pk": "notification_a"}),
    # -- the employer's pages ----------------------------------------------------------------
    Row("employer-home", "GET", only(EMPLOYERS, 200)),
    Row("employer-profile", "GET", only(EMPLOYERS, 200)),
    Row("employer-skill-finder", "GET", only(EMPLOYERS, 200)),
    Row("employer-vacancies", "GET", only(EMPLOYERS, 200)),
    Row("employer-vacancy-new", "GET", only(EMPLOYERS, 200)),
    Row("employer-vacancy", "GET", only(("employer_a",), 200, employer_b=404), A),
    Row("employer-vacancy-edit", "GET", only(("employer_a",), 200, employer_b=404), A_DRAFT),
    Row("employer-vacancy-publish", "POST", only(("employer_a",), 302, employer_b=404), A_DRAFT),
    Row("employer-vacancy-close", "POST", only(("employer_a",), 302, employer_b=404), A),
    Row("employer-vacancy-import", "GET", only(EMPLOYERS, 200)),
    Row(
        "employer-vacancy-merge",
        "POST",
        only(("employer_a",), 302, employer_b=404),
        A_DRAFT,
        lambda w: {"into": w.a_published.pk},
    ),
    Row("employer-pipeline", "GET", only(("employer_a",), 200, employer_b=404), A),
    Row(
        "employer-application-move",
        "POST",
        only(("employer_a",), 302, employer_b=404),
        {"pk": "application_x"},
        lambda w: {
            f"a{w.application_x.pk}-status": "reviewed",
            f"a{w.application_x.pk}-note": "Dipanggil.",
        },
    ),
    Row("employer-candidates", "GET", only(("employer_a",), 200, employer_b=404), A),
    Row(
        "employer-invite",
        "POST",
        only(("employer_a",), 302, employer_b=404),
        {"pk": "a_published", "seeker_pk": "seeker_y"},
    ),
    # -- the labor office's pages ------------------------------------------------------------
    Row("office-dashboard", "GET", OFFICE),
    Row("office-applications", "GET", OFFICE),
    Row("office-applications-csv", "GET", OFFICE, query="group_by=status"),
    Row("office-applications-export", "GET", OFFICE, query="status=submitted"),
    Row("office-employers", "GET", OFFICE),
    Row("office-employer", "GET", OFFICE, {"pk": "employer_b"}),
    Row("office-employer-verify", "POST", only(("officer",), 302), {"pk": "employer_b"}),
    Row(
        "office-employer-refuse",
        "POST",
        only(("officer",), 302),
        {"pk": "employer_b"},
        lambda w: {"reason": "NIB tidak cocok dengan nama usaha."},
    ),
    Row("office-seekers", "GET", OFFICE),
    Row("office-participant-new", "GET", OFFICE),
    # seeker_x registered herself: no link to send (a message says so), the page comes back
    Row("office-seeker-claim-resend", "POST", only(("officer",), 302), {"pk": "seeker_x"}),
    Row(
        "office-participant-new",
        "POST",
        only(("officer",), 302),
        None,
        lambda w: {
            "full_name": "Ani Rahayu",
            "nik": "3573015205900301",
            "phone": "081234500301",
            "district": "Sukun",
            "city": "Kota Malang",
            "paper_form_number": "F-301",
        },
    ),
    Row("office-seeker", "GET", OFFICE, {"pk": "seeker_x"}),
    Row("office-seeker-nik", "GET", OFFICE, {"pk": "seeker_x"}),
    Row(
        "office-seeker-nik",
        "POST",
        only(("officer",), 400),  # seeker X gave no NIK: nothing to show, nothing logged
        {"pk": "seeker_x"},
        lambda w: {"reason": "Verifikasi identitas di loket"},
    ),
    Row("office-seeker-ak1", "GET", OFFICE, {"pk": "seeker_x"}),
    Row("office-seeker-ak1", "POST", only(("officer",), 200), {"pk": "seeker_x"}, lambda w: {}),
    Row("office-vacancies", "GET", OFFICE),
    Row("office-vacancy", "GET", OFFICE, A),
    Row(
        "office-vacancy-close",
        "POST",
        only(("officer",), 302),
        A,
        lambda w: {"note": "Upah di bawah UMK."},
    ),
    Row("office-employer-import", "GET", OFFICE, {"pk": "employer_b"}),
    Row("office-duplicates", "GET", OFFICE),
    # No pair is flagged in the world: the officer gets the not-found of an unknown pair.
    Row("office-duplicate-dismiss", "POST", only(("officer",), 404), {"pk": "12345"}),
    Row("office-skills", "GET", OFFICE),
    Row("office-skill-new", "GET", OFFICE),
    Row("office-skill", "GET", OFFICE, {"pk": "skill"}),
    Row("office-trainings", "GET", OFFICE),
    Row("office-training-new", "GET", OFFICE),
    Row("office-training", "GET", OFFICE, {"pk": "training"}),
    Row(
        "office-training-pick",
        "POST",
        only(("officer",), 200),
        {"pk": "training"},
        lambda w: {
            "seeker": w.seeker_y.pk,
            "certificate_number": "CERT-Y-001",
            "completed_on": "2025-03-05",
            "level": "basic",
        },
    ),
]


def _web_route_names() -> set[str]:
    """The name of every URL pattern outside the API, the admin and the machinery."""
    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(NOT_WEB):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_web_page_has_a_row():
    # Given every named web URL pattern
    routes = _web_route_names()

    # Then each is public, checked by its own token, or has a row in the matrix (and no row
    # names a page that no longer exists)
    covered = set(PUBLIC) | NOT_ROLE_PAGES | {row.name for row in ROWS}
    assert routes - covered == set(), "pages without a row in the permission matrix"
    assert covered - routes == set(), "rows for pages that do not exist"


@pytest.fixture
def world(search_backend) -> World:
    return build_world()


def _client(world: World, role: str) -> Client:
    client = Client()  # CSRF checks off, as in every test client
    user = world.users()[role]
    if user is not None:
        client.force_login(user)
    return client


def _send(client: Client, row: Row, world: World, *, missing: bool = False):
    url = row.url(world, missing=missing)
    if row.method == "GET":
        return client.get(url)
    return client.post(url, row.payload(world) if row.payload else {})


def _assert_answer(response, expected: int | str, url: str) -> None:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")[:300]
    if expected == SIGN_IN:
        assert response.status_code == 302, body
        assert response["Location"] == f"{reverse('sign-in')}?next={quote(url)}"
    else:
        assert response.status_code == expected, body


@pytest.mark.parametrize(
    ("name", "role"),
    [pytest.param(name, role, id=f"{name} as {role}") for name in PUBLIC for role in ROLES],
)
def test_public_pages_answer_everyone(world, name: str, role: str):
    # When anyone, signed in or not, opens a public page
    kwargs = {
        key: getattr(world, value).pk if hasattr(world, value) else value
        for key, value in PUBLIC[name].items()
    }
    response = _client(world, role).get(reverse(name, kwargs=kwargs))

    # Then she sees it
    assert response.status_code == 200


def _cases():
    for row in ROWS:
        for role in ROLES:
            yield pytest.param(row, role, id=f"{row.method} {row.name} as {role}")


@pytest.mark.parametrize(("row", "role"), list(_cases()))
def test_permission_matrix(world, row: Row, role: str):
    # Given the role, signed in (or not at all), and the world as it is before the request
    client = _client(world, role)
    before = snapshot()

    # When she opens the page or sends the action
    response = _send(client, row, world)

    # Then the answer is the one the rules give, and a refusal changed nothing in any table
    _assert_answer(response, row.expected[role], row.url(world))
    if response.status_code >= 400 or row.expected[role] == SIGN_IN or row.method == "GET":
        assert snapshot() == before


def _names_an_object(row: Row) -> bool:
    return any(value in World.__dataclass_fields__ for value in (row.kwargs or {}).values())


@pytest.mark.parametrize(
    "row",
    [pytest.param(row, id=f"{row.method} {row.name}") for row in ROWS if _names_an_object(row)],
)
def test_an_id_that_does_not_exist_answers_like_one_that_is_not_yours(world, row: Row):
    # Given every role, signed in (or not), and an id no object has
    clients = {role: _client(world, role) for role in ROLES}
    before = snapshot()

    # When every role asks for it
    answers = {role: _send(client, row, world, missing=True) for role, client in clients.items()}

    # Then a role the page refuses gets the sign-in or 403 as for a real id, every other 404
    for role, response in answers.items():
        expected = row.expected[role]
        wanted = expected if expected == SIGN_IN or (expected == 403 and row.gated) else 404
        _assert_answer(response, wanted, row.url(world, missing=True))
    assert snapshot() == before
