"""User text in notifications: escaped in every HTML rendering, intact in plain text, and never
able to break an email header or stop the deliveries queued after it."""

import pytest
from django.core import mail

from notifications.models import Delivery
from notifications.rendering import render_message
from notifications.services import notification_create, notifications_resend_pending
from sicaker.celery import app
from tests.factories import SeekerUserFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _notify(
    user,
    *,
    title: str,
    key: str,
    employer: str = "Konveksi Sejahtera",
    kind: str = "application_status_changed",
):
    return notification_create(
        recipient=user,
        kind=kind,
        context={
            "seeker_name": "Siti Aminah",
            "application_id": 7,
            "vacancy_id": 3,
            "vacancy_title": title,
            "employer_name": employer,
            "status": "shortlisted",
            "note": 'Bawa "contoh" jahitan & <b>KTP</b>',
        },
        dedup_key=key,
    )


@pytest.mark.parametrize(
    "kind",
    [
        "application_submitted",
        "application_status_changed",
        "application_withdrawn",
        "alert_match",
        "vacancy_expiring",
        "vacancy_expired",
    ],
)
def test_every_html_rendering_escapes_a_vacancy_title(kind):
    context = {
        "application_id": 1,
        "vacancy_id": 2,
        "vacancy_title": SCRIPT,
        "employer_name": SCRIPT,
        "seeker_name": SCRIPT,
        "district": "Klojen",
        "alert_name": SCRIPT,
        "status": "shortlisted",
        "note": SCRIPT,
        "valid_through": "2026-12-01",
        "days_left": 3,
    }

    message = render_message(kind=kind, context=context, language="id")

    assert ESCAPED in message.html
    assert "<script" not in message.html
    assert SCRIPT in message.body  # plain text: as typed
    assert "&lt;" not in message.title + message.body + message.short


def test_an_email_carries_the_title_escaped_in_html_and_intact_in_text():
    # Given a vacancy titled like a script, and an employer and note with markup
    user = SeekerUserFactory(email="siti@example.id")
    _notify(user, title=SCRIPT, key="status:1", employer="Batik <i>Asri</i> & Co")

    # When its email is sent
    _send_all_in_process()

    # Then the text part is as typed and the HTML part escapes every piece of user text
    [email] = mail.outbox
    assert isinstance(email, mail.EmailMultiAlternatives) and isinstance(email.body, str)
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and isinstance(html, str)
    assert SCRIPT in email.body
    assert "Batik <i>Asri</i> & Co" in email.body
    assert ESCAPED in html
    assert "Batik &lt;i&gt;Asri&lt;/i&gt; &amp; Co" in html
    assert "&lt;b&gt;KTP&lt;/b&gt;" in html
    assert "<script" not in html and "<i>" not in html and "<b>" not in html


def test_a_title_with_a_line_break_is_sent_on_one_header_line():
    # Given a vacancy title with CR/LF (and a header it would try to inject)
    user = SeekerUserFactory(email="siti@example.id", preferred_language="id")
    _notify(
        user, title="Penjahit\r\nBcc: semua@example.id", key="new:1", kind="application_submitted"
    )

    # When its email is sent
    _send_all_in_process()

    # Then it went out, its subject on one line, nothing injected
    [email] = mail.outbox
    assert email.subject == "Lamaran baru untuk Penjahit Bcc: semua@example.id"
    assert email.bcc == []
    headers = email.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers
    assert Delivery.objects.get().status == "sent"


def test_one_bad_delivery_does_not_stop_the_rest_of_the_batch():
    # Given three emails queued together, the second with an address no mail server accepts
    users = [SeekerUserFactory(email=f"ibu{n}@example.id") for n in range(3)]
    for number, user in enumerate(users):
        _notify(user, title="Penjahit masker", key=f"status:{number}")
    Delivery.objects.filter(notification__recipient=users[1]).update(
        address="ibu1@example.id\nBcc: semua@example.id"
    )

    # When the batch is sent in process (the embedded setup: no broker)
    _send_all_in_process()

    # Then the bad one ends failed, with the reason, and the two others are sent
    statuses = dict(Delivery.objects.values_list("notification__recipient", "status"))
    assert statuses == {users[0].pk: "sent", users[1].pk: "failed", users[2].pk: "sent"}
    assert sorted(email.to[0] for email in mail.outbox) == ["ibu0@example.id", "ibu2@example.id"]
    assert "newline" in Delivery.objects.get(notification__recipient=users[1]).last_error.lower()


def _send_all_in_process() -> None:
    """What `make run` does: tasks run in the calling process (CELERY_TASK_ALWAYS_EAGER)."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        notifications_resend_pending(stale_after_seconds=-60)
    finally:
        app.conf.task_always_eager = previous
