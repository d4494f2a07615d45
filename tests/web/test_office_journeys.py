"""The labor office's pages in a real Chromium at 1280x800 (and the dashboard at phone size),
axe on every page: a training and its graduates from a spreadsheet with one bad row, the
dashboard's charts over the demo data with the API's numbers in their tables, the applications
list and its CSV equal to the API's, an employer refused with a reason, and a vacancy that breaks
the rules closed with a reason."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from rest_framework.test import APIClient

from applications.models import Application
from jobs.models import Employer, Vacancy
from seekers.models import TrainingCompletion, TrainingProgramme
from tests.factories.accounts import PASSWORD, OfficerFactory
from tests.factories.jobs import (
    EmployerFactory,
    SkillFactory,
    UnverifiedEmployerFactory,
    VacancyFactory,
)
from tests.factories.seekers import SeekerProfileFactory
from tests.office.test_pages import with_nik
from tests.web.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser]

NIKS = ["3573015205900001", "3573015206900002", "3573015207900003"]


def sign_in(page, path: str, email: str) -> None:
    page.goto(path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def see_a_graduate_and_the_taxonomy(page) -> None:
    # A graduate's page: her skill now verified by this training, her NIK masked.
    page.locator("#graduates").get_by_role("link", name="Siti Aminah").click()
    expect(page.locator("h1")).to_have_text("Siti Aminah")
    expect(page.locator(".verified")).to_have_text("✓ Menjahit")
    expect(page.locator(".facts")).to_contain_text("************0001")
    assert_accessible(page)
    page.get_by_role("link", name="Pencari kerja").first.click()
    page.get_by_label("Nama atau telepon").fill("Dewi")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#seekers-table tbody tr")).to_have_count(1)
    assert_accessible(page)

    # The skills taxonomy: the training's skill, a synonym added.
    page.get_by_role("link", name="Keahlian", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Menjahit").click()
    page.get_by_label("Sinonim").fill("jahit\npenjahit")
    page.get_by_role("button", name="Simpan keahlian").click()
    expect(page.locator("#skills-list")).to_contain_text("jahit, penjahit")


def test_an_officer_creates_a_training_and_records_its_graduates_from_a_csv(
    new_page, transactional_db, search_backend
):
    OfficerFactory(email="petugas@example.id")
    SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing")
    seekers = [
        with_nik(SeekerProfileFactory(full_name=name), nik)
        for name, nik in zip(["Siti Aminah", "Ani Lestari", "Dewi Sartika"], NIKS, strict=True)
    ]
    rina = SeekerProfileFactory(full_name="Rina Wati")
    page = new_page(viewport=DESKTOP)
    sign_in(page, "/kantor/pelatihan/", "petugas@example.id")
    assert_accessible(page)

    # The programme, first with a mistake: the end before the start.
    page.get_by_role("link", name="Pelatihan baru").click()
    page.get_by_label("Judul").fill("Menjahit Masker Angkatan 3")
    page.get_by_label("Penyelenggara").fill("Dinsos P3AP2KB Kota Madiun")
    page.get_by_label("Kota").fill("Kota Madiun")
    page.get_by_label("Mulai").fill("2026-03-05")
    page.get_by_label("Selesai").fill("2026-03-01")
    page.get_by_label("Menjahit").check()
    page.get_by_role("button", name="Simpan pelatihan").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Pelatihan tidak dapat berakhir sebelum dimulai"
    )
    assert_accessible(page)
    page.get_by_label("Selesai").fill("2026-03-09")
    page.get_by_role("button", name="Simpan pelatihan").click()
    expect(page.locator("h1")).to_have_text("Menjahit Masker Angkatan 3")
    programme = TrainingProgramme.objects.get()

    # The organiser's spreadsheet: four graduates, the third row's NIK is a digit short.
    csv_text = (
        "Nomor Sertifikat;NIK\n"
        f"MDN-001;{NIKS[0]}\n"
        f"MDN-002;{NIKS[1]}\n"
        "MDN-003;357301520790000\n"
        f"MDN-004;{NIKS[2]}\n"
    )
    page.get_by_label("Berkas lulusan atau peserta (CSV)").set_input_files(
        files=[{"name": "lulusan.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}]
    )
    page.get_by_label("Tanggal selesai").fill("2026-03-09")
    page.get_by_role("button", name="Catat para lulusan").click()

    results = page.locator("#upload-results tbody tr")
    expect(results).to_have_count(4)
    expect(page.locator(".upload-results .notice")).to_contain_text("3 lulusan tercatat.")
    expect(page.locator(".upload-results .notice")).to_contain_text("1 baris tidak tercatat")
    bad = page.locator('#upload-results tr[data-line="4"]')
    expect(bad).to_contain_text("MDN-003")
    expect(bad).to_contain_text("NIK tidak valid")
    expect(bad).to_contain_text("16 digit")
    for line in (2, 3, 5):
        expect(page.locator(f'#upload-results tr[data-line="{line}"]')).to_contain_text("Tercatat")
    expect(page.locator("#graduates tbody tr")).to_have_count(3)
    assert_accessible(page)
    screenshot(page, "office-training-upload")

    # One more participant, without her NIK on file: found by name and picked.
    page.get_by_role("searchbox", name="Nama atau telepon").fill("Rina")
    page.get_by_role("button", name="Cari").click()
    page.get_by_label("Rina Wati").check()
    page.locator("#pick-certificate_number").fill("MDN-005")
    page.get_by_role("button", name="Catat peserta ini").click()
    expect(page.locator('#upload-results tr[data-line="1"]')).to_contain_text("Tercatat")
    expect(page.locator("#graduates tbody tr")).to_have_count(4)
    assert_accessible(page)

    see_a_graduate_and_the_taxonomy(page)

    recorded = TrainingCompletion.objects.filter(programme=programme)
    assert sorted(recorded.values_list("seeker_id", "certificate_number")) == sorted(
        [
            (seekers[0].pk, "MDN-001"),
            (seekers[1].pk, "MDN-002"),
            (seekers[2].pk, "MDN-004"),
            (rina.pk, "MDN-005"),
        ]
    )
    for seeker in seekers:
        assert seeker.skill_links.get().source == "training"


@pytest.fixture
def demo_world(transactional_db, search_backend):
    """The demo data of `make run`, its applications spread over the last weeks."""
    call_command("load_skills", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    now = timezone.now()
    for index, pk in enumerate(Application.objects.order_by("pk").values_list("pk", flat=True)):
        Application.objects.filter(pk=pk).update(
            submitted_at=now - datetime.timedelta(days=(index % 5) * 7)
        )
    return OfficerFactory(email="petugas@example.id")


def _cells(row) -> list[int]:
    return [int(text) for text in row.locator("td").all_inner_texts()]


def test_the_dashboards_charts_and_tables_carry_the_apis_numbers(new_page, demo_world):
    officer = demo_world
    today = timezone.localdate()
    dates = {
        "date_from": (today - datetime.timedelta(weeks=6)).isoformat(),
        "date_to": today.isoformat(),
    }
    page = new_page(viewport=DESKTOP)
    sign_in(page, "/kantor/", "petugas@example.id")
    page.get_by_label("Dari").fill(dates["date_from"])
    page.get_by_label("Sampai").fill(dates["date_to"])
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("html.charts-drawn")).to_have_count(1)
    assert page.evaluate("Object.keys(Chart.instances).length") == 3

    api = api_as(officer)
    market = api.get("/api/v1/reports/market/", dates).json()
    by_status = api.get("/api/v1/reports/applications/", {**dates, "group_by": "status"}).json()

    # Applications per week: the totals row is the API's count per status.
    for row in by_status["rows"]:
        cell = page.locator(f'#table-weekly tfoot td[data-status="{row["key"]}"]')
        expect(cell).to_have_text(str(row["count"]))
    expect(page.locator('#table-weekly tfoot td[data-status="total"]')).to_have_text(
        str(by_status["total"])
    )
    assert by_status["total"] == Application.objects.count() > 0
    weekly = page.evaluate(
        "Chart.getChart('chart-weekly').data.datasets.map(d => d.data.reduce((a, b) => a + b, 0))"
    )
    assert weekly == [row["count"] for row in by_status["rows"]]

    # Per skill and per training: every row of the API's market report, the same numbers.
    assert market["skills"] and market["trainings"]
    expect(page.locator("#table-skills tbody tr")).to_have_count(len(market["skills"]))
    for skill in market["skills"]:
        assert _cells(page.locator(f'#table-skills tr[data-slug="{skill["slug"]}"]')) == [
            skill["open_positions"],
            skill["seekers_verified"],
            skill["seekers_self_declared"],
            skill["applications"],
            skill["acceptances"],
        ]
    assert page.evaluate("Chart.getChart('chart-skills').data.datasets[0].data") == [
        skill["open_positions"] for skill in market["skills"]
    ]
    expect(page.locator("#table-trainings tbody tr")).to_have_count(len(market["trainings"]))
    for training in market["trainings"]:
        row = page.locator(f'#table-trainings tr[data-training="{training["id"]}"]')
        texts = row.locator("td").all_inner_texts()
        assert [int(text) for text in texts[:3]] == [
            training["graduates"],
            training["graduates_applied"],
            training["graduates_accepted"],
        ]

    # Today's numbers.
    expect(page.locator('[data-figure="employers_waiting"]')).to_have_text(
        str(Employer.objects.filter(is_verified=False).count())
    )
    assert_accessible(page)
    screenshot(page, "office-dashboard")

    # It does not break on a phone.
    phone = new_page(viewport=PHONE)
    sign_in(phone, "/kantor/", "petugas@example.id")
    expect(phone.locator("html.charts-drawn")).to_have_count(1)
    assert_accessible(phone)
    screenshot(phone, "office-dashboard-phone")

    # Without JavaScript the tables carry the same numbers; the empty chart boxes are hidden.
    plain = new_page(viewport=DESKTOP, javascript=False)
    sign_in(plain, "/kantor/", "petugas@example.id")
    expect(plain.locator("#table-skills tbody tr")).to_have_count(len(market["skills"]))
    expect(plain.locator("#chart-skills")).to_be_hidden()


def test_the_applications_list_filters_and_its_csv_equals_the_apis(new_page, demo_world):
    officer = demo_world
    page = new_page(viewport=DESKTOP)
    sign_in(page, "/kantor/lamaran/", "petugas@example.id")
    total = Application.objects.count()
    expect(page.locator("#applications-table tbody tr")).to_have_count(total)

    page.get_by_label("Status").select_option("accepted")
    page.get_by_role("button", name="Saring").click()
    accepted = Application.objects.filter(status="accepted").count()
    expect(page.locator("#applications-table tbody tr")).to_have_count(accepted)
    expect(page.locator("#result-count")).to_contain_text(f"{accepted} lamaran")
    assert_accessible(page)
    screenshot(page, "office-applications")

    # "Unduh CSV" of the filter form: the list as filtered, the API's export for that filter.
    today = timezone.localdate()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Unduh CSV").click()
    download = download_info.value
    expected = api_as(officer).get("/api/v1/applications/export/", {"status": "accepted"})
    with open(download.path(), "rb") as downloaded:
        listed = downloaded.read()
    assert listed == expected.getvalue()
    assert len(listed.decode("utf-8").splitlines()) == accepted + 1
    assert download.suggested_filename == f"applications-{today.isoformat()}.csv"

    # The grouped report is still offered below the list.
    date_from = (today - datetime.timedelta(weeks=3)).isoformat()
    page.locator("#csv-group_by").select_option("district")
    page.locator("#csv-date_from").fill(date_from)
    page.locator("#csv-date_to").fill(today.isoformat())
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Unduh laporan").click()
    download = download_info.value
    expected = api_as(officer).get(
        "/api/v1/reports/applications/",
        {
            "group_by": "district",
            "date_from": date_from,
            "date_to": today.isoformat(),
            "format": "csv",
        },
    )
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == expected.content
    assert download.suggested_filename == (
        f"applications-by-district-{date_from}-{today.isoformat()}.csv"
    )


def test_an_officer_refuses_an_employer_with_a_reason(new_page, transactional_db, search_backend):
    OfficerFactory(email="petugas@example.id")
    employer = UnverifiedEmployerFactory(name="Warung Bu Ani")
    page = new_page(viewport=DESKTOP)
    sign_in(page, "/kantor/verifikasi/", "petugas@example.id")
    assert_accessible(page)
    page.get_by_role("link", name="Periksa Warung Bu Ani").click()
    expect(page.locator("h1")).to_have_text("Warung Bu Ani")
    assert_accessible(page)

    page.get_by_role("button", name="Tolak dengan alasan ini").click()
    expect(page.locator(".error-summary")).to_contain_text("Tuliskan alasannya")
    assert_accessible(page)
    page.get_by_label("Alasan penolakan").fill("Alamat usaha tidak ditemukan.")
    page.get_by_role("button", name="Tolak dengan alasan ini").click()
    expect(page.locator(".notice-success")).to_contain_text("Warung Bu Ani ditolak")
    expect(page.locator(".card")).to_have_count(0)

    employer.refresh_from_db()
    assert (employer.is_verified, employer.refusal_reason) == (
        False,
        "Alamat usaha tidak ditemukan.",
    )


def test_an_officer_closes_a_vacancy_that_breaks_the_rules_with_a_reason(
    new_page, transactional_db, search_backend
):
    OfficerFactory(email="petugas@example.id")
    shop = EmployerFactory(name="Toko Sinar Jaya")
    VacancyFactory(employer=shop, title="Kasir", status="draft", published_at=None)
    bad = VacancyFactory(employer=shop, title="Kerja online modal kecil")
    VacancyFactory(title="Penjahit borongan")
    page = new_page(viewport=DESKTOP)
    sign_in(page, "/kantor/", "petugas@example.id")

    page.get_by_role("link", name="Lowongan", exact=True).click()
    expect(page.locator("#vacancies-table tbody tr")).to_have_count(3)
    page.get_by_label("Status").select_option("published")
    page.get_by_label("Nama pemberi kerja").fill("sinar")
    page.get_by_role("button", name="Saring").click()
    expect(page.locator("#vacancies-table tbody tr")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "office-vacancies")

    page.get_by_role("link", name="Kerja online modal kecil", exact=True).click()
    expect(page.locator("h1")).to_have_text("Kerja online modal kecil")
    assert_accessible(page)
    page.get_by_role("button", name="Tutup dengan alasan ini").click()
    expect(page.locator(".error-summary")).to_contain_text("Tulis alasannya")
    assert_accessible(page)
    page.get_by_label("Alasan penutupan").fill("Meminta biaya pendaftaran dari pelamar.")
    page.get_by_role("button", name="Tutup dengan alasan ini").click()
    expect(page.locator(".notice-success")).to_contain_text("Kerja online modal kecil ditutup")
    expect(page.locator(".notice-error")).to_have_text(
        "Ditutup oleh Disnaker: Meminta biaya pendaftaran dari pelamar."
    )
    expect(page.get_by_role("button", name="Tutup dengan alasan ini")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "office-vacancy-closed")

    bad.refresh_from_db()
    assert (bad.status, bad.closed_reason, bad.closed_note) == (
        "closed",
        "office",
        "Meminta biaya pendaftaran dari pelamar.",
    )
    assert Vacancy.objects.filter(status="published").count() == 1
