"""`manage.py breach_report`: the accounts whose personal data a leak in a window could have
touched, from the access log and the audit events, as CSV or JSON (the 72-hour notice)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.privacy import account_erase_now
from applications.models import ApplicationEvent
from seekers.models import PersonalDataAccess, TrainingCompletion
from tests.accounts.privacy_world import EMAIL, NAME, build_world

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("breach_report", *args, stdout=out)
    return out.getvalue()


def _move_everything_to(moment: datetime.datetime) -> None:
    for model in (PersonalDataAccess, ApplicationEvent, TrainingCompletion):
        model.objects.update(created_at=moment)


def test_the_window_lists_who_was_touched_and_how_as_csv():
    world = build_world()
    inside = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=JAKARTA)
    _move_everything_to(inside)
    # Dewi's application event falls outside the window
    ApplicationEvent.objects.filter(application__seeker=world.other).update(
        created_at=inside - datetime.timedelta(days=30)
    )
    TrainingCompletion.objects.filter(seeker=world.other).update(
        created_at=inside - datetime.timedelta(days=30)
    )

    rows = list(csv.DictReader(io.StringIO(_run("--from", "2026-11-01", "--to", "2026-11-03"))))

    assert [(row["full_name"], row["email"], row["sources"]) for row in rows] == [
        (NAME, EMAIL, "access_log=1;application_event=4;training_record=1")
    ]
    assert rows[0]["first_at"] == rows[0]["last_at"]
    assert datetime.datetime.fromisoformat(rows[0]["first_at"]) == inside


def test_json_output_and_an_empty_window():
    world = build_world()
    _move_everything_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=JAKARTA))

    document = json.loads(_run("--from", "2026-10-01", "--to", "2026-10-31", "--format", "json"))
    full = json.loads(
        _run("--from", "2026-11-02T00:00+07:00", "--to", "2026-11-03", "--format", "json")
    )

    assert (document["accounts"], document["rows"]) == (0, [])
    assert {row["user_id"] for row in full["rows"]} == {world.user.pk, world.other.user.pk}


def test_an_erased_account_is_still_listed_without_contact_details():
    world = build_world()
    account_erase_now(user=world.user)
    today = timezone.localdate().isoformat()

    rows = list(csv.DictReader(io.StringIO(_run("--from", today, "--to", today))))

    siti = next(row for row in rows if row["user_id"] == str(world.user.pk))
    assert (siti["full_name"], siti["email"], siti["is_erased"]) == ("", "", "True")


@pytest.mark.parametrize(
    "args",
    [("--from", "kemarin", "--to", "2026-11-03"), ("--from", "2026-11-03", "--to", "2026-11-01")],
)
def test_bad_windows_are_refused_with_a_clear_message(args):
    with pytest.raises(CommandError):
        _run(*args)
