"""The in-app inbox: one's own notifications only, read state, preferences and quiet hours."""

import pytest

from notifications.models import Notification, Preference
from notifications.services import notification_create
from tests.factories import EmployerUserFactory, SeekerUserFactory

pytestmark = pytest.mark.django_db


def _notify(user, n):
    return notification_create(
        recipient=user,
        kind="application_submitted",
        context={
            "application_id": n,
            "vacancy_id": 1,
            "vacancy_title": "Penjahit",
            "seeker_name": "Siti",
        },
        dedup_key=f"submitted:{user.pk}:{n}",
    )


def test_the_inbox_lists_only_my_notifications_newest_first(api_client):
    employer, other = EmployerUserFactory(), EmployerUserFactory()
    mine = [_notify(employer, n) for n in range(3)]
    _notify(other, 99)
    api_client.force_authenticate(employer)

    response = api_client.get("/api/v1/notifications/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [item["id"] for item in body["results"]] == [n.pk for n in reversed(mine)]
    assert body["results"][0]["title"] == "Lamaran baru untuk Penjahit"
    assert body["results"][0]["is_read"] is False


def test_reading_one_and_all_updates_the_unread_count(api_client):
    employer = EmployerUserFactory()
    first, _second, _third = (_notify(employer, n) for n in range(3))
    api_client.force_authenticate(employer)

    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    response = api_client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    assert api_client.get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 2
    assert api_client.post("/api/v1/notifications/read-all/").json() == {"unread": 0}


def test_someone_elses_notification_is_not_found_and_stays_unread(api_client):
    owner, intruder = EmployerUserFactory(), SeekerUserFactory()
    notification = _notify(owner, 1)
    api_client.force_authenticate(intruder)

    response = api_client.post(f"/api/v1/notifications/{notification.pk}/read/")

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_inbox_needs_a_signed_in_user(api_client):
    assert api_client.get("/api/v1/notifications/").status_code == 401


def test_preferences_default_to_email_and_can_be_changed(api_client):
    user = SeekerUserFactory()
    api_client.force_authenticate(user)

    defaults = {
        row["kind"]: row for row in api_client.get("/api/v1/notifications/preferences/").json()
    }
    assert defaults["alert_match"]["email"] is True and defaults["alert_match"]["sms"] is False

    response = api_client.put(
        "/api/v1/notifications/preferences/",
        [{"kind": "alert_match", "email": False, "whatsapp": True}],
        format="json",
    )

    assert response.status_code == 200
    preference = Preference.objects.get(user=user, kind="alert_match")
    assert (preference.email, preference.sms, preference.whatsapp) == (False, False, True)


def test_bad_preferences_are_a_400_and_change_nothing(api_client):
    user = SeekerUserFactory()
    api_client.force_authenticate(user)

    response = api_client.put(
        "/api/v1/notifications/preferences/", [{"kind": "birthday", "email": True}], format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Preference.objects.exists()


def test_quiet_hours_can_be_set_and_must_make_sense(api_client):
    api_client.force_authenticate(SeekerUserFactory())

    assert api_client.get("/api/v1/notifications/quiet-hours/").json() == {
        "starts_at": "21:00:00",
        "ends_at": "06:00:00",
        "is_enabled": True,
    }
    bad = api_client.put(
        "/api/v1/notifications/quiet-hours/",
        {"starts_at": "22:00", "ends_at": "22:00", "is_enabled": True},
        format="json",
    )
    assert bad.status_code == 400 and "ends_at" in bad.json()["fields"]
    good = api_client.put(
        "/api/v1/notifications/quiet-hours/",
        {"starts_at": "20:00", "ends_at": "07:30", "is_enabled": True},
        format="json",
    )
    assert good.json()["ends_at"] == "07:30:00"
    assert Notification.objects.count() == 0
