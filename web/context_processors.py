"""What every page's layout needs."""

from __future__ import annotations

from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from notifications.selectors import unread_count


def layout(request: HttpRequest) -> dict:
    """The header's inbox link and unread count, for any signed-in user (seeker, employer or
    staff): one indexed COUNT per page (recipient, read_at), none for anonymous visitors.
    Rendered after the view ran, so a page that just marked something read shows the new count."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"unread_count": None, "inbox_url": ""}
    try:
        count: int | None = unread_count(user=user)
    except DatabaseError:  # an error page about the database itself must still render
        count = None
    return {"unread_count": count, "inbox_url": reverse("inbox")}
