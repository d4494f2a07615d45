"""Presentation helpers of the web pages: money in rupiah, pay with its unit, JSON-LD."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

if TYPE_CHECKING:
    from jobs.models import Vacancy

register = template.Library()


def _unit(code: str) -> str:
    units = {
        "hour": pgettext("pay unit", "per hour"),
        "day": pgettext("pay unit", "per day"),
        "week": pgettext("pay unit", "per week"),
        "month": pgettext("pay unit", "per month"),
        "piece": pgettext("pay unit", "per piece"),
    }
    return units.get(code, "")


@register.filter
def rupiah(value: int | str | None) -> str:
    """3000 -> "Rp3.000" in Indonesian, "Rp3,000" in English."""
    if value is None or value == "":
        return ""
    return "Rp" + formats.number_format(int(value), force_grouping=True)


@register.simple_tag
def pay(vacancy: Vacancy) -> str:
    """The pay of a vacancy with its unit: "Rp3.000 per potong", "Rp1.500.000–Rp2.000.000 per
    bulan", "from Rp50.000 per day"; "Pay to be agreed" when none is given."""
    low, high, unit = vacancy.pay_min, vacancy.pay_max, _unit(vacancy.pay_unit)
    if low is None and high is None:
        return _("Pay to be agreed")
    if low is not None and high is not None and low != high:
        amount = f"{rupiah(low)}–{rupiah(high)}"
    elif low is not None and high is not None:
        amount = rupiah(low)
    elif low is not None:
        amount = _("from %(amount)s") % {"amount": rupiah(low)}
    else:
        amount = _("up to %(amount)s") % {"amount": rupiah(high)}
    return f"{amount} {unit}".strip()


@register.simple_tag
def distance(km: float | None, from_home: bool = False) -> str:
    """ "2,3 km from your home" (or "from you", for a point the browser gave)."""
    if km is None:
        return ""
    number = formats.number_format(round(km, 1), decimal_pos=1)
    if from_home:
        return _("%(km)s km from your home") % {"km": number}
    return _("%(km)s km from you") % {"km": number}


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict) -> SafeString:
    """A ``<script type="application/ld+json">`` block; safe whatever the strings contain."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
