"""Indonesian mobile numbers to E.164, and accounts with an email, a number or both."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from accounts.phones import display_phone, normalize_phone
from sicaker.errors import Invalid


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "6281234567890",
        "+6281234567890",
        "+62 812 3456 7890",
        "+62 (0)812-3456-7890",
        " 0812.3456.7890 ",
    ],
)
def test_every_spelling_of_a_mobile_number_is_one_e164_number(typed):
    assert normalize_phone(typed) == "+6281234567890"


@pytest.mark.parametrize(
    ("typed", "shortest_and_longest"),
    [("0811234567", "+62811234567"), ("0895123456789", "+62895123456789")],
)
def test_mobile_numbers_of_ten_to_thirteen_digits_are_accepted(typed, shortest_and_longest):
    assert normalize_phone(typed) == shortest_and_longest


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0341 551234",  # a landline in Malang
        "+60123456789",  # Malaysia
        "081234",  # too short
        "08123456789012",  # too long
        "0812345678a",
        "812345678901",  # no 0 or country code
        "0801234567",  # no operator 80
    ],
)
def test_anything_else_is_refused_with_how_to_write_it(typed):
    with pytest.raises(Invalid) as refused:
        normalize_phone(typed, field="identifier")

    assert list(refused.value.fields) == ["identifier"]
    assert "08" in str(refused.value.fields["identifier"][0])


def test_a_stored_number_is_shown_as_people_write_it():
    assert display_phone("+6281234567890") == "0812-3456-7890"
    assert display_phone(None) == ""


@pytest.mark.django_db
def test_accounts_with_only_a_number_and_only_an_email_can_exist_side_by_side():
    phone_only = User.objects.create_user(phone="0812 1111 2222", role=Role.SEEKER)
    another = User.objects.create_user(phone="+6281211113333", role=Role.SEEKER)
    email_only = User.objects.create_user("Sri@Example.id", role=Role.SEEKER)

    assert (phone_only.email, phone_only.phone, str(phone_only)) == (
        None,
        "+6281211112222",
        "+6281211112222",
    )
    assert another.email is None
    assert (email_only.email, email_only.phone, str(email_only)) == (
        "sri@example.id",
        None,
        "sri@example.id",
    )


@pytest.mark.django_db
def test_the_database_refuses_an_account_without_email_and_number_and_a_second_owner():
    User.objects.create_user(phone="081211112222", role=Role.SEEKER)

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(role=Role.SEEKER, full_name="Nobody")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(role=Role.SEEKER, phone="+6281211112222")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(role=Role.SEEKER, phone="081211119999")  # not E.164
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(role=Role.SEEKER, email="", phone="+6281211119999")
    with pytest.raises(ValueError, match="email or a phone"):
        User.objects.create_user(role=Role.SEEKER)

    assert User.objects.count() == 1
