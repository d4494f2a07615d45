"""Sign-in by mobile number: email optional, the phone in E.164 and unique when set.

Existing phones are rewritten to E.164 (0812-3456-7890 -> +6281234567890). A number that is not
an Indonesian mobile number, or that an earlier account (lower id) already has, cannot be a
sign-in number: it moves to ``legacy_phone``, where staff still see it as a contact number, and
the count is logged. Going back puts those numbers into ``phone`` again; an account that has only
a phone gets the placeholder email ``<digits>@phone.invalid`` (the old schema requires an email).
"""

import logging
import re

from django.db import migrations, models

logger = logging.getLogger(__name__)

# A frozen copy of accounts.phones.normalize_phone: a migration must not change with the code.
_SEPARATORS = re.compile(r"[\s\-.()/]")
_MOBILE = re.compile(r"8[1-9][0-9]{7,10}")
PLACEHOLDER_DOMAIN = "phone.invalid"


def _e164(raw):
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            return None
    if digits.startswith("62"):
        digits = digits[2:]
        if digits.startswith("0"):
            digits = digits[1:]
    elif digits.startswith("0"):
        digits = digits[1:]
    else:
        return None
    return f"+62{digits}" if _MOBILE.fullmatch(digits) else None


def phones_to_e164(apps, schema_editor):
    user_model = apps.get_model("accounts", "User")
    taken = set()
    moved = []
    for user in user_model.objects.order_by("pk").only("pk", "email", "phone").iterator():
        raw = (user.phone or "").strip()
        e164 = _e164(raw) if raw else None
        if e164 is not None and e164 in taken:
            e164 = None
        changes = {}
        if e164 is not None:
            taken.add(e164)
            if e164 != user.phone:
                changes["phone"] = e164
        elif user.phone is not None:
            changes["phone"] = None
            if raw:
                changes["legacy_phone"] = raw
                moved.append(user.pk)
        if user.email == "":
            if e164 is None:
                raise RuntimeError(
                    f"accounts.0003: user {user.pk} has neither an email nor a mobile number; "
                    "give it one of them, then migrate again."
                )
            changes["email"] = None
        if changes:
            user_model.objects.filter(pk=user.pk).update(**changes)
    if moved:
        logger.warning(
            "accounts.0003: %d phone number(s) are not usable sign-in numbers (not an Indonesian "
            "mobile number, or an earlier account's) and were kept in legacy_phone: user ids %s",
            len(moved),
            moved,
        )


def phones_back(apps, schema_editor):
    user_model = apps.get_model("accounts", "User")
    for user in user_model.objects.filter(
        models.Q(phone__isnull=True) | models.Q(email__isnull=True)
    ).iterator():
        changes = {}
        if user.phone is None:
            changes["phone"] = user.legacy_phone
        if user.email is None:
            changes["email"] = f"{user.phone.lstrip('+')}@{PLACEHOLDER_DOMAIN}"
        user_model.objects.filter(pk=user.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_remove_user_lockout_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="legacy_phone",
            field=models.CharField(
                blank=True,
                help_text=(
                    "A number recorded before sign-in by mobile number that is not a usable "
                    "sign-in number (not an Indonesian mobile, or another account's)."
                ),
                max_length=20,
                verbose_name="old contact number",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="phone_verified_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="mobile number proven at"
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(
                blank=True, max_length=254, null=True, unique=True, verbose_name="email"
            ),
        ),
        # NULL allowed first, so the data step can empty a phone; unique only after it.
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=models.CharField(blank=True, max_length=20, null=True, verbose_name="phone"),
        ),
        migrations.RunPython(phones_to_e164, phones_back),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=models.CharField(
                blank=True,
                help_text="Sign-in mobile number in international form, e.g. +6281234567890.",
                max_length=16,
                null=True,
                unique=True,
                verbose_name="mobile number",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("email__isnull", False), ("phone__isnull", False), _connector="OR"
                ),
                name="user_email_or_phone",
                violation_error_message="Give an email or a mobile number.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("email__isnull", True), models.Q(("email", ""), _negated=True), _connector="OR"
                ),
                name="user_email_null_not_blank",
                violation_error_message="An absent email is stored as NULL, not as blank.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("phone__isnull", True), ("phone__startswith", "+628"), _connector="OR"
                ),
                name="user_phone_e164_mobile",
                violation_error_message="The mobile number must be stored as +628...",
            ),
        ),
    ]
