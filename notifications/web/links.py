"""Where each notification in the inbox leads: the page of what it is about, when there is one."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import Kind


@dataclass(frozen=True)
class Link:
    url: str
    label: str


def _vacancy(context: dict) -> Link | None:
    vacancy_id = context.get("vacancy_id")
    if not isinstance(vacancy_id, int):
        return None
    return Link(reverse("vacancy-detail", args=[vacancy_id]), _("See the vacancy"))


def notification_link(*, kind: str, context: dict) -> Link | None:
    """The page a notification is about (its context carries the ids, captured at the event).

    Her own application's news opens "My applications" at that application; anything else about
    a vacancy opens the vacancy page; reports have no page of their own yet."""
    application_id = context.get("application_id")
    if kind == Kind.APPLICATION_STATUS_CHANGED and isinstance(application_id, int):
        return Link(
            f"{reverse('my-applications')}#application-{application_id}",
            _("See my application"),
        )
    return _vacancy(context)
