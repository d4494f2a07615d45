"""Her inbox and job alerts in a real Chromium at 360x740, each from a fresh browser, axe on every
page: the employer moves her application → the timeline and the notification; she saves an alert
→ a matching vacancy is published → it reaches her inbox."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from applications import services as applications
from jobs.services.vacancies import vacancy_publish
from notifications.models import Notification
from search.models import JobAlert
from tests.conftest import wait_for
from tests.factories.accounts import PASSWORD, SeekerUserFactory
from tests.factories.jobs import VacancyFactory, VacancySkillFactory
from tests.factories.seekers import SeekerProfileFactory, SeekerSkillFactory
from tests.web.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser]


def _sign_in(page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_the_employer_moves_her_application_and_she_sees_the_timeline_and_the_notice(
    new_page, web_world
):
    # Given Rina applied to the mask vacancy, and its employer moved her application along
    masks = web_world["masks"]
    rina = SeekerProfileFactory(user=SeekerUserFactory(email="rina@example.id"))
    SeekerSkillFactory(seeker=rina, skill=web_world["sewing"])
    application = applications.application_submit(vacancy=masks, seeker=rina, cover_note="")
    employer = masks.employer.owner
    applications.application_transition(
        application=application, to_status="reviewed", actor=employer
    )
    applications.application_transition(
        application=application,
        to_status="interview",
        actor=employer,
        note="Datang hari Senin jam 9 ke Jl. Kolonel Sugiono 12.",
    )
    page = new_page()

    # "Lamaran saya" (signing in first): the timeline, its dates and the employer's note
    page.goto("/saya/lamaran/")
    _sign_in(page, "rina@example.id")
    expect(page).to_have_url(re.compile(r"/saya/lamaran/$"))
    card = page.locator(".card", has_text="Penjahit Masker Kain")
    expect(card.locator(".status")).to_have_text("Wawancara")
    expect(card.locator(".timeline-status")).to_have_text(["Terkirim", "Ditinjau", "Wawancara"])
    expect(card.locator(".timeline-current")).to_contain_text(
        "Catatan dari pemberi kerja: Datang hari Senin jam 9 ke Jl. Kolonel Sugiono 12."
    )
    expect(
        card.get_by_role("button", name="Batalkan lamaran: Penjahit Masker Kain")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "application-timeline")

    # The header counts her two unread notices; the inbox shows them, newest first
    expect(page.locator("#unread-count .badge")).to_have_text("2 belum dibaca")
    page.get_by_role("link", name=re.compile("^Kotak masuk")).click()
    expect(page).to_have_url(re.compile(r"/saya/kotak-masuk/$"))
    expect(page.locator(".notification .card-title")).to_have_text(
        ["Baru Lamaran Anda: Wawancara", "Baru Lamaran Anda: Ditinjau"]
    )
    newest = page.locator(".notification").first
    expect(newest).to_contain_text("Datang hari Senin jam 9")
    assert_accessible(page)
    screenshot(page, "inbox")

    # She marks the newest read (htmx): its "new" tag goes and the count drops to one
    newest.get_by_role("button", name=re.compile("^Tandai sudah dibaca")).click()
    expect(page.locator("#unread-count .badge")).to_have_text("1 belum dibaca")
    expect(page.locator(".notification").first.locator(".tag-new")).to_have_count(0)
    assert_accessible(page)

    # Its link opens her application in "Lamaran saya"
    page.locator(".notification").first.get_by_role(
        "link", name=re.compile("^Lihat lamaran saya")
    ).click()
    expect(page).to_have_url(re.compile(rf"/saya/lamaran/#application-{application.pk}$"))

    # Back in the inbox, "mark all as read" empties the count
    page.get_by_role("link", name=re.compile("^Kotak masuk")).click()
    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    expect(page.locator("#unread-count .badge")).to_have_count(0)
    expect(page.locator(".tag-new")).to_have_count(0)
    assert_accessible(page)
    assert Notification.objects.filter(recipient=rina.user, read_at__isnull=True).count() == 0


def test_without_javascript_she_marks_a_notice_read(new_page, web_world):
    masks = web_world["masks"]
    rina = SeekerProfileFactory(user=SeekerUserFactory(email="rina@example.id"))
    application = applications.application_submit(vacancy=masks, seeker=rina, cover_note="")
    applications.application_transition(
        application=application, to_status="reviewed", actor=masks.employer.owner
    )
    page = new_page(javascript=False)

    page.goto("/saya/kotak-masuk/")
    _sign_in(page, "rina@example.id")
    expect(page.locator("#unread-count .badge")).to_have_text("1 belum dibaca")
    page.get_by_role("button", name=re.compile("^Tandai sudah dibaca")).click()

    expect(page).to_have_url(re.compile(r"/saya/kotak-masuk/$"))
    expect(page.locator("#unread-count .badge")).to_have_count(0)
    expect(page.locator(".tag-new")).to_have_count(0)
    assert_accessible(page)


def test_she_saves_an_alert_and_a_matching_vacancy_reaches_her_inbox(new_page, web_world, request):
    # On the real stack the vacancy reaches the alerts through Celery (percolation, then the
    # fan-out): a real worker runs them. The SQLite pass runs tasks in process, at publish time.
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        request.getfixturevalue("start_worker")()
    rina = SeekerProfileFactory(user=SeekerUserFactory(email="rina@example.id"))
    page = new_page()

    # Signed out, she searches "kue" and taps "save as a job alert": sign in, then the offer
    page.goto("/lowongan/?q=kue")
    expect(page.locator(".results .card")).to_have_count(1)
    page.get_by_role("link", name="Simpan sebagai notifikasi lowongan").click()
    _sign_in(page, "rina@example.id")
    expect(page.locator("h1")).to_have_text("Simpan sebagai notifikasi lowongan")
    expect(page.locator(".criteria")).to_have_text("Kata: “kue”")
    assert_accessible(page)
    screenshot(page, "alert-new")
    page.get_by_label("Nama notifikasi lowongan ini").fill("Kue dekat rumah")
    page.get_by_role("button", name="Simpan notifikasi lowongan").click()

    # Back on the results, with the alert saved
    expect(page).to_have_url(re.compile(r"/lowongan/\?q=kue$"))
    expect(page.locator(".notice-success")).to_contain_text(
        "Notifikasi lowongan “Kue dekat rumah” disimpan."
    )
    assert list(JobAlert.objects.filter(user=rina.user).values_list("name", "text")) == [
        ("Kue dekat rumah", "kue")
    ]

    # Her alerts, the search in words
    page.goto("/saya/notifikasi-lowongan/")
    alert_card = page.locator(".job-alert", has_text="Kue dekat rumah")
    expect(alert_card).to_contain_text("Aktif")
    expect(alert_card.locator(".criteria")).to_have_text("Kata: “kue”")
    assert_accessible(page)
    screenshot(page, "alerts")

    # When a matching vacancy is published
    cookies = VacancyFactory(
        employer=web_world["bakery"].employer,
        title="Pembuat Kue Kering",
        description="Membuat kue kering untuk Lebaran.",
        status="draft",
        published_at=None,
    )
    VacancySkillFactory(vacancy=cookies, skill=web_world["bakery"].skill_links.get().skill)
    vacancy_publish(vacancy=cookies, actor=cookies.employer.owner)
    wait_for(
        lambda: Notification.objects.filter(recipient=rina.user, kind="alert_match").exists(),
        timeout=60,
        message="the alert notification",
    )

    # Then it is in her inbox, linking to the vacancy
    page.get_by_role("link", name=re.compile("^Kotak masuk")).click()
    expect(page.locator("#unread-count .badge")).to_have_text("1 belum dibaca")
    notice = page.locator(".notification", has_text="Pembuat Kue Kering")
    expect(notice.locator(".card-title")).to_have_text("Baru Lowongan baru: Pembuat Kue Kering")
    assert_accessible(page)
    notice.get_by_role("link", name=re.compile("^Lihat lowongan")).click()
    expect(page).to_have_url(re.compile(rf"/lowongan/{cookies.pk}/$"))

    # She pauses the alert (htmx swaps the card)
    page.goto("/saya/notifikasi-lowongan/")
    alert_card.get_by_role("button", name=re.compile("^Jeda")).click()
    expect(alert_card).to_contain_text("Dijeda")
    expect(alert_card.get_by_role("button", name=re.compile("^Aktifkan lagi"))).to_be_visible()
    assert_accessible(page)
    assert list(JobAlert.objects.filter(user=rina.user).values_list("is_active", flat=True)) == [
        False
    ]


def test_without_javascript_she_sets_her_channels_and_a_bad_time_is_shown_again(new_page, db):
    rina = SeekerUserFactory(email="rina@example.id")
    page = new_page(javascript=False)

    page.goto("/saya/pengaturan-notifikasi/")
    _sign_in(page, "rina@example.id")
    expect(page.locator("h1")).to_have_text("Pengaturan notifikasi")
    assert_accessible(page)

    # Same start and end: the API's rule, beside the field, her choices kept
    page.locator("#id_alert_match__whatsapp").check()
    page.get_by_label("Tenang sampai").fill("21:00")
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(page.locator(".error-summary")).to_contain_text("Jam tenang harus berakhir")
    expect(page.locator("#id_alert_match__whatsapp")).to_be_checked()
    assert_accessible(page)
    screenshot(page, "notification-settings")

    page.get_by_label("Tenang sampai").fill("05:00")
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(page.locator(".notice-success")).to_have_text(
        "Pengaturan notifikasi Anda sudah disimpan."
    )
    assert rina.quiet_hours.ends_at.strftime("%H:%M") == "05:00"
    assert rina.notification_preferences.get(kind="alert_match").whatsapp is True
