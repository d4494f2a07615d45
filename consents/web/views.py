"""The privacy notice, her consents page (/saya/privasi/), and claiming an account an officer
opened (/klaim/<code>/): the same selectors and services as the consents API, no JavaScript
needed."""

from __future__ import annotations

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import signed_in_user
from consents import selectors, services
from consents.models import Purpose
from consents.web.forms import ClaimForm, ConsentsForm
from sicaker.errors import Invalid, NotFound
from web.forms import add_service_errors

MAX_VERSION_DIGITS = 6


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice, current or ``?versi=N`` (what someone agreed to back then)."""
    raw = request.GET.get("versi", "")
    if raw and not (raw.isdigit() and len(raw) <= MAX_VERSION_DIGITS):
        raise Http404(_("There is no privacy notice of this version."))
    current = selectors.privacy_notice_current()
    notice = selectors.privacy_notice_by_version(version=int(raw)) if raw else current
    return render(
        request,
        "consents/notice.html",
        {"notice": notice, "paragraphs": notice.text.splitlines()[1:], "current": current},
    )


@login_required
def my_privacy(request: HttpRequest) -> HttpResponse:
    """What she agreed to, per purpose, changed with one form; and every earlier period."""
    user = signed_in_user(request)
    given = selectors.consents_given(user=user)
    purposes = list(Purpose.values) if user.is_seeker else [Purpose.CONTACT_BY_PHONE]
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ConsentsForm(request.POST)
        if form.is_valid():
            wanted = {purpose: form.cleaned_data[purpose] for purpose in purposes}
            try:
                changed = services.consents_set(user=user, wanted=wanted, actor=user)
            except Invalid as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your choices are saved.") if changed else _("Nothing changed."),
                )
                return redirect("my-privacy")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ConsentsForm(initial={purpose: purpose in given for purpose in purposes})
    for name in list(form.fields):
        if name not in purposes:
            del form.fields[name]
    return render(
        request,
        "consents/my_privacy.html",
        {
            "form": form,
            "given": given,
            "history": selectors.consent_history(user=user),
            "notice": selectors.privacy_notice_current(),
        },
        status=status,
    )


def claim(request: HttpRequest, secret: str) -> HttpResponse:
    """She opens the link from her SMS, chooses a password, and is signed in."""
    try:
        pending = services.account_claim_for_secret(secret=secret)
    except NotFound:
        return render(request, "consents/claim_gone.html", status=HTTPStatus.NOT_FOUND)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_claim_complete(
                secret=secret, password=form.cleaned_data["password"]
            )
        except Invalid as error:
            add_service_errors(form, error)
        except NotFound:
            return render(request, "consents/claim_gone.html", status=HTTPStatus.NOT_FOUND)
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(
                request,
                _("Your account is ready. Check below what you agreed to on the paper form."),
            )
            return redirect("my-privacy")
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(
        request,
        "consents/claim.html",
        {"form": form, "full_name": pending.user.full_name, "phone": pending.user.phone},
        status=status,
    )
