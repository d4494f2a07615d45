"""The employer's journey in a real Chromium at 360x740, axe on every page: she signs up and
registers her business → an officer verifies it → she writes a vacancy (skills from the
synonym-aware finder), previews and publishes it → a seeker applies → she moves the application
to accepted and the vacancy's filled count goes up."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from applications.services import application_submit
from jobs.models import Employer, Vacancy
from jobs.services import employer_set_verified
from tests.factories.accounts import OfficerFactory, SeekerUserFactory
from tests.factories.jobs import SkillFactory
from tests.factories.seekers import SeekerProfileFactory, SeekerSkillFactory
from tests.web.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser]

PASSWORD = "Konveksi-Rapi-2026"


def test_employer_registers_publishes_and_accepts_an_applicant(  # noqa: PLR0915 (one journey)
    new_page, transactional_db, search_backend
):
    sewing = SkillFactory(
        slug="menjahit", name_id="Menjahit", name_en="Sewing", synonyms=["jahit", "penjahit"]
    )
    SkillFactory(slug="membuat-kue", name_id="Membuat Kue", name_en="Baking", category="culinary")
    page = new_page()

    # Her business pages send her to sign in; she creates an employer account from there.
    page.goto("/usaha/")
    page.locator("main").get_by_role("link", name="Daftar").click()
    page.get_by_label("Mencari pekerja (pemberi kerja)").check()
    page.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    page.get_by_label("Email").fill("sri@konveksi.id")
    page.get_by_label("Buat kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Buat akun").click()
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    # No business yet: the registration form, with a field message for a bad NIB.
    expect(page.locator("h1")).to_have_text("Daftarkan usaha Anda")
    assert_accessible(page)
    page.get_by_label("Nama usaha").fill("Konveksi Bu Sri")
    page.get_by_label("Jenis usaha").select_option("home_industry")
    page.get_by_label("Nomor Induk Berusaha (NIB, boleh kosong)").fill("123")
    page.get_by_label("Kecamatan", exact=True).select_option("Kota Malang|Sukun")
    page.get_by_role("button", name="Daftarkan usaha").click()
    expect(page.locator(".error-summary")).to_contain_text("NIB")
    expect(page.get_by_label("Nama usaha")).to_have_value("Konveksi Bu Sri")
    assert_accessible(page)
    screenshot(page, "employer-register-error")
    page.get_by_label("Nomor Induk Berusaha (NIB, boleh kosong)").fill("")
    page.get_by_role("button", name="Daftarkan usaha").click()

    # Registered: waiting for the labor office.
    expect(page.locator("h1")).to_have_text("Konveksi Bu Sri")
    expect(page.locator(".verification")).to_contain_text("Menunggu verifikasi Disnaker")
    assert_accessible(page)
    screenshot(page, "employer-business")

    # An officer verifies her (the office's pages are another part; its service here).
    employer = Employer.objects.get(owner__email="sri@konveksi.id")
    employer_set_verified(employer=employer, is_verified=True, actor=OfficerFactory())
    page.reload()
    expect(page.locator(".verification")).to_contain_text("Terverifikasi oleh Disnaker")

    # She writes a vacancy; "penjahit" finds Menjahit through its synonyms.
    page.get_by_role("link", name="Tulis lowongan").first.click()
    page.get_by_label("Nama pekerjaan").fill("Penjahit Masker Borongan")
    page.get_by_label("Borongan").check()
    page.get_by_label("Cari keahlian").fill("penjahit")
    page.get_by_label("Cari keahlian").press("Enter")  # searches; saves nothing
    page.get_by_role("button", name="Tambahkan Menjahit sebagai keahlian wajib").click()
    expect(page.get_by_label("Menjahit")).to_be_checked()
    assert not Vacancy.objects.exists()
    expect(page.get_by_label("Nama pekerjaan")).to_have_value("Penjahit Masker Borongan")
    page.get_by_label("Senin").check()
    page.get_by_label("Selasa").check()
    page.get_by_label("Mulai jam (boleh kosong)").fill("08:00")
    page.get_by_label("Sampai jam (boleh kosong)").fill("15:00")
    page.get_by_label("Upah dari (Rp, boleh kosong)").fill("3000")
    page.get_by_label("Upah sampai (Rp, boleh kosong)").fill("3000")
    page.get_by_label("Dibayar").select_option("piece")
    page.get_by_label("Jumlah orang yang dibutuhkan").fill("3")
    closes = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Tanggal tutup").fill(closes.isoformat())
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, document.getElementById('skills').offsetTop - 8)")
    screenshot(page, "employer-vacancy-form")
    page.get_by_role("button", name="Simpan draf").click()

    # Saved as a draft; the preview is the public page as seekers will see it.
    expect(page.locator("h1")).to_have_text("Penjahit Masker Borongan")
    vacancy = Vacancy.objects.get(title="Penjahit Masker Borongan")
    assert (vacancy.status, vacancy.pay_min, vacancy.pay_unit, vacancy.positions) == (
        "draft",
        3000,
        "piece",
        3,
    )
    assert [link.skill.slug for link in vacancy.skill_links.all()] == ["menjahit"]
    assert_accessible(page)
    page.get_by_role("link", name="Pratinjau seperti dilihat pencari kerja").click()
    expect(page.locator(".notice")).to_contain_text("Ini masih draf")
    expect(page.locator(".pay")).to_have_text("Rp3.000 per potong")
    page.go_back()
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator(".notice-success")).to_contain_text("Diterbitkan")
    vacancy.refresh_from_db()
    assert vacancy.status == "published"

    # A seeker with the skill applies.
    seeker = SeekerProfileFactory(
        user=SeekerUserFactory(email="rina@example.id"), full_name="Rina Marlina", district="Sukun"
    )
    SeekerSkillFactory(seeker=seeker, skill=sewing)
    application = application_submit(
        vacancy=vacancy, seeker=seeker, cover_note="Saya bisa mulai besok."
    )
    other = SeekerProfileFactory(full_name="Dewi Lestari", district="Klojen")
    SeekerSkillFactory(seeker=other, skill=sewing)
    search_backend.rebuild()
    if search_backend.name == "elasticsearch":
        search_backend.refresh()

    # Matching candidates: the applicant by name, the other anonymous, invited with one tap.
    page.get_by_role("link", name="Kandidat yang cocok").click()
    expect(page.locator(f"#candidate-{seeker.pk}")).to_contain_text("Rina Marlina")
    anonymous = page.locator(f"#candidate-{other.pk}")
    expect(anonymous).not_to_contain_text("Dewi")
    anonymous.get_by_role("button", name=re.compile("^Undang kandidat")).click()
    expect(page.locator(".notice-success")).to_contain_text("Undangan terkirim")
    expect(page.locator(f"#candidate-{other.pk}")).to_contain_text("Sudah diundang melamar")
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "employer-candidates")

    # Her list: counts per status and positions filled.
    page.get_by_role("link", name="Lowongan saya").first.click()
    card = page.locator(".employer-vacancy", has_text="Penjahit Masker Borongan")
    expect(card).to_contain_text("0 dari 3 terisi")
    expect(card).to_contain_text("Terkirim 1")
    assert_accessible(page)
    screenshot(page, "employer-vacancies")

    # The pipeline: her card, then two moves allowed by the table.
    card.get_by_role("link", name="1 lamaran").click()
    applicant = page.locator(f"#application-{application.pk}")
    expect(applicant).to_contain_text("Rina Marlina")
    expect(applicant).to_contain_text("Sukun")
    expect(applicant.get_by_label("Pindahkan ke").locator("option")).to_have_text(
        ["Ditinjau", "Masuk daftar pendek", "Ditolak"]
    )
    assert_accessible(page)
    screenshot(page, "employer-pipeline")
    # The same pipeline at a desk (1280 x 800), then back to her phone.
    page.set_viewport_size(DESKTOP)
    page.evaluate("window.scrollTo(0, 0)")
    assert_accessible(page)
    screenshot(page, "employer-pipeline-desktop")
    page.set_viewport_size(PHONE)
    applicant.get_by_label("Pindahkan ke").select_option("shortlisted")
    applicant.get_by_label("Catatan untuk pelamar (boleh kosong)").fill("Datang hari Senin.")
    applicant.get_by_role("button", name="Pindahkan Rina Marlina").click()
    applicant = page.locator(f"#application-{application.pk}")
    expect(page.locator("#status-shortlisted")).to_contain_text("Rina Marlina")
    applicant.get_by_label("Pindahkan ke").select_option("accepted")
    applicant.get_by_role("button", name="Pindahkan Rina Marlina").click()
    expect(page.locator("#status-accepted")).to_contain_text("Rina Marlina")
    expect(page.locator(".filled").first).to_have_text("1 dari 3 terisi")
    assert_accessible(page)

    application.refresh_from_db()
    vacancy.refresh_from_db()
    assert (application.status, vacancy.positions_filled, vacancy.status) == (
        "accepted",
        1,
        "published",
    )
    assert list(application.events.values_list("to_status", "note")) == [
        ("submitted", ""),
        ("shortlisted", "Datang hari Senin."),
        ("accepted", ""),
    ]
    assert User.objects.get(email="sri@konveksi.id").role == "employer"
