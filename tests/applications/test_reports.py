"""GET reports/applications/: applications received per group, JSON and CSV, staff only."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.reports import applications_report
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
URL = "/api/v1/reports/applications/"
pytestmark = pytest.mark.django_db
ZERO = dict.fromkeys(S.values, 0)


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def world():
    """Five applications to three vacancies of two employers, from four seekers."""
    ayu = EmployerFactory(name="Konveksi Ayu")
    toko = EmployerFactory(name="Toko Oleh-oleh Madiun")
    jahit = VacancyFactory(employer=ayu, title="Penjahit borongan")
    batik = VacancyFactory(employer=ayu, title="Pembatik")
    pramuniaga = VacancyFactory(employer=toko, title="Pramuniaga")
    sri = SeekerProfileFactory(district="Sukun")
    wati = SeekerProfileFactory(district="Klojen")
    ani = SeekerProfileFactory(district="Sukun")
    tini = SeekerProfileFactory(district="Blimbing")
    menjahit = TrainingProgrammeFactory(title="Pelatihan Menjahit")
    membatik = TrainingProgrammeFactory(title="Pelatihan Membatik")
    TrainingCompletionFactory(programme=menjahit, seeker=sri)
    TrainingCompletionFactory(programme=menjahit, seeker=wati)
    TrainingCompletionFactory(programme=membatik, seeker=sri)

    def apply(seeker, vacancy, status, submitted_at):
        application = ApplicationFactory(seeker=seeker, vacancy=vacancy, status=status)
        Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
        return application

    apply(sri, jahit, S.ACCEPTED, local(2026, 3, 10, 9, 0))
    apply(wati, jahit, S.REJECTED, local(2026, 3, 11, 9, 0))
    # 23:30 in Jakarta on 31 March, 16:30 UTC: inside a March range.
    apply(ani, batik, S.SUBMITTED, local(2026, 3, 31, 23, 30))
    # 00:10 in Jakarta on 1 April, still 31 March in UTC: outside a March range.
    apply(sri, pramuniaga, S.INTERVIEW, local(2026, 4, 1, 0, 10))
    apply(tini, pramuniaga, S.WITHDRAWN, local(2026, 2, 1, 9, 0))
    return {
        "ayu": ayu,
        "toko": toko,
        "jahit": jahit,
        "batik": batik,
        "pramuniaga": pramuniaga,
        "menjahit": menjahit,
        "membatik": membatik,
    }


@pytest.fixture
def staff_client(api_client):
    api_client.force_authenticate(OfficerFactory())
    # Labels are checked in the English source text, whatever translations exist.
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return api_client


def row(key, label, **statuses) -> dict:
    return {"key": key, "label": label, "count": sum(statuses.values()), **ZERO, **statuses}


def test_group_by_status_lists_every_status_in_workflow_order(staff_client, world):
    response = staff_client.get(URL, {"group_by": "status"})

    assert response.status_code == 200
    assert response.json() == {
        "group_by": "status",
        "date_from": None,
        "date_to": None,
        "total": 5,
        "rows": [
            row("submitted", "Submitted", submitted=1),
            row("reviewed", "Reviewed"),
            row("shortlisted", "Shortlisted"),
            row("interview", "Interview", interview=1),
            row("accepted", "Accepted", accepted=1),
            row("rejected", "Rejected", rejected=1),
            row("withdrawn", "Withdrawn", withdrawn=1),
        ],
    }


def test_group_by_defaults_to_status(staff_client, world):
    response = staff_client.get(URL)

    assert response.status_code == 200
    assert response.json()["group_by"] == "status"


def test_group_by_district_of_the_seeker(staff_client, world):
    response = staff_client.get(URL, {"group_by": "district"})

    assert response.status_code == 200
    assert response.json()["total"] == 5
    assert response.json()["rows"] == [
        row("Kota Malang/Sukun", "Sukun, Kota Malang", accepted=1, submitted=1, interview=1),
        row("Kota Malang/Blimbing", "Blimbing, Kota Malang", withdrawn=1),
        row("Kota Malang/Klojen", "Klojen, Kota Malang", rejected=1),
    ]


def test_group_by_vacancy(staff_client, world):
    response = staff_client.get(URL, {"group_by": "vacancy"})

    assert response.status_code == 200
    assert response.json()["rows"] == [
        row(world["jahit"].pk, "Penjahit borongan (Konveksi Ayu)", accepted=1, rejected=1),
        row(world["pramuniaga"].pk, "Pramuniaga (Toko Oleh-oleh Madiun)", interview=1, withdrawn=1),
        row(world["batik"].pk, "Pembatik (Konveksi Ayu)", submitted=1),
    ]


def test_group_by_employer(staff_client, world):
    response = staff_client.get(URL, {"group_by": "employer"})

    assert response.status_code == 200
    assert response.json()["rows"] == [
        row(world["ayu"].pk, "Konveksi Ayu", accepted=1, rejected=1, submitted=1),
        row(world["toko"].pk, "Toko Oleh-oleh Madiun", interview=1, withdrawn=1),
    ]


def test_group_by_training_counts_an_application_under_each_completed_programme(
    staff_client, world
):
    response = staff_client.get(URL, {"group_by": "training"})

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 5  # distinct applications, although the rows add up to 7
    assert body["rows"] == [
        row(world["menjahit"].pk, "Pelatihan Menjahit", accepted=1, rejected=1, interview=1),
        row(None, "No completed training", submitted=1, withdrawn=1),
        row(world["membatik"].pk, "Pelatihan Membatik", accepted=1, interview=1),
    ]


def test_a_date_range_counts_local_days_both_inclusive(staff_client, world):
    response = staff_client.get(
        URL, {"group_by": "employer", "date_from": "2026-03-01", "date_to": "2026-03-31"}
    )

    assert response.status_code == 200
    assert response.json() == {
        "group_by": "employer",
        "date_from": "2026-03-01",
        "date_to": "2026-03-31",
        "total": 3,
        "rows": [row(world["ayu"].pk, "Konveksi Ayu", accepted=1, rejected=1, submitted=1)],
    }


def test_an_open_ended_range(staff_client, world):
    response = staff_client.get(URL, {"group_by": "status", "date_from": "2026-03-31"})

    assert response.status_code == 200
    assert response.json()["total"] == 2
    assert response.json()["date_to"] is None


def test_csv_is_an_excel_friendly_spreadsheet(staff_client, world):
    response = staff_client.get(
        URL,
        {
            "group_by": "employer",
            "date_from": "2026-03-01",
            "date_to": "2026-04-30",
            "format": "csv",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="applications-by-employer-2026-03-01-2026-04-30.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8") == (
        "\ufeff"
        "Key,Group,Applications,Submitted,Reviewed,Shortlisted,Interview,Accepted,Rejected,"
        "Withdrawn\r\n"
        f"{world['ayu'].pk},Konveksi Ayu,3,1,0,0,0,1,1,0\r\n"
        f"{world['toko'].pk},Toko Oleh-oleh Madiun,1,0,0,0,1,0,0,0\r\n"
    )


def test_csv_quotes_labels_and_leaves_the_no_training_key_empty(staff_client, world):
    world["batik"].title = 'Pembatik "tulis", Madiun'
    world["batik"].save()

    response = staff_client.get(
        URL,
        {
            "group_by": "vacancy",
            "date_from": "2026-03-31",
            "date_to": "2026-03-31",
            "format": "csv",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    training = staff_client.get(
        URL,
        {
            "group_by": "training",
            "date_from": "2026-03-31",
            "date_to": "2026-03-31",
            "format": "csv",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.content.decode("utf-8").splitlines()[1] == (
        f'{world["batik"].pk},"Pembatik ""tulis"", Madiun (Konveksi Ayu)",1,1,0,0,0,0,0,0'
    )
    assert training.content.decode("utf-8").splitlines()[1] == (
        ",No completed training,1,1,0,0,0,0,0,0"
    )


def test_csv_by_accept_header(staff_client, world):
    response = staff_client.get(URL, HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("role", ["seeker", "employer"])
def test_non_staff_are_forbidden_in_json_and_csv(api_client, world, role):
    user = SeekerProfileFactory().user if role == "seeker" else world["ayu"].owner
    api_client.force_authenticate(user)

    json_response = api_client.get(URL, {"group_by": "status"})
    csv_response = api_client.get(URL, {"group_by": "status", "format": "csv"})

    for response in (json_response, csv_response):
        assert response.status_code == 403
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "permission_denied"


def test_anonymous_must_sign_in(api_client, world):
    response = api_client.get(URL)

    assert response.status_code == 401


def test_an_unknown_group_by_lists_the_allowed_values(staff_client, world):
    response = staff_client.get(URL, {"group_by": "kota", "format": "csv"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"]["group_by"] == [
        '"kota" is not a grouping; use one of: status, district, vacancy, employer, training.'
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_to": "31-03-2026"}, "date_to"),
        ({"date_from": "2026-04-01", "date_to": "2026-03-01"}, "date_to"),
    ],
)
def test_bad_dates_are_refused(staff_client, world, params, field):
    response = staff_client.get(URL, params)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_a_report_costs_two_queries_whatever_the_data(world, django_assert_num_queries):
    for group_by in ("status", "district", "vacancy", "employer", "training"):
        with django_assert_num_queries(2):
            applications_report(group_by=group_by)


@pytest.mark.parametrize(
    ("group_by", "expected_cells"),
    [
        ("district", ["'=Kota Malang/+Sukun", "'+Sukun, =Kota Malang"]),
        ("employer", ["'@Konveksi", "'@Konveksi"]),
        ("vacancy", ["'-Penjahit", "'-Penjahit (@Konveksi)"]),
    ],
)
def test_csv_cells_that_would_be_formulas_are_prefixed_with_a_quote(
    staff_client, group_by, expected_cells
):
    # Given a seeker whose city and district, an employer whose name and a vacancy whose title
    # begin with characters a spreadsheet reads as a formula
    employer = EmployerFactory(name="@Konveksi")
    vacancy = VacancyFactory(employer=employer, title="-Penjahit")
    seeker = SeekerProfileFactory(city="=Kota Malang", district="+Sukun")
    ApplicationFactory(seeker=seeker, vacancy=vacancy, status=S.SUBMITTED)

    # When an officer downloads the report as a spreadsheet
    response = staff_client.get(URL, {"group_by": group_by, "format": "csv"})

    # Then each such cell starts with a single quote, so it stays text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response.status_code == 200
    key, label = rows[1][:2]
    if group_by != "district":
        assert key == str(employer.pk if group_by == "employer" else vacancy.pk)
        key = expected_cells[0]
    assert [key, label] == expected_cells
    assert rows[1][2:] == ["1", "1", "0", "0", "0", "0", "0", "0"]


def test_csv_cells_starting_with_tab_or_carriage_return_are_prefixed_too(staff_client):
    employer = EmployerFactory(name="\tKonveksi")
    ApplicationFactory(vacancy=VacancyFactory(employer=employer, title="\rPenjahit"))

    by_employer = staff_client.get(URL, {"group_by": "employer", "format": "csv"})
    by_vacancy = staff_client.get(URL, {"group_by": "vacancy", "format": "csv"})

    assert f"{employer.pk},'\tKonveksi," in by_employer.content.decode("utf-8")
    assert "'\rPenjahit (\tKonveksi)" in by_vacancy.content.decode("utf-8")
