"""Signing up with a mobile number, proving it and resetting a forgotten password by code, in a
real Chromium at 360x740 with JavaScript off, axe on every page, the provider a real HTTP
server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.conftest import code_in
from tests.notifications.conftest import GatewayServer
from tests.web.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser]


@pytest.fixture
def gateway(settings):
    with GatewayServer() as server:
        settings.SMS_GATEWAY_URL = server.url
        settings.WHATSAPP_GATEWAY_URL = server.url
        yield server


def test_she_signs_up_with_her_number_proves_it_and_resets_her_password(
    new_page, web_world, gateway, settings
):
    settings.PHONE_CODE_RESEND_SECONDS = 0  # the reset code follows the proving one at once
    page = new_page(javascript=False)

    # Sign up with "Nomor HP atau email".
    page.goto("/daftar/")
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Nomor HP atau email").fill("0812 3456 7890")
    page.get_by_label("Buat kata sandi").fill("Jahitan-Rapi-2026")
    page.get_by_label("Saya setuju Si-Caker mengolah profil saya").check()
    assert_accessible(page)
    screenshot(page, "phone-sign-up")
    page.get_by_role("button", name="Buat akun").click()

    # Sign in with it: the number is prefilled; then she is asked to prove it.
    expect(page.get_by_label("Nomor HP atau email")).to_have_value("0812-3456-7890")
    page.get_by_label("Kata sandi").fill("Jahitan-Rapi-2026")
    assert_accessible(page)
    screenshot(page, "phone-sign-in")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/nomor-hp/"))
    expect(page.locator("h1")).to_have_text("Buktikan nomor HP Anda")
    page.get_by_label("WhatsApp").check()
    page.get_by_role("button", name="Kirim kode").click()
    expect(page.locator(".notice-success")).to_contain_text("Kami mengirim kode ke 0812****890")
    assert_accessible(page)
    screenshot(page, "phone-code")
    page.get_by_label("Kode").fill(code_in(gateway.requests[0]))
    page.get_by_role("button", name="Buktikan nomor").click()
    expect(page.locator(".notice-success")).to_contain_text("Nomor HP Anda sudah terbukti")
    assert User.objects.get(phone="+6281234567890").is_phone_verified

    # Signed out, she forgets her password: a code to her proven number sets a new one.
    page.get_by_role("button", name="Keluar").click()
    page.goto("/lupa-sandi/")
    page.get_by_label("Nomor HP atau email").fill("081234567890")
    assert_accessible(page)
    screenshot(page, "phone-forgot")
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.locator("h1")).to_have_text("Buat kata sandi baru")
    page.get_by_label("Kode").fill("000000")
    page.get_by_label("Kata sandi baru").fill("Sandi-Baru-2026")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.locator(".error-summary")).to_contain_text("Kode ini salah")
    assert_accessible(page)
    screenshot(page, "phone-reset-code")
    page.get_by_label("Kode").fill(code_in(gateway.requests[1]))
    page.get_by_label("Kata sandi baru").fill("Sandi-Baru-2026")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.locator(".notice-success")).to_contain_text("Kata sandi baru Anda tersimpan")
    page.get_by_label("Kata sandi").fill("Sandi-Baru-2026")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/$"))
