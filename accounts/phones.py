"""Indonesian mobile numbers: what people type (0812-3456-7890, 62812..., +62 812...) to E.164.

A sign-in number is stored as ``+628`` followed by its remaining digits, so "0812 3456 7890" and
"+6281234567890" are one number. Only mobile numbers (those beginning 08 in the national form)
can receive the SMS or WhatsApp codes that prove them, so a landline or a foreign number is
refused with a message saying what to type.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from sicaker.errors import Invalid

# National significant number of an Indonesian mobile: 8, then the operator digit (1-9), then
# 7 to 10 more digits (numbers are 10 to 13 digits long written with the leading 0).
_MOBILE = re.compile(r"8[1-9][0-9]{7,10}")
# What people put between digits: spaces, dashes, dots, brackets ("+62 (0)812-3456-7890").
_SEPARATORS = re.compile(r"[\s\-.()/]")
E164_PREFIX = "+62"


def is_mobile(raw: str) -> bool:
    """Whether ``raw`` is an Indonesian mobile number in any of the accepted spellings."""
    try:
        normalize_phone(raw)
    except Invalid:
        return False
    return True


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """``raw`` as E.164 (+628...), or Invalid on ``field`` saying how to write the number.

    Accepts 08..., 628..., +628..., also with a superfluous 0 after the country code
    (+62 0812...), and spaces, dashes, dots or brackets between the digits.
    """
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise Invalid({field: [_not_indonesian()]})
    if digits.startswith("62"):
        digits = digits[2:]
        if digits.startswith("0"):
            digits = digits[1:]
    elif digits.startswith("0"):
        digits = digits[1:]
    else:
        raise Invalid({field: [_not_mobile()]})
    if not _MOBILE.fullmatch(digits):
        raise Invalid({field: [_not_mobile()]})
    return f"{E164_PREFIX}{digits}"


def _not_indonesian() -> str:
    return str(
        _(
            "Only Indonesian mobile numbers can be used; write it starting with 08 or +62, "
            "e.g. 0812 3456 7890."
        )
    )


def _not_mobile() -> str:
    return str(
        _(
            "This is not an Indonesian mobile number; write the number of your mobile phone "
            "starting with 08, e.g. 0812 3456 7890."
        )
    )


def display_phone(e164: str | None) -> str:
    """A stored number as people write it: +6281234567890 -> 0812-3456-7890."""
    if not e164 or not e164.startswith(E164_PREFIX):
        return e164 or ""
    national = "0" + e164[len(E164_PREFIX) :]
    return "-".join([national[:4], national[4:8], national[8:]]).rstrip("-")
