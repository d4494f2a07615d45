"""Staff-assisted registration and her consents in a real Chromium at phone size, JavaScript off,
axe on every page: the officer registers a participant at the counter and uploads a training's
participant list; she claims her account from the SMS link and withdraws a consent."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consents.models import Consent
from notifications.models import Delivery
from notifications.services import delivery_send
from seekers.models import SeekerProfile
from tests.factories.accounts import OfficerFactory
from tests.factories.jobs import SkillFactory
from tests.factories.seekers import TrainingProgrammeFactory
from tests.notifications.conftest import GatewayServer
from tests.web.conftest import assert_accessible, screenshot
from tests.web.test_office_journeys import sign_in

pytestmark = [pytest.mark.browser]


def _tomorrow_at_ten() -> datetime.datetime:
    """10:00 local time tomorrow: outside the default quiet hours, after any end of them."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10, 0)))


@pytest.mark.django_db(transaction=True)
def test_an_officer_registers_her_and_she_claims_her_account_with_javascript_off(  # noqa: PLR0915 (one journey)
    new_page, settings, search_backend, tmp_path
):
    officer = OfficerFactory(email="petugas@example.id")
    page = new_page(javascript=False)
    sign_in(page, "/kantor/pendaftaran/", officer.email)

    # The officer's form: a wrong NIK and number are shown back beside their fields
    page.get_by_label("Nama lengkap").fill("Wati Lestari")
    page.get_by_label("NIK").fill("357301520590")
    page.get_by_label("Nomor HP").fill("0341 551234")
    page.get_by_label("Kecamatan").fill("Sukun")
    page.get_by_label("Nomor formulir persetujuan").fill("F-0001")
    page.get_by_label("Tampilkan kepada pemberi kerja").check()
    page.get_by_role("button", name="Daftarkan").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Nama lengkap")).to_have_value("Wati Lestari")
    assert_accessible(page)
    screenshot(page, "participant-new-errors")
    assert not SeekerProfile.objects.filter(full_name="Wati Lestari").exists()

    page.get_by_label("NIK").fill("3573015205900201")
    page.get_by_label("Nomor HP").fill("0812 3450 0201")
    # The SMS leaves through the office's gateway (a real HTTP server): when tasks run in
    # process it goes out as the registration commits (or waits for the end of quiet hours);
    # otherwise the sender is called here as the worker would, at 10:00 tomorrow
    with GatewayServer() as gateway:
        settings.SMS_GATEWAY_URL = gateway.url
        page.get_by_role("button", name="Daftarkan").click()
        expect(page.locator(".notice-success")).to_contain_text("Wati Lestari terdaftar")
        expect(page.locator("h1")).to_have_text("Wati Lestari")
        delivery = Delivery.objects.get(notification__recipient__full_name="Wati Lestari")
        if not gateway.requests:
            assert delivery_send(delivery_id=delivery.pk, now=_tomorrow_at_ten()) == "sent"
    found = re.search(r"(/klaim/[\w-]+/)", gateway.requests[0]["body"]["text"])
    assert found is not None
    link = found.group(1)

    # She opens it on her phone, with JavaScript off, and chooses a password
    her = new_page(javascript=False)
    her.goto("/daftar/")  # (what self-registration asks, for comparison: (a) apart from the rest)
    expect(her.get_by_label("Saya setuju Si-Caker mengolah profil saya")).not_to_be_checked()
    her.get_by_label("Hubungi saya lewat SMS atau WhatsApp").scroll_into_view_if_needed()
    assert_accessible(her)
    screenshot(her, "sign-up-consents")
    her.goto(link)
    expect(her.locator("h1")).to_have_text("Ambil alih akun Anda")
    assert_accessible(her)
    screenshot(her, "claim")
    her.get_by_label("Pilih kata sandi").fill("Jahitan-Rapi-2026")
    her.get_by_label("Kata sandi yang sama sekali lagi").fill("Jahitan-Rapi-2026")
    her.get_by_role("button", name="Jadikan akun saya").click()

    # She lands on her privacy page, signed in, with what she agreed to on paper
    expect(her).to_have_url(re.compile("/saya/privasi/$"))
    expect(her.locator(".consent-history")).to_contain_text("F-0001")
    expect(her.get_by_label("Tampilkan saya kepada pemberi kerja")).to_be_checked()
    assert_accessible(her)
    screenshot(her, "my-privacy")

    # She withdraws (b): employers no longer see her
    her.get_by_label("Tampilkan saya kepada pemberi kerja").uncheck()
    her.get_by_role("button", name="Simpan pilihan saya").click()
    expect(her.locator(".notice-success")).to_contain_text("Pilihan Anda tersimpan")
    assert not Consent.objects.filter(
        user__full_name="Wati Lestari", purpose="shown_to_employers", withdrawn_at__isnull=True
    ).exists()
    assert not SeekerProfile.objects.filter(full_name="Wati Lestari").candidates().exists()

    # And the officer uploads a training's participant list: one row refused, one linked
    programme = TrainingProgrammeFactory(title="Menjahit Kampung KB Sukun", city="Kota Malang")
    programme.skills.set([SkillFactory(slug="menjahit", name_id="Menjahit")])
    csv_file = tmp_path / "peserta.csv"
    csv_file.write_text(
        "Nama;NIK;HP;Kecamatan;Sertifikat;Formulir\n"
        "Wati Lestari;3573015205900201;081234500201;Sukun;SRT-1;F-0001\n"
        "Sri Wahyuni;3573015205900202;081234500202;Sukun;SRT-2;F-0002\n"
        "Ani;123;081234500203;Sukun;SRT-3;F-0003\n"
    )
    page.goto(f"/kantor/pelatihan/{programme.pk}/")
    page.get_by_label("Berkas lulusan atau peserta (CSV)").set_input_files(str(csv_file))
    page.get_by_label("Tanggal selesai").first.fill(programme.ends_on.isoformat())
    page.get_by_label("Tampilkan kepada pemberi kerja sebagai kandidat").check()
    page.get_by_role("button", name="Catat para lulusan").click()
    results = page.locator("#participant-results")
    expect(results.locator("tr.outcome-linked")).to_have_count(1)
    expect(results.locator("tr.outcome-registered")).to_have_count(1)
    expect(results.locator("tr.outcome-refused")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "participant-list-results")
