"""Importing vacancies from CSV or XLSX: row by row, nothing half-written, no duplicates on a
second upload, bounded files."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jobs.models import Vacancy, VacancySkill
from jobs.services.imports import COLUMNS, MAX_IMPORT_ROWS
from tests.factories import EmployerFactory, OfficerFactory
from tests.factories.accounts import EmployerUserFactory, SeekerUserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/vacancies/import/"
HEADER = "referensi,judul,deskripsi,jenis_kerja,jumlah_posisi,gaji_min,gaji_maks,satuan_gaji,hari_kerja,jam_mulai,jam_selesai,berlaku_sampai,keahlian_wajib"  # noqa: E501


def _future(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode()


def _upload(api_client, user, content: bytes, name: str = "lowongan.csv", **fields):
    api_client.force_authenticate(user)
    return api_client.post(
        URL,
        {"file": SimpleUploadedFile(name, content), **fields},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.fixture
def employer(skills):
    return EmployerFactory(name="Konveksi Bu Sri")


def _three_rows() -> bytes:
    until = _future().strftime("%d/%m/%Y")
    return _csv(
        f'SRG-1,Penjahit Seragam,Menjahit seragam di rumah.,borongan,6,"Rp 5.000",8000,potong,"Senin, Selasa",08.00,12:00,{until},menjahit',  # noqa: E501
        "SRG-2,Operator Obras,Obras baju anak.,sambilan,2,,,,,,,31/02/2026,",
        f"SRG-3,Pembatik Tulis,,part_time,,,,,,,,{_future().isoformat()},membatik",
    )


def test_each_row_is_created_as_a_draft_or_refused_with_its_columns(api_client, employer):
    # Given a file of three rows, the second with an unknown work type and an impossible date
    response = _upload(api_client, employer.owner, _three_rows())

    # Then the answer goes row by row
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["existing"], response.data["refused"]) == (
        2,
        0,
        1,
    )
    first, second, third = response.data["rows"]
    assert (first["row"], first["status"], first["reference"]) == (2, "created", "SRG-1")
    assert (second["row"], second["status"], second["vacancy_id"]) == (3, "refused", None)
    assert sorted(second["errors"]) == ["berlaku_sampai", "jenis_kerja"]
    assert (
        "Full-time, Part-time, Home-based, Piece-rate (borongan), Freelance"
        in (second["errors"]["jenis_kerja"][0])
    )
    assert (third["row"], third["status"]) == (4, "created")
    # and the drafts hold what the cells said, read as the single create reads it
    sewing = Vacancy.objects.get(pk=first["vacancy_id"])
    assert (sewing.status, sewing.employer_id, sewing.external_reference) == (
        "draft",
        employer.pk,
        "SRG-1",
    )
    assert (sewing.work_type, sewing.positions, sewing.pay_min, sewing.pay_max) == (
        "piece_rate",
        6,
        5000,
        8000,
    )
    assert (sewing.pay_unit, sewing.work_days) == ("piece", ["mon", "tue"])
    assert (sewing.hours_start, sewing.hours_end) == (datetime.time(8), datetime.time(12))
    assert sewing.valid_through == _future()
    assert list(VacancySkill.objects.filter(vacancy=sewing).values_list("skill__slug")) == [
        ("menjahit",)
    ]
    # and the refused row wrote nothing
    assert not Vacancy.objects.filter(title="Operator Obras").exists()


def test_uploading_the_same_file_again_creates_nothing(api_client, employer):
    _upload(api_client, employer.owner, _three_rows())
    before = list(Vacancy.objects.order_by("pk").values_list("pk", "title"))

    again = _upload(api_client, employer.owner, _three_rows())

    assert (again.data["created"], again.data["existing"], again.data["refused"]) == (0, 2, 1)
    assert [row["status"] for row in again.data["rows"]] == ["existing", "refused", "existing"]
    assert list(Vacancy.objects.order_by("pk").values_list("pk", "title")) == before


def test_rows_without_a_reference_are_recognised_by_their_content(api_client, employer):
    until = _future().isoformat()
    content = _csv(
        f"Penjahit Masker,Masker kain,home_based,{until}",
        header="judul,deskripsi,jenis_kerja,berlaku_sampai",
    )
    first = _upload(api_client, employer.owner, content)
    second = _upload(api_client, employer.owner, content)

    assert first.data["rows"][0]["status"] == "created"
    assert first.data["rows"][0]["reference"].startswith("auto-")
    assert second.data["rows"][0]["status"] == "existing"
    assert Vacancy.objects.filter(title="Penjahit Masker").count() == 1


def test_a_rule_of_the_create_service_names_its_column(api_client, employer):
    # pay_min above pay_max and an unknown skill: the service's own checks
    content = _csv(
        f"X-1,Penjahit,,piece_rate,1,9000,5000,piece,,,,{_future().isoformat()},",
        f"X-2,Penjahit,,piece_rate,1,,,,,,,{_future().isoformat()},sulam-pita",
    )

    response = _upload(api_client, employer.owner, content)

    first, second = response.data["rows"]
    assert list(first["errors"]) == ["gaji_min"]
    assert list(second["errors"]) == ["keahlian_wajib"]
    assert "'sulam-pita'" in second["errors"]["keahlian_wajib"][0]
    assert not Vacancy.objects.exists()


def test_an_xlsx_file_with_date_cells_and_semicolon_csv_are_read(api_client, employer):
    workbook = Workbook()
    sheet = workbook.create_sheet("Lowongan", 0)
    sheet.append(["judul", "jenis_kerja", "berlaku_sampai", "jumlah_posisi"])
    sheet.append(
        ["Pembatik Cap", "Borongan", datetime.datetime.combine(_future(), datetime.time()), 4]
    )
    stream = io.BytesIO()
    workbook.save(stream)
    semicolons = _csv(
        f"Kasir;part_time;{_future().isoformat()}", header="judul;jenis_kerja;berlaku_sampai"
    )

    xlsx = _upload(api_client, employer.owner, stream.getvalue(), "lowongan.xlsx")
    csv = _upload(api_client, employer.owner, semicolons)

    assert [row["status"] for row in xlsx.data["rows"]] == ["created"]
    assert [row["status"] for row in csv.data["rows"]] == ["created"]
    batik = Vacancy.objects.get(title="Pembatik Cap")
    assert (batik.work_type, batik.positions, batik.valid_through) == ("piece_rate", 4, _future())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lowongan.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file"),
        ("lowongan.xlsx", b"not a zip", "cannot be read as an Excel workbook"),
        ("lowongan.csv", b"", "The submitted file is empty"),
        ("lowongan.csv", b"\r\n,,\r\n", "The file is empty"),
        ("lowongan.csv", b"judul,gajih\r\nA,1\r\n", "Unknown column(s): 'gajih'"),
        ("lowongan.csv", b"judul,deskripsi\r\nA,B\r\n", "jenis_kerja, berlaku_sampai are missing"),
        ("lowongan.csv", b"judul,jenis_kerja,berlaku_sampai\r\n", "no vacancies below it"),
        ("lowongan.csv", b"x" * 1_000_001, "larger than 1000 KB"),
    ],
)
def test_a_file_that_cannot_be_imported_is_a_400_that_says_why(
    api_client, employer, name, content, message
):
    response = _upload(api_client, employer.owner, content, name)

    assert response.status_code == 400
    assert message in response.data["fields"]["file"][0]
    assert not Vacancy.objects.exists()


def test_more_rows_than_the_bound_is_a_400(api_client, employer):
    rows = [f"Penjahit {number},piece_rate,{_future().isoformat()}" for number in range(501)]
    content = _csv(*rows, header="judul,jenis_kerja,berlaku_sampai")

    response = _upload(api_client, employer.owner, content)

    assert response.status_code == 400
    assert f"more than {MAX_IMPORT_ROWS} vacancies" in response.data["fields"]["file"][0]
    assert not Vacancy.objects.exists()


def test_an_officer_imports_for_an_employer_she_names(api_client, employer):
    officer = OfficerFactory()
    content = _csv(
        f"Penjahit,piece_rate,{_future().isoformat()}", header="judul,jenis_kerja,berlaku_sampai"
    )

    unnamed = _upload(api_client, officer, content)
    named = _upload(api_client, officer, content, employer=employer.pk)

    assert unnamed.status_code == 400
    assert list(unnamed.data["fields"]) == ["employer"]
    assert named.status_code == 200
    assert Vacancy.objects.get().employer_id == employer.pk


def test_seekers_and_employers_without_an_organisation_cannot_import(api_client):
    content = _csv(f"Penjahit,piece_rate,{_future()}", header="judul,jenis_kerja,berlaku_sampai")

    assert _upload(api_client, SeekerUserFactory(), content).status_code == 403
    assert _upload(api_client, EmployerUserFactory(), content).status_code == 409
    api_client.force_authenticate(None)
    assert api_client.post(URL, {}, format="multipart").status_code == 401
    assert not Vacancy.objects.exists()


def test_the_template_comes_as_csv_and_xlsx(api_client):
    csv = api_client.get("/api/v1/vacancies/import/template.csv")
    xlsx = api_client.get("/api/v1/vacancies/import/template.xlsx")

    headers = [column.header for column in COLUMNS]
    assert csv.status_code == 200
    assert csv.content.decode("utf-8-sig").strip() == ",".join(headers)
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == headers
    assert workbook.worksheets[1]["A2"].value == "referensi"
    assert 'filename="lowongan-impor.xlsx"' in xlsx["Content-Disposition"]
