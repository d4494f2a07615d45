"""Issuing the AK/1 job-seeker card ("kartu kuning"): its number, once, and its dates.

Number format: ``<city code>-<year>-<serial>``, e.g. ``3577-2026-000042``: the BPS code of the
issuing office's city (``AK1_CITY_CODE``), the year of issue and a serial counted per city and
year in ``Ak1Sequence`` (a row lock makes two issues at once get two numbers). A number, once
issued (or typed in from the paper card an office gave her earlier), never changes.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from seekers.models import Ak1Sequence, SeekerProfile
from sicaker.errors import Invalid

REPORTS_PER_CARD = 4  # a card is valid two years, reported every six months
REPORT_MONTHS = 6


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def ak1_reporting_dates(*, issued_on: datetime.date) -> list[datetime.date]:
    """The six-monthly dates she reports her card on, for its two years."""
    return [
        _add_months(issued_on, REPORT_MONTHS * number) for number in range(1, REPORTS_PER_CARD + 1)
    ]


def _next_number(*, city_code: str, year: int) -> str:
    Ak1Sequence.objects.get_or_create(city_code=city_code, year=year)
    sequence = Ak1Sequence.objects.select_for_update().get(city_code=city_code, year=year)
    Ak1Sequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    sequence.refresh_from_db(fields=["last_number"])
    return f"{city_code}-{year}-{sequence.last_number:06d}"


def ak1_issue(*, seeker: SeekerProfile, today: datetime.date | None = None) -> SeekerProfile:
    """Her card's number and date of issue: issued now if she has none, kept if she has.

    Rules: a card names its holder, so a profile without a name is refused (Invalid on
    ``full_name``), and so is an erased one. Idempotent: a second call changes nothing."""
    if seeker.is_erased or not seeker.full_name.strip():
        raise Invalid(
            {"full_name": [_("Fill in your full name on your profile first; the card shows it.")]}
        )
    if seeker.ak1_number and seeker.ak1_issued_on:
        return seeker
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = SeekerProfile.objects.select_for_update().get(pk=seeker.pk)
        fields = []
        if not locked.ak1_number:
            locked.ak1_number = _next_number(city_code=settings.AK1_CITY_CODE, year=today.year)
            fields.append("ak1_number")
        if locked.ak1_issued_on is None:
            locked.ak1_issued_on = today
            fields.append("ak1_issued_on")
        if fields:
            locked.save(update_fields=[*fields, "updated_at"])
    seeker.ak1_number, seeker.ak1_issued_on = locked.ak1_number, locked.ak1_issued_on
    return seeker
