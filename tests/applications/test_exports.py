"""GET applications/export/: the filtered applications list as a streamed CSV, staff only."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    OfficerFactory,
    SeekerProfileFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
    VacancyFactory,
)

S = ApplicationStatus
URL = "/api/v1/applications/export/"
HEADER = (
    "Application,Submitted,Status,Last status change,Vacancy number,Vacancy,Employer number,"
    "Employer,Applicant,District,City"
)
pytestmark = pytest.mark.django_db


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def world():
    """Four applications to two employers' vacancies, from three seekers."""
    ayu = EmployerFactory(name="Konveksi Ayu")
    toko = EmployerFactory(name="=Toko Oleh-oleh")  # would be a formula in a spreadsheet
    jahit = VacancyFactory(employer=ayu, title='Penjahit "borongan"')
    pramuniaga = VacancyFactory(employer=toko, title="Pramuniaga")
    sri = SeekerProfileFactory(full_name="Sri Rahayu", district="Sukun", city="Malang")
    wati = SeekerProfileFactory(full_name="Wati", district="Klojen", city="Malang")
    tini = SeekerProfileFactory(full_name="Tini", district="Taman", city="Madiun")
    menjahit = TrainingProgrammeFactory(title="Pelatihan Menjahit")
    TrainingCompletionFactory(programme=menjahit, seeker=sri)

    def apply(seeker, vacancy, status, submitted_at):
        application = ApplicationFactory(seeker=seeker, vacancy=vacancy, status=status)
        Application.objects.filter(pk=application.pk).update(
            submitted_at=submitted_at, status_changed_at=submitted_at
        )
        return application

    return {
        "ayu": ayu,
        "toko": toko,
        "jahit": jahit,
        "menjahit": menjahit,
        "a": apply(sri, jahit, S.ACCEPTED, local(2026, 3, 10, 9, 0)),
        "b": apply(wati, jahit, S.REJECTED, local(2026, 3, 11, 9, 5)),
        # 23:30 in Jakarta on 31 March (16:30 UTC).
        "c": apply(tini, pramuniaga, S.SUBMITTED, local(2026, 3, 31, 23, 30)),
        "d": apply(sri, pramuniaga, S.INTERVIEW, local(2026, 4, 1, 0, 10)),
    }


@pytest.fixture
def staff_client(api_client):
    api_client.force_authenticate(OfficerFactory())
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return api_client


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def ids(response) -> list[int]:
    return [int(row[0]) for row in list(csv.reader(io.StringIO(body(response))))[1:]]


def test_the_csv_has_one_row_per_application_newest_first(staff_client, world):
    response = staff_client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="applications-{today}.csv"'
    a, b, c, d = (world[key] for key in "abcd")
    jahit, ayu, toko = world["jahit"], world["ayu"], world["toko"]
    pramuniaga = c.vacancy
    assert body(response) == (
        f"\ufeff{HEADER}\r\n"
        f"{d.pk},2026-04-01 00:10,Interview,2026-04-01 00:10,{pramuniaga.pk},Pramuniaga,"
        f"{toko.pk},'=Toko Oleh-oleh,Sri Rahayu,Sukun,Malang\r\n"
        f"{c.pk},2026-03-31 23:30,Submitted,2026-03-31 23:30,{pramuniaga.pk},Pramuniaga,"
        f"{toko.pk},'=Toko Oleh-oleh,Tini,Taman,Madiun\r\n"
        f'{b.pk},2026-03-11 09:05,Rejected,2026-03-11 09:05,{jahit.pk},"Penjahit ""borongan""",'
        f"{ayu.pk},Konveksi Ayu,Wati,Klojen,Malang\r\n"
        f'{a.pk},2026-03-10 09:00,Accepted,2026-03-10 09:00,{jahit.pk},"Penjahit ""borongan""",'
        f"{ayu.pk},Konveksi Ayu,Sri Rahayu,Sukun,Malang\r\n"
    )


def test_the_rows_are_exactly_the_lists_for_each_filter(staff_client, world):
    a, b, c, d = (world[key].pk for key in "abcd")
    cases = [
        ({"status": "accepted"}, [a]),
        ({"vacancy": world["jahit"].pk}, [b, a]),
        ({"employer": world["toko"].pk}, [d, c]),
        ({"district": "sukun"}, [d, a]),
        ({"training": world["menjahit"].pk}, [d, a]),
        ({"date_from": "2026-03-11", "date_to": "2026-03-31"}, [c, b]),
        ({"employer": world["ayu"].pk, "status": "submitted"}, []),
    ]
    for params, expected in cases:
        listed = staff_client.get("/api/v1/applications/", params).json()["results"]
        assert [item["id"] for item in listed] == expected, params
        assert ids(staff_client.get(URL, params)) == expected, params


def test_the_accept_header_and_format_csv_both_work(staff_client, world):
    by_header = staff_client.get(URL, HTTP_ACCEPT="text/csv")
    by_format = staff_client.get(URL, {"format": "csv"})

    text = body(by_header)
    assert text == body(by_format)
    assert text.count("\r\n") == 5


def test_the_query_count_does_not_grow_with_rows(staff_client, world):
    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(URL)
            rows = ids(response)
        return len(captured), len(rows)

    few, few_rows = queries()
    for _ in range(26):
        ApplicationFactory()
    many, many_rows = queries()

    assert (few_rows, many_rows) == (4, 30)
    assert many == few


@pytest.mark.parametrize("role", ["seeker", "employer"])
def test_non_staff_are_forbidden(api_client, world, role):
    user = SeekerProfileFactory().user if role == "seeker" else world["ayu"].owner
    api_client.force_authenticate(user)

    response = api_client.get(URL)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "permission_denied"


def test_anonymous_must_sign_in(api_client, world):
    response = api_client.get(URL)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "hired"}, "status"),
        ({"vacancy": "abc"}, "vacancy"),
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_from": "2026-04-01", "date_to": "2026-03-01"}, "date_to"),
    ],
)
def test_bad_filters_are_400_with_field_messages_in_json(staff_client, world, params, field):
    response = staff_client.get(URL, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["fields"]) == [field]


def test_the_schema_documents_the_export(staff_client):
    schema = staff_client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/applications/export/"]["get"]
    assert "text/csv" in operation["responses"]["200"]["content"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"status", "vacancy", "employer", "district", "training", "date_from"} <= names
