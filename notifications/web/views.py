"""Her inbox and notification settings on the web, for any signed-in user (seeker, employer or
staff): the same selectors and services as the notifications API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from accounts.permissions import signed_in_user
from notifications import selectors, services
from notifications.api.serializers import QuietHoursSerializer
from notifications.models import Kind, Notification
from notifications.rendering import render_message
from notifications.web.forms import PreferencesForm
from notifications.web.links import Link, notification_link
from web.requests import WebRequest

PAGE_SIZE = 20
MAX_PAGE = 500

# The kinds each role can receive (who hears what is decided by each domain's notifications.py;
# the settings page only offers what she can get, so a seeker is not asked about staff reports).
KINDS_FOR_ROLE: dict[str, tuple[str, ...]] = {
    Role.SEEKER: (
        Kind.APPLICATION_STATUS_CHANGED,
        Kind.ALERT_MATCH,
        Kind.VACANCY_INVITATION,
        Kind.AK1_REPORT_DUE,
        Kind.ACCOUNT_CLAIM,
        Kind.ACCOUNT_INACTIVE_WARNING,
    ),
    Role.EMPLOYER: (
        Kind.APPLICATION_SUBMITTED,
        Kind.APPLICATION_WITHDRAWN,
        Kind.VACANCY_EXPIRING,
        Kind.VACANCY_EXPIRED,
        Kind.EMPLOYER_VERIFIED,
        Kind.EMPLOYER_REFUSED,
        Kind.VACANCY_CLOSED_BY_OFFICE,
    ),
    Role.OFFICER: (Kind.DAILY_DIGEST,),
    Role.ADMIN: (Kind.DAILY_DIGEST,),
}


@dataclass(frozen=True)
class InboxItem:
    notification: Notification
    title: str
    body: str
    link: Link | None

    @property
    def is_read(self) -> bool:
        return self.notification.read_at is not None


def _item(notification: Notification, language: str | None) -> InboxItem:
    message = render_message(
        kind=notification.kind, context=notification.context, language=language
    )
    return InboxItem(
        notification=notification,
        title=message.title,
        body=message.body,
        link=notification_link(kind=notification.kind, context=notification.context),
    )


def _page_number(request: WebRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404(_("There is no such page of your inbox."))
    return int(raw)


def _back_to_inbox(request: WebRequest) -> str:
    """The inbox page she acted on (a page number from the form, else the first page)."""
    page = request.POST.get("page", "")
    url = reverse("inbox")
    return f"{url}?page={page}" if page.isdigit() and 1 < int(page) <= MAX_PAGE else url


def _inbox_context(request: WebRequest, *, user: User, page: int) -> dict[str, Any]:
    start = (page - 1) * PAGE_SIZE
    # One row more than a page says whether a next page exists, without a COUNT.
    rows = list(selectors.notifications_for(user=user)[start : start + PAGE_SIZE + 1])
    language = getattr(request, "LANGUAGE_CODE", None)
    url = reverse("inbox")
    return {
        "items": [_item(notification, language) for notification in rows[:PAGE_SIZE]],
        "page": page,
        "next_url": f"{url}?page={page + 1}" if len(rows) > PAGE_SIZE else "",
        "previous_url": f"{url}?page={page - 1}" if page > 1 else "",
        "is_seeker": user.is_seeker,
    }


@login_required
def inbox(request: WebRequest) -> HttpResponse:
    """Her notifications, newest first, a page at a time ("load more" appends the next one)."""
    user = signed_in_user(request)
    context = _inbox_context(request, user=user, page=_page_number(request))
    if request.htmx and request.GET.get("more"):
        return render(request, "notifications/web/includes/items.html", context)
    return render(request, "notifications/web/inbox.html", context)


@login_required
@require_POST
def notification_read(request: WebRequest, pk: int) -> HttpResponse:
    """POST: mark one of her notifications read (another person's is a 404, as in the API)."""
    user = signed_in_user(request)
    notification = selectors.access_notification(user=user, notification_id=pk)
    notification = services.notification_mark_read(notification=notification)
    if request.htmx:
        # The item, now read, and the header's count (out of band).
        item = _item(notification, getattr(request, "LANGUAGE_CODE", None))
        return render(
            request,
            "notifications/web/includes/marked.html",
            {"item": item, "page": request.POST.get("page", "1")},
        )
    return redirect(_back_to_inbox(request))


@login_required
@require_POST
def notifications_read_all(request: WebRequest) -> HttpResponse:
    """POST: mark all her notifications read."""
    user = signed_in_user(request)
    marked = services.notifications_mark_all_read(user=user)
    if request.htmx:
        # The list from its first page, and the header's count (out of band).
        context = _inbox_context(request, user=user, page=1)
        response = render(
            request, "notifications/web/includes/inbox_body.html", {**context, "oob": True}
        )
        response["HX-Push-Url"] = reverse("inbox")
        return response
    if marked:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("inbox")


def _kinds_for(user: User) -> list[dict[str, Any]]:
    # Essential messages (the link to claim her account) go out whatever her settings: not
    # offered here, as a switch that changes nothing would mislead her.
    wanted = set(KINDS_FOR_ROLE.get(user.role, tuple(Kind.values))) - set(
        services.ESSENTIAL_CHANNELS
    )
    return [row for row in selectors.preferences_for(user=user) if row["kind"] in wanted]


@login_required
def notification_settings(request: WebRequest) -> HttpResponse:
    """Channels per kind of message and quiet hours, saved through the API's services; bad input
    is shown again beside its field, with what she chose kept."""
    user = signed_in_user(request)
    kinds = _kinds_for(user)
    quiet = selectors.quiet_hours_for(user=user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, kinds=kinds)
        if form.is_valid():
            rule = QuietHoursSerializer(
                data={
                    "starts_at": form.cleaned_data["quiet_starts_at"],
                    "ends_at": form.cleaned_data["quiet_ends_at"],
                    "is_enabled": form.cleaned_data["quiet_enabled"],
                }
            )
            if rule.is_valid():
                services.preferences_update(user=user, changes=form.preference_changes())
                services.quiet_hours_update(user=user, **rule.validated_data)
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notification-settings")
            for name, errors in rule.errors.items():
                field = {
                    "starts_at": "quiet_starts_at",
                    "ends_at": "quiet_ends_at",
                    "is_enabled": "quiet_enabled",
                }.get(name)
                for error in errors:
                    form.add_error(field, str(error))
        status = 400
    else:
        initial: dict[str, Any] = {
            "quiet_enabled": quiet.is_enabled,
            "quiet_starts_at": quiet.starts_at,
            "quiet_ends_at": quiet.ends_at,
        }
        for row in kinds:
            for channel in ("email", "sms", "whatsapp"):
                initial[f"{row['kind']}__{channel}"] = row[channel]
        form = PreferencesForm(initial=initial, kinds=kinds)
        status = 200
    return render(
        request,
        "notifications/web/settings.html",
        {"form": form, "has_phone": user.is_phone_verified},
        status=status,
    )
