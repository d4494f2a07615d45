"""Messages rendered from templates, in the recipient's language (Indonesian by default)."""

from __future__ import annotations

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


def _status_label(code: str) -> str:
    from applications.models import ApplicationStatus

    try:
        return str(ApplicationStatus(code).label)
    except ValueError:
        return code


def _shorten(text: str, limit: int = SMS_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_message(*, kind: str, context: dict, language: str | None) -> Message:
    with translation.override(language or settings.LANGUAGE_CODE):
        data = {**context, "site_url": settings.SITE_URL}
        if "status" in data:
            data["status_label"] = _status_label(data["status"])
        title, body, short = (
            render_to_string(f"notifications/{kind}/{part}.txt", data).strip()
            for part in ("title", "body", "sms")
        )
    return Message(title=title, body=body, short=_shorten(short))
