"""Messages rendered from templates, in the recipient's language (Indonesian by default).

The plain-text parts (inbox title and body, email text, SMS) carry user text as typed; the HTML
part of an email is rendered from the plain text with autoescaping on, so a vacancy title like
``<script>`` is shown, never run. A title is a one-line header: line breaks are folded out of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

SMS_LIMIT = 160


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    short: str
    html: str


# context key -> the function giving its value's label in the active language.
_LABELS: dict[str, Callable[[str], str]] = {}


def register_context_label(key: str, label_of: Callable[[str], str]) -> None:
    """Let the app that puts a code into a message's context say how it reads to people.

    The outbox knows no domain model: the applications app registers ``status``, and templates
    then show ``status_label`` in the recipient's language (the code itself if none fits)."""
    _LABELS[key] = label_of


# context key -> the function giving, in the active language, what an emptied value reads as.
_DEFAULTS: dict[str, Callable[[], str]] = {}


def register_context_default(key: str, default_of: Callable[[], str]) -> None:
    """Let an app say what an empty value of a context key reads as (e.g. a name erased at her
    request reads "a removed applicant"), in the recipient's language at render time."""
    _DEFAULTS[key] = default_of


def _one_line(text: str) -> str:
    """Every run of whitespace (CR, LF, tabs included) becomes one space: safe as a header."""
    return " ".join(text.split())


def _shorten(text: str, limit: int = SMS_LIMIT) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_message(*, kind: str, context: dict, language: str | None) -> Message:
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        data = {**context, "site_url": settings.SITE_URL}
        for key, label_of in _LABELS.items():
            if key in data:
                data[f"{key}_label"] = label_of(data[key])
        for key, default_of in _DEFAULTS.items():
            if key in data and not data[key]:
                data[key] = default_of()
        title, body, short = (
            render_to_string(f"notifications/{kind}/{part}.txt", data).strip()
            for part in ("title", "body", "sms")
        )
        title = _one_line(title)
        html = render_to_string(
            "notifications/email.html", {"title": title, "body": body, "language": language}
        )
    return Message(title=title, body=body, short=_shorten(short), html=html)
