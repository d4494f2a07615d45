"""Publish privacy notice version 1 and record the consents of the accounts that already exist.

Decision for accounts made before consents were recorded (README, "Consent"): job seekers
registered to be matched and shown to employers, which is all Si-Caker did with a profile, so
(a) matching and (b) being shown as an anonymous candidate are recorded as given under notice
version 1, ``recorded_via="migration"``, dated when the account was made; each can withdraw
them at /saya/privasi/. (c) being contacted by SMS/WhatsApp is recorded as given only for the
people (any role) who had switched SMS or WhatsApp on for at least one kind of message; for
everyone else it is not given, as the outbox's default was already "no SMS/WhatsApp".
Going back removes the consents and the notice.
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

from consents.notices import NOTICE_V1

def publish_and_record(apps, schema_editor):
    notice_model = apps.get_model("consents", "PrivacyNotice")
    consent = apps.get_model("consents", "Consent")
    user_model = apps.get_model("accounts", "User")
    preference = apps.get_model("notifications", "Preference")
    notice = notice_model.objects.create(
        published_at=timezone.now(), **NOTICE_V1
    )
    phone_users = set(
        preference.objects.filter(Q(sms=True) | Q(whatsapp=True)).values_list("user_id", flat=True)
    )
    rows = []
    for user_id, role, joined in user_model.objects.values_list("pk", "role", "date_joined"):
        purposes = ["matching", "shown_to_employers"] if role == "seeker" else []
        if user_id in phone_users:
            purposes.append("contact_by_phone")
        rows += [
            consent(
                user_id=user_id,
                purpose=purpose,
                notice=notice,
                granted_at=joined,
                recorded_via="migration",
            )
            for purpose in purposes
        ]
    consent.objects.bulk_create(rows, batch_size=1000)


def unpublish(apps, schema_editor):
    apps.get_model("consents", "Consent").objects.all().delete()
    apps.get_model("consents", "PrivacyNotice").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consents", "0001_initial"),
        ("notifications", "0005_kind_vacancy_closed_by_office"),
    ]

    operations = [migrations.RunPython(publish_and_record, unpublish)]
