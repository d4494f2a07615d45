"""Her data pages in a real Chromium at phone size, without JavaScript: what is held about her
and who looked, deleting her account with her password; the officer's logged look at a NIK.
axe on each; screenshots for the README."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from seekers.models import SeekerProfile
from tests.accounts.privacy_world import EMAIL, NIK, build_world
from tests.factories.accounts import PASSWORD
from tests.web.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser]


def _sign_in(page, email: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_she_reads_who_looked_gets_her_card_and_deletes_her_account(new_page, transactional_db):
    world = build_world()
    page = new_page(javascript=False)
    _sign_in(page, EMAIL)

    page.goto("/saya/data/")
    expect(page.locator("h1")).to_have_text("Data saya")
    expect(page.locator(".access-log li")).to_contain_text(
        "Disnaker Kota Madiun melihat NIK Anda pada"
    )
    assert_accessible(page)
    page.locator("#looked-title").scroll_into_view_if_needed()
    screenshot(page, "my-data")

    page.get_by_role("link", name="Unduh kartu AK/1 saya (PDF)").click()
    expect(page.locator("h1")).to_have_text("Kartu pencari kerja saya (AK/1)")
    assert_accessible(page)
    screenshot(page, "ak1-issue")

    page.goto("/saya/data/")
    page.get_by_role("link", name="Hapus akun saya…").click()
    page.get_by_label("Kata sandi Anda").fill("bukan-sandinya")
    page.get_by_role("button", name="Hapus akun saya untuk selamanya").click()
    expect(page.locator(".error-message")).to_contain_text("Ini bukan kata sandi Anda")
    assert_accessible(page)
    screenshot(page, "account-delete")
    assert not SeekerProfile.objects.get(pk=world.siti.pk).is_erased

    page.get_by_label("Kata sandi Anda").fill(PASSWORD)
    page.get_by_role("button", name="Hapus akun saya untuk selamanya").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Akun Anda sudah dihapus")).to_be_visible()
    assert SeekerProfile.objects.get(pk=world.siti.pk).is_erased


def test_an_officer_sees_a_nik_in_full_only_after_saying_why(new_page, transactional_db):
    world = build_world()
    page = new_page(javascript=False)
    assert world.officer.email is not None
    _sign_in(page, world.officer.email)

    page.goto(f"/kantor/pencaker/{world.siti.pk}/")
    expect(page.locator("dd.nowrap").first).to_contain_text("************0001")
    page.get_by_role("link", name="Tampilkan lengkap…").click()
    expect(page.locator("h1")).to_have_text("NIK lengkap")
    assert_accessible(page)
    page.get_by_role("button", name="Tampilkan NIK lengkap").click()
    expect(page.locator(".error-summary, .error-message").first).to_be_visible()
    page.get_by_label("Mengapa Anda memerlukannya?").fill("Pencocokan KTP di loket pendaftaran")
    page.get_by_role("button", name="Tampilkan NIK lengkap").click()

    expect(page.locator(".nik-full")).to_have_text(NIK)
    assert_accessible(page)
    screenshot(page, "office-nik")
