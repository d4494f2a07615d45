"""Where each notification in the inbox leads: the page of what it is about, when there is one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.models import Kind

# Notices only the vacancy's employer receives: they lead to her own pages, not the public one.
EMPLOYER_PIPELINE_KINDS = frozenset({Kind.APPLICATION_SUBMITTED, Kind.APPLICATION_WITHDRAWN})
EMPLOYER_VACANCY_KINDS = frozenset(
    {Kind.VACANCY_EXPIRING, Kind.VACANCY_EXPIRED, Kind.VACANCY_CLOSED_BY_OFFICE}
)
EMPLOYER_ACCOUNT_KINDS = frozenset({Kind.EMPLOYER_VERIFIED, Kind.EMPLOYER_REFUSED})
# Notices about her own card or account: the page to act on (the AK/1 reminder: her card).
SEEKER_ACCOUNT_LINKS: dict[str, tuple[str, Any]] = {
    Kind.AK1_REPORT_DUE: ("my-ak1-card", gettext_lazy("Download my AK/1 card")),
    Kind.ACCOUNT_INACTIVE_WARNING: ("my-data", gettext_lazy("See my data")),
    # Read once claimed: what she agreed to on the paper form.
    Kind.ACCOUNT_CLAIM: ("my-privacy", gettext_lazy("See my consents")),
}


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

    Her own application's news opens "My applications" at that application; an employer's news
    about her vacancy opens its pipeline (a new or withdrawn application) or her vacancy's page
    (expiring, expired, closed by the labor office); anything else about a vacancy opens the
    public vacancy page; reports have no page of their own yet."""
    application_id = context.get("application_id")
    vacancy_id = context.get("vacancy_id")
    if kind == Kind.APPLICATION_STATUS_CHANGED and isinstance(application_id, int):
        return Link(
            f"{reverse('my-applications')}#application-{application_id}",
            _("See my application"),
        )
    if kind in SEEKER_ACCOUNT_LINKS:
        url_name, label = SEEKER_ACCOUNT_LINKS[kind]
        return Link(reverse(url_name), str(label))
    if kind in EMPLOYER_ACCOUNT_KINDS:
        return Link(reverse("employer-home"), _("See my business"))
    if isinstance(vacancy_id, int):
        if kind in EMPLOYER_PIPELINE_KINDS:
            return Link(reverse("employer-pipeline", args=[vacancy_id]), _("See the applications"))
        if kind in EMPLOYER_VACANCY_KINDS:
            return Link(reverse("employer-vacancy", args=[vacancy_id]), _("See my vacancy"))
    return _vacancy(context)
