"""Her own pages in a real Chromium at 360x740, axe on every page: matches → apply → "Lamaran
saya" → withdraw."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from tests.factories.accounts import PASSWORD, SeekerUserFactory
from tests.factories.seekers import SeekerProfileFactory, SeekerSkillFactory
from tests.web.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser]


def test_matches_apply_see_it_in_my_applications_and_withdraw(new_page, web_world):
    masks = web_world["masks"]
    profile = SeekerProfileFactory(user=SeekerUserFactory(email="rina@example.id"))
    SeekerSkillFactory(seeker=profile, skill=web_world["sewing"])
    page = new_page()

    # Signed out, "cocok" sends her to sign in and back.
    page.goto("/saya/cocok/")
    page.get_by_label("Email").fill("rina@example.id")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/saya/cocok/$"))
    expect(page.locator("h1")).to_have_text("Lowongan cocok untuk saya")
    card = page.locator(".card", has_text="Penjahit Masker Kain")
    expect(card).to_contain_text("✓ Menjahit")
    expect(card).to_contain_text("km dari rumah Anda")
    assert_accessible(page)
    screenshot(page, "matches")

    # One tap to apply.
    card.get_by_role("button", name="Lamar: Penjahit Masker Kain").click()
    expect(page.locator("h1")).to_have_text("Lamaran Anda terkirim")

    # "Lamaran saya" from the header: the application, its status and timeline.
    page.get_by_role("link", name="Lamaran saya").click()
    expect(page).to_have_url(re.compile(r"/saya/lamaran/$"))
    mine = page.locator(".card", has_text="Penjahit Masker Kain")
    expect(mine.locator(".status")).to_have_text("Terkirim")
    expect(mine.locator(".timeline li")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "my-applications")

    # Withdraw.
    mine.get_by_role("button", name="Batalkan lamaran: Penjahit Masker Kain").click()
    expect(page.locator(".notice-success")).to_have_text("Lamaran Anda sudah dibatalkan.")
    expect(mine.locator(".status")).to_have_text("Dibatalkan")
    expect(mine.get_by_role("button")).to_have_count(0)
    assert_accessible(page)

    assert list(Application.objects.filter(seeker=profile).values_list("vacancy_id", "status")) == [
        (masks.pk, "withdrawn")
    ]
