"""Journeys through the public pages in a real Chromium at 360x740, axe on every page."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from applications.models import Application
from seekers.models import SeekerProfile
from tests.factories.accounts import PASSWORD, SeekerUserFactory
from tests.factories.seekers import VALID_NIK, SeekerProfileFactory, SeekerSkillFactory
from tests.web.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser]


def test_search_filter_open_vacancy_sign_up_and_apply(new_page, web_world):  # noqa: PLR0915 (one journey)
    masks = web_world["masks"]
    page = new_page()

    # Home: the search box, the skill chips, the counts.
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Cari kerja yang sesuai keahlian Anda, dekat rumah")
    expect(page.get_by_role("link", name=re.compile(r"^Menjahit"))).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("3 lowongan dibuka")
    expect(page.locator(".stats")).to_contain_text("13 posisi dicari")
    assert_accessible(page)
    screenshot(page, "home")

    # Search "jahit": both sewing vacancies, pay with its unit in Indonesian.
    page.get_by_label("Cari lowongan").fill("jahit")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page).to_have_url(re.compile(r"/lowongan/\?q=jahit"))
    expect(page.locator(".results .card")).to_have_count(2)
    expect(page.locator(".card", has_text="Penjahit Masker Kain")).to_contain_text(
        "mulai Rp3.000 per potong"
    )
    assert_accessible(page)
    screenshot(page, "search")

    # Filter: piece-rate only; htmx swaps the results in and puts the filter in the URL.
    page.locator("details.filters summary").click()
    page.get_by_label("Borongan").check()
    expect(page.locator(".results .card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"work_type=piece_rate"))
    assert_accessible(page)

    # The vacancy page.
    page.get_by_role("link", name="Penjahit Masker Kain").click()
    expect(page).to_have_url(re.compile(rf"/lowongan/{masks.pk}/$"))
    expect(page.locator(".verified")).to_contain_text("Terverifikasi oleh Disnaker")
    share = page.get_by_role("link", name=re.compile("Bagikan ke WhatsApp"))
    assert share.get_attribute("href").startswith("https://wa.me/?text=")
    assert_accessible(page)
    screenshot(page, "vacancy")

    # Sign up: a wrong form first (summary at the top, her typing kept), then a good one.
    page.get_by_role("link", name="Buat akun").click()
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Email").fill("siti.baru@example.id")
    page.get_by_label("Buat kata sandi").fill("123")
    page.get_by_role("button", name="Buat akun").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#id_password")
    expect(page.get_by_label("Nama lengkap")).to_have_value("Siti Aminah")
    assert_accessible(page)
    assert not User.objects.filter(email="siti.baru@example.id").exists()

    page.get_by_label("Buat kata sandi").fill("Jahitan-Rapi-2026")
    # Her consent to job matching, asked apart from the others (UU PDP): required to register.
    page.get_by_label("Saya setuju Si-Caker mengolah profil saya").check()
    page.get_by_role("button", name="Buat akun").click()
    expect(page.locator(".notice-success")).to_contain_text("Pendaftaran Anda kami terima")
    expect(page.get_by_label("Email")).to_have_value("siti.baru@example.id")
    assert_accessible(page)

    # Sign in: back on the vacancy, which asks for her profile before the one-tap apply.
    page.get_by_label("Kata sandi").fill("Jahitan-Rapi-2026")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(rf"/lowongan/{masks.pk}/$"))
    expect(page.get_by_role("button", name="Lamar sekarang")).to_have_count(0)
    assert_accessible(page)
    to_profile = page.get_by_role("link", name="Isi profil untuk melamar")
    to_profile.scroll_into_view_if_needed()
    screenshot(page, "vacancy-profile-first")
    to_profile.click()

    fill_profile_step_by_step(page)

    # Back on the vacancy: one tap to apply.
    expect(page).to_have_url(re.compile(rf"/lowongan/{masks.pk}/$"))
    expect(page.locator(".notice-success")).to_contain_text("Profil Anda tersimpan.")
    page.get_by_role("button", name="Lamar sekarang").click()
    expect(page.locator("h1")).to_have_text("Lamaran Anda terkirim")
    assert_accessible(page)

    # "Lamaran saya" shows it.
    page.get_by_role("link", name="Lamaran saya").click()
    expect(page.locator(".card", has_text="Penjahit Masker Kain").locator(".status")).to_have_text(
        "Terkirim"
    )
    assert_accessible(page)

    # "Profil saya" from the header: every step's answers, the NIK masked.
    page.get_by_role("link", name="Profil saya").click()
    expect(page.locator(".nik-masked")).to_have_text("************0001")
    expect(page.locator("main")).not_to_contain_text(VALID_NIK)
    assert_accessible(page)
    screenshot(page, "profile-overview")

    application = Application.objects.get(seeker__user__email="siti.baru@example.id")
    assert (application.vacancy_id, application.status) == (masks.pk, "submitted")


def fill_profile_step_by_step(page) -> None:  # noqa: PLR0915 (one journey)
    """The five steps of her profile, one wrong NIK corrected on the way, axe on each step."""
    # 1. About her: her name from sign-up is there; a NIK one digit short is refused.
    expect(page.locator("h1")).to_have_text("Tentang Anda")
    expect(page.locator(".step-count")).to_have_text("Langkah 1 dari 5")
    expect(page.get_by_label("Nama lengkap (sesuai KTP)")).to_have_value("Siti Aminah")
    page.get_by_label("Nomor HP (boleh dikosongkan)").fill("0812 3456 7890")
    page.get_by_label("NIK (boleh dikosongkan)").fill("357301520590000")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.locator(".error-summary")).to_contain_text("NIK terdiri dari tepat 16 digit")
    expect(page.get_by_label("Nomor HP (boleh dikosongkan)")).to_have_value("0812 3456 7890")
    assert_accessible(page)
    screenshot(page, "profile-1-error")
    assert SeekerProfile.objects.get(user__email="siti.baru@example.id").nik_last4 == ""
    page.get_by_label("NIK (boleh dikosongkan)").fill(VALID_NIK)
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 2. Where she lives: the kelurahan list follows the kecamatan (htmx).
    expect(page.locator("h1")).to_have_text("Tempat tinggal")
    page.get_by_label("Kecamatan").select_option("Kota Malang|Kedungkandang")
    expect(page.locator("#id_subdistrict optgroup")).to_have_count(0)
    page.get_by_label("Kelurahan").select_option("Lesanpuro")
    # "Pakai lokasi saya": the phone's point, asked only on the tap.
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": -7.99512, "longitude": 112.66031})
    page.get_by_role("button", name="Pakai lokasi saya").click()
    expect(page.locator("#locate-status")).to_have_text(
        "Lokasi Anda siap; disimpan bersama langkah ini."
    )
    assert_accessible(page)
    screenshot(page, "profile-2-address")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 3. The work she wants and how far she goes.
    expect(page.locator("h1")).to_have_text("Pekerjaan yang dicari")
    page.get_by_label("Kerja dari rumah").check()
    page.get_by_label("Borongan").check()
    page.get_by_label("5 km").check()
    assert_accessible(page)
    screenshot(page, "profile-3-work")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 4. When she is free.
    expect(page.locator("h1")).to_have_text("Waktu luang")
    for day in ("Senin", "Selasa", "Rabu"):
        page.get_by_label(day).check()
    page.get_by_label("Bisa mulai jam").fill("08:00")
    page.get_by_label("Bisa sampai jam").fill("12:00")
    assert_accessible(page)
    screenshot(page, "profile-4-time")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 5. Her skills: "penjahit" finds "Menjahit" by its synonym; ticking it keeps it.
    expect(page.locator("h1")).to_have_text("Keahlian Anda")
    page.get_by_label("Cari keahlian").press_sequentially("penjahit", delay=20)
    suggestion = page.get_by_role("checkbox", name=re.compile(r"^Menjahit"))
    expect(suggestion).to_be_visible()
    assert_accessible(page)
    screenshot(page, "profile")
    suggestion.check()
    expect(page.locator("#chosen-skills").get_by_label("Menjahit")).to_be_checked()
    page.get_by_role("button", name="Simpan profil saya").click()

    profile = SeekerProfile.objects.get(user__email="siti.baru@example.id")
    assert (profile.phone, profile.nik_last4, profile.district, profile.subdistrict) == (
        "0812 3456 7890",
        "0001",
        "Kedungkandang",
        "Lesanpuro",
    )
    assert (profile.latitude, profile.longitude) == (-7.99512, 112.66031)
    assert (profile.wanted_work_types, profile.max_distance_km, profile.available_days) == (
        ["home_based", "piece_rate"],
        5,
        ["mon", "tue", "wed"],
    )
    assert list(profile.skill_links.values_list("skill__slug", "source")) == [("menjahit", "self")]


def test_search_vacancy_and_apply_without_javascript(new_page, web_world):
    uniforms = web_world["uniforms"]
    profile = SeekerProfileFactory(user=SeekerUserFactory(email="dewi@example.id"))
    SeekerSkillFactory(seeker=profile, skill=web_world["sewing"])  # a profile to apply with
    page = new_page(javascript=False)

    page.goto("/lowongan/?q=jahit")
    page.locator("details.filters summary").click()
    page.get_by_label("Paruh waktu").check()
    page.get_by_role("button", name="Tampilkan lowongan").click()
    expect(page).to_have_url(re.compile(r"q=jahit.*work_type=part_time"))
    expect(page.locator(".results .card")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name="Penjahit Seragam Paruh Waktu").click()
    page.get_by_role("link", name="Masuk untuk melamar").click()
    page.get_by_label("Email").fill("dewi@example.id")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(rf"/lowongan/{uniforms.pk}/$"))
    assert_accessible(page)
    page.get_by_role("button", name="Lamar sekarang").click()
    expect(page.locator("h1")).to_have_text("Lamaran Anda terkirim")

    assert list(
        Application.objects.filter(seeker__user__email="dewi@example.id").values_list(
            "vacancy_id", "status"
        )
    ) == [(uniforms.pk, "submitted")]


def test_language_switch(new_page, web_world):
    page = new_page(javascript=False)
    page.goto("/lowongan/?q=jahit")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/lowongan/\?q=jahit"))  # she stays where she was
    expect(page.locator("h1")).to_have_text("Search vacancies")
    expect(page.locator(".card", has_text="Penjahit Masker Kain")).to_contain_text(
        "from Rp3,000 per piece"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Indonesia", exact=True).click()
    expect(page.locator("h1")).to_have_text("Cari lowongan")


def test_vacancy_page_carries_job_posting_json_ld(new_page, web_world):
    masks = web_world["masks"]
    page = new_page()
    page.goto(f"/lowongan/{masks.pk}/")

    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())

    assert data["@type"] == "JobPosting"
    assert data["title"] == "Penjahit Masker Kain"
    assert data["description"] == "Menjahit masker kain di rumah; bahan disediakan."
    assert data["datePosted"] == timezone.localtime(masks.published_at).date().isoformat()
    assert data["validThrough"] == f"{masks.valid_through.isoformat()}T23:59:59+07:00"
    assert data["employmentType"] == "CONTRACTOR"
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Konveksi Bu Sri"}
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Jl. Kolonel Sugiono 12",
        "addressLocality": "Sukun",
        "addressRegion": "Kota Malang",
        "addressCountry": "ID",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "IDR",
        "value": {"@type": "QuantitativeValue", "unitText": "PIECE", "value": 3000},
    }
    og = {
        prop: page.locator(f'meta[property="og:{prop}"]').get_attribute("content")
        for prop in ("title", "url", "type")
    }
    assert og == {
        "title": "Penjahit Masker Kain — Konveksi Bu Sri",
        "url": f"{page.url}",
        "type": "website",
    }
