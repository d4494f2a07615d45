"""The import page, the duplicate question at publishing, and the office's review of possible
duplicates, in a real Chromium at phone size (JavaScript off where it matters), axe on each."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobs.models import Vacancy, VacancyDuplicateFlag
from tests.factories import EmployerFactory, OfficerFactory, VacancyFactory
from tests.factories.jobs import DraftVacancyFactory
from tests.web.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser]

PASSWORD = "Konveksi-Rapi-2026"
DESCRIPTION = (
    "Kami UMKM konveksi di Kecamatan Sukun membuka lowongan untuk ibu rumah tangga. "
    "Menjahit seragam sekolah di rumah; bahan dan pola disediakan, diambil tiap Senin. "
    "Syarat: perempuan usia 20 sampai 45 tahun, jujur dan teliti."
)


def _sign_in(page, user) -> None:
    user.set_password(PASSWORD)
    user.save()
    page.goto("/masuk/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _csv(tmp_path) -> str:
    until = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    path = tmp_path / "lowongan.csv"
    path.write_text(
        "referensi,judul,jenis_kerja,jumlah_posisi,berlaku_sampai\n"
        f"A-1,Penjahit Masker,borongan,5,{until}\n"
        f"A-2,Operator Obras,sambilan,2,{until}\n",
        encoding="utf-8",
    )
    return str(path)


def test_she_imports_a_file_and_sees_each_row(new_page, transactional_db, tmp_path):
    employer = EmployerFactory(name="Konveksi Bu Sri")
    page = new_page()
    _sign_in(page, employer.owner)

    # From her list of vacancies to the import page
    page.goto("/usaha/lowongan/")
    page.get_by_role("link", name="Impor banyak lowongan sekaligus").click()
    expect(page.locator("h1")).to_have_text("Impor lowongan dari lembar kerja")
    assert_accessible(page)

    # Without a file: the error summary names the field
    page.get_by_role("button", name="Impor lowongannya").click()
    expect(page.locator(".error-summary")).to_contain_text("Pilih berkas yang akan diimpor.")

    # With a file: one row created, one refused with its column named
    page.get_by_label("Berkas lembar kerja (.csv atau .xlsx)").set_input_files(_csv(tmp_path))
    page.get_by_role("button", name="Impor lowongannya").click()
    results = page.locator("#import-results")
    expect(results.locator("li.outcome-created")).to_contain_text("Penjahit Masker")
    expect(results.locator("li.outcome-refused")).to_contain_text("Kolom jenis_kerja")
    assert_accessible(page)
    screenshot(page, "employer-import-results")
    assert list(Vacancy.objects.values_list("title", "status")) == [("Penjahit Masker", "draft")]


def test_the_import_works_without_javascript(new_page, transactional_db, tmp_path):
    employer = EmployerFactory(name="Konveksi Bu Sri")
    page = new_page(javascript=False)
    _sign_in(page, employer.owner)

    page.goto("/usaha/lowongan/impor/")
    page.get_by_label("Berkas lembar kerja (.csv atau .xlsx)").set_input_files(_csv(tmp_path))
    page.get_by_role("button", name="Impor lowongannya").click()

    expect(page.locator("#import-results li.outcome-created")).to_have_count(1)
    expect(page.locator("[role=status]")).to_contain_text("1 lowongan dibuat sebagai draf.")


def test_a_draft_that_copies_her_open_vacancy_asks_her_what_to_do(
    new_page, transactional_db, search_backend
):
    employer = EmployerFactory(name="Konveksi Bu Sri")
    open_vacancy = VacancyFactory(
        employer=employer, title="Penjahit Seragam Sekolah", description=DESCRIPTION, positions=3
    )
    search_backend.index(model_label="jobs.vacancy", pks=[open_vacancy.pk])
    if search_backend.name == "elasticsearch":
        search_backend.refresh()
    draft = DraftVacancyFactory(
        employer=employer,
        title="Penjahit Seragam Sekolah",
        description=DESCRIPTION + " Segera!",
        positions=2,
    )
    page = new_page()
    _sign_in(page, employer.owner)

    page.goto(f"/usaha/lowongan/{draft.pk}/")
    page.get_by_role("button", name="Terbitkan").click()

    expect(page.locator("h1")).to_have_text("Lowongan ini sudah dibuka")
    expect(page.locator("#duplicate-notice")).to_contain_text("Penjahit Seragam Sekolah")
    assert_accessible(page)
    screenshot(page, "employer-duplicate-question")

    page.get_by_role("button", name="Tambahkan 2 posisi").click()
    expect(page.locator("h1")).to_have_text("Penjahit Seragam Sekolah")
    open_vacancy.refresh_from_db()
    assert open_vacancy.positions == 5
    assert not Vacancy.objects.filter(pk=draft.pk).exists()


def test_the_office_reviews_a_copied_vacancy_and_dismisses_it(new_page, transactional_db):
    original = VacancyFactory(
        employer=EmployerFactory(name="Konveksi Bu Sri"),
        title="Penjahit Seragam Sekolah",
        description=DESCRIPTION,
    )
    copy = VacancyFactory(
        employer=EmployerFactory(name="Kerja Mudah Online", is_verified=False),
        title="Penjahit Seragam Sekolah",
        description=DESCRIPTION,
    )
    flag = VacancyDuplicateFlag.objects.create(vacancy=copy, duplicate_of=original, similarity=0.97)
    page = new_page(javascript=False)
    _sign_in(page, OfficerFactory())

    page.goto("/kantor/duplikat/")
    pair = page.locator(".duplicate-pair")
    expect(pair).to_contain_text("97% mirip")
    expect(pair).to_contain_text("Kerja Mudah Online")
    expect(pair).to_contain_text("Konveksi Bu Sri")
    assert_accessible(page)
    screenshot(page, "office-duplicates")

    pair.get_by_role("button", name="Bukan duplikat").click()
    expect(page.locator("main")).to_contain_text("Tidak ada yang perlu diperiksa.")
    flag.refresh_from_db()
    assert flag.status == "dismissed"
