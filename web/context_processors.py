"""What every page's layout needs."""

from __future__ import annotations

from django.http import HttpRequest


def layout(request: HttpRequest) -> dict:
    """The header's unread count: a slot the inbox pages fill in (None hides the badge)."""
    return {"unread_count": None, "inbox_url": ""}
