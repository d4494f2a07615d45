"""The inbox and the notification settings through Django's test client: for any signed-in user,
only her own notifications, mark read with and without htmx, and bad settings shown again."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification, Preference, QuietHours
from notifications.services import notification_create
from tests.factories.accounts import EmployerUserFactory, OfficerFactory, SeekerUserFactory

pytestmark = pytest.mark.django_db

INBOX = "/saya/kotak-masuk/"
SETTINGS = "/saya/pengaturan-notifikasi/"


def _status_changed(user, *, application_id=7, vacancy_id=3, title="Penjahit Masker Kain", n=0):
    return notification_create(
        recipient=user,
        kind=Kind.APPLICATION_STATUS_CHANGED,
        context={
            "application_id": application_id,
            "vacancy_id": vacancy_id,
            "vacancy_title": title,
            "employer_name": "Konveksi Bu Sri",
            "status": "interview",
            "note": "Datang hari Senin jam 9.",
        },
        dedup_key=f"test-status:{user.pk}:{application_id}:{n}",
    )


def _alert_match(user, *, vacancy_id=11):
    return notification_create(
        recipient=user,
        kind=Kind.ALERT_MATCH,
        context={
            "vacancy_id": vacancy_id,
            "vacancy_title": "Pembuat Kue Basah",
            "employer_name": "Dapur Kue Ani",
            "district": "Klojen",
            "alert_name": "kue",
        },
        dedup_key=f"test-alert:{user.pk}:{vacancy_id}",
    )


def _get(client, path, **extra):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="id", **extra)


@pytest.mark.parametrize("path", [INBOX, SETTINGS])
def test_signed_out_she_is_sent_to_sign_in_and_back(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"{reverse('sign-in')}?next={path}"


@pytest.mark.parametrize("factory", [SeekerUserFactory, EmployerUserFactory, OfficerFactory])
def test_any_signed_in_user_has_an_inbox_with_the_unread_count_in_the_header(client, factory):
    user = factory()
    _status_changed(user)
    client.force_login(user)

    body = _get(client, "/").content.decode()

    assert f'href="{INBOX}" class="inbox-link">Kotak masuk <span class="badge">1' in body
    assert _get(client, INBOX).status_code == 200


def test_the_header_has_no_inbox_for_a_visitor(client):
    body = _get(client, "/").content.decode()

    assert INBOX not in body


def test_her_inbox_lists_only_hers_newest_first_with_links_to_what_they_are_about(client):
    siti = SeekerUserFactory()
    older = _status_changed(siti, application_id=7)
    newer = _alert_match(siti, vacancy_id=11)
    Notification.objects.filter(pk=older.pk).update(
        created_at=newer.created_at - datetime.timedelta(hours=1)
    )
    _status_changed(SeekerUserFactory(), title="Kasir Toko Lain")
    client.force_login(siti)

    body = _get(client, INBOX).content.decode()

    assert "Kasir Toko Lain" not in body
    assert body.index("Lowongan baru: Pembuat Kue Basah") < body.index("Lamaran Anda: Wawancara")
    assert 'href="/lowongan/11/"' in body
    assert 'href="/saya/lamaran/#application-7"' in body
    assert "Datang hari Senin jam 9." in body
    assert body.count('class="tag-new"') == 2


def test_the_inbox_pages_with_a_link_and_an_htmx_load_more(client):
    siti = SeekerUserFactory()
    for n in range(21):
        _status_changed(siti, application_id=100 + n, n=n)
    client.force_login(siti)

    first = _get(client, INBOX).content.decode()
    second = _get(client, INBOX + "?page=2").content.decode()
    more = _get(client, INBOX + "?page=2&more=1", HTTP_HX_REQUEST="true").content.decode()

    assert first.count('class="card notification') == 20
    assert 'href="/saya/kotak-masuk/?page=2"' in first
    assert second.count('class="card notification') == 1
    assert 'href="/saya/kotak-masuk/?page=3"' not in second
    assert 'href="/saya/kotak-masuk/?page=1"' in second
    assert more.count('class="card notification') == 1
    assert "<html" not in more


@pytest.mark.parametrize("page", ["0", "abc", "501", "-1"])
def test_a_bad_page_number_is_a_404(client, page):
    client.force_login(SeekerUserFactory())

    assert _get(client, f"{INBOX}?page={page}").status_code == 404


def test_mark_one_read_without_javascript_redirects_and_the_count_drops(client):
    siti = SeekerUserFactory()
    first, second = _status_changed(siti, n=1), _status_changed(siti, n=2)
    client.force_login(siti)

    response = client.post(reverse("inbox-read", args=[first.pk]), {"page": "1"})

    assert response.status_code == 302
    assert response.url == INBOX
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    body = _get(client, INBOX).content.decode()
    assert '<span class="badge">1<' in body


def test_mark_one_read_with_htmx_returns_the_item_and_the_new_count(client):
    siti = SeekerUserFactory()
    only = _status_changed(siti)
    client.force_login(siti)

    response = client.post(
        reverse("inbox-read", args=[only.pk]), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="id"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{only.pk}"' in body
    assert "tag-new" not in body
    assert 'id="unread-count"' in body
    assert 'hx-swap-oob="true"' in body
    assert 'class="badge"' not in body
    assert "<html" not in body


def test_she_cannot_mark_someone_elses_notification_and_nothing_changes(client):
    theirs = _status_changed(SeekerUserFactory())
    client.force_login(SeekerUserFactory())

    response = client.post(reverse("inbox-read", args=[theirs.pk]), HTTP_ACCEPT_LANGUAGE="id")

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client):
    siti = SeekerUserFactory()
    only = _status_changed(siti)
    client.force_login(siti)

    assert client.get(reverse("inbox-read", args=[only.pk])).status_code == 405
    assert client.get(reverse("inbox-read-all")).status_code == 405
    only.refresh_from_db()
    assert only.read_at is None


def test_mark_all_read_only_marks_hers(client):
    siti, other = SeekerUserFactory(), SeekerUserFactory()
    _status_changed(siti, n=1)
    _alert_match(siti)
    theirs = _status_changed(other)
    client.force_login(siti)

    response = client.post(reverse("inbox-read-all"), follow=True, HTTP_ACCEPT_LANGUAGE="id")

    assert Notification.objects.filter(recipient=siti, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    body = response.content.decode()
    assert "Semua notifikasi Anda sudah ditandai dibaca." in body
    assert 'class="badge"' not in body


def test_mark_all_read_with_htmx_returns_the_list_and_the_count(client):
    siti = SeekerUserFactory()
    _status_changed(siti)
    client.force_login(siti)

    response = client.post(
        reverse("inbox-read-all"), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="id"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Push-Url"] == INBOX
    assert 'hx-swap-oob="true"' in body
    assert "tag-new" not in body
    assert "<html" not in body


# -- settings --------------------------------------------------------------------------------


def test_settings_show_only_the_kinds_she_can_receive_with_the_stored_values(client):
    siti = SeekerUserFactory()
    Preference.objects.create(user=siti, kind=Kind.ALERT_MATCH, email=False, sms=True)
    client.force_login(siti)

    body = _get(client, SETTINGS).content.decode()

    assert "Status lamaran berubah" in body
    assert "Lowongan baru sesuai notifikasi lowongan Anda" in body
    assert "Undangan melamar" in body
    assert "Batas waktu lapor kartu pencari kerja (AK/1)" in body
    assert "Laporan lamaran harian" not in body
    assert "Usaha diverifikasi" not in body
    assert 'name="alert_match__email" id="id_alert_match__email">' in body
    assert 'name="alert_match__sms" id="id_alert_match__sms" checked>' in body
    email = "application_status_changed__email"
    assert f'name="{email}" id="id_{email}" checked>' in body
    assert 'value="21:00"' in body
    assert 'value="06:00"' in body


def test_settings_are_saved_through_the_apis_services(client):
    siti = SeekerUserFactory()
    client.force_login(siti)

    response = client.post(
        SETTINGS,
        {
            "application_status_changed__email": "on",
            "application_status_changed__whatsapp": "on",
            "quiet_enabled": "on",
            "quiet_starts_at": "22:00",
            "quiet_ends_at": "05:30",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )

    assert response.status_code == 302
    assert response.url == SETTINGS
    assert sorted(
        Preference.objects.filter(user=siti).values_list("kind", "email", "sms", "whatsapp")
    ) == [
        ("account_inactive_warning", False, False, False),
        ("ak1_report_due", False, False, False),
        ("alert_match", False, False, False),
        ("application_status_changed", True, False, True),
        ("vacancy_invitation", False, False, False),
    ]
    quiet = QuietHours.objects.get(user=siti)
    assert (quiet.starts_at, quiet.ends_at, quiet.is_enabled) == (
        datetime.time(22, 0),
        datetime.time(5, 30),
        True,
    )


@pytest.mark.parametrize(
    ("starts", "ends", "field", "message"),
    [
        ("21:00", "21:00", "quiet_ends_at", "Jam tenang harus berakhir pada jam yang berbeda"),
        ("jam sembilan", "06:00", "quiet_starts_at", "Isi jam seperti 21:00."),
        ("21:00", "", "quiet_ends_at", "Isi kapan jam tenang selesai, misalnya 06:00."),
    ],
)
def test_bad_settings_are_shown_again_by_their_field_and_nothing_is_saved(
    client, starts, ends, field, message
):
    siti = SeekerUserFactory()
    client.force_login(siti)

    response = client.post(
        SETTINGS,
        {
            "alert_match__sms": "on",
            "quiet_enabled": "on",
            "quiet_starts_at": starts,
            "quiet_ends_at": ends,
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert f'<p class="error-message" id="id_{field}-error">{message}' in body
    assert f'href="#id_{field}"' in body  # the error summary links to the field
    assert 'name="alert_match__sms" id="id_alert_match__sms" checked>' in body  # kept
    assert f'value="{starts}"' in body
    assert not Preference.objects.filter(user=siti).exists()
    assert not QuietHours.objects.filter(user=siti).exists()


def test_the_inbox_costs_the_same_queries_for_three_notifications_as_for_twenty(
    client, django_assert_max_num_queries
):
    few, many = SeekerUserFactory(), SeekerUserFactory()
    for n in range(3):
        _status_changed(few, application_id=n, n=n)
    for n in range(20):
        _status_changed(many, application_id=n, n=n)
    client.force_login(few)
    _get(client, INBOX)  # warm the session and the template caches
    with django_assert_max_num_queries(10) as small:
        _get(client, INBOX)
    client.force_login(many)
    _get(client, INBOX)
    with django_assert_max_num_queries(10) as large:
        _get(client, INBOX)

    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_inbox_speaks_english_when_asked(client):
    siti = SeekerUserFactory()
    _status_changed(siti)
    client.force_login(siti)

    body = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<h1>Inbox</h1>" in body
    assert "Your application: Interview" in body
    assert "Mark as read" in body


@pytest.mark.parametrize("pk", ["99999999999999999999", "0"])
def test_an_impossible_notification_id_is_a_404(client, pk):
    client.force_login(SeekerUserFactory())

    response = client.post(f"{INBOX}{pk}/dibaca/", HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 404


def test_an_employers_notices_lead_to_her_own_pipeline_and_vacancy_pages(client):
    sri = EmployerUserFactory()
    for kind, vacancy_id in ((Kind.APPLICATION_SUBMITTED, 5), (Kind.VACANCY_EXPIRING, 6)):
        notification_create(
            recipient=sri,
            kind=kind,
            context={
                "vacancy_id": vacancy_id,
                "vacancy_title": "Penjahit Masker Kain",
                "applicant_name": "Siti Aminah",
                "valid_through": "2026-12-01",
            },
            dedup_key=f"test-employer:{kind}",
        )
    client.force_login(sri)

    body = _get(client, INBOX).content.decode()

    assert 'href="/usaha/lowongan/5/lamaran/"' in body
    assert 'href="/usaha/lowongan/6/"' in body
    assert 'href="/lowongan/5/"' not in body


def test_an_employer_is_asked_about_her_applications_and_her_verification_only(client):
    client.force_login(EmployerUserFactory())

    body = _get(client, SETTINGS).content.decode()

    assert "Usaha diverifikasi" in body
    assert "Usaha tidak diverifikasi" in body
    assert "Undangan melamar" not in body
    assert "Lowongan baru sesuai notifikasi lowongan Anda" not in body
