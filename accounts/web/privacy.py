"""Her rights over her data on the web (under /saya/data/): download it, read who looked at her
NIK, print her AK/1 card, delete her account. The same services as the API."""

from __future__ import annotations

import json
from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.api.privacy import export_filename
from accounts.exceptions import SignInLocked
from accounts.permissions import signed_in_user
from accounts.privacy import account_erase, personal_data_export
from accounts.throttling import client_ident
from accounts.web.views import _rate_limited, _too_many
from seekers.ak1_card import ak1_card_for_holder, ak1_filename, is_ak1_issued
from seekers.models import PersonalDataAccess
from seekers.services import seeker_profile_ensure
from seekers.services.ak1 import ak1_issue
from sicaker.errors import Forbidden, Invalid
from web.forms import PageForm, add_service_errors

ACCESS_LOG_SHOWN = 50


class AccountEraseForm(PageForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What she can do with her data, and the log of staff who looked at her NIK."""
    user = signed_in_user(request)
    accesses = PersonalDataAccess.objects.filter(seeker__user=user).order_by("-created_at", "-pk")
    return render(
        request,
        "accounts/my_data.html",
        {"accesses": accesses[:ACCESS_LOG_SHOWN], "is_seeker": user.is_seeker},
    )


@login_required
@require_GET
def my_data_download(request: HttpRequest) -> HttpResponse:
    """Everything held about her, as a JSON file (the API's ``me/data/``)."""
    data = personal_data_export(user=signed_in_user(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_ak1_card(request: HttpRequest) -> HttpResponse:
    """Her AK/1 card as a PDF, her NIK in full. GET: the card once issued, else a page asking
    to issue it; POST: issue it (a profile without a name goes back to the profile, saying why)
    and then download it."""
    user = signed_in_user(request)
    if not user.is_seeker:
        raise Forbidden(_("Only job seekers have an AK/1 card."))
    seeker = seeker_profile_ensure(user=user)
    if request.method == "POST":
        try:
            ak1_issue(seeker=seeker)
        except Invalid as error:
            for message in (error.fields or {}).get("full_name", [error.message]):
                messages.error(request, str(message))
            return HttpResponseRedirect(reverse("seeker-profile"))
        return HttpResponseRedirect(reverse("my-ak1-card"))
    if not is_ak1_issued(seeker):
        return render(request, "accounts/ak1_issue.html", {"profile": seeker})
    response = HttpResponse(ak1_card_for_holder(seeker=seeker), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{ak1_filename(seeker)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """ "Delete my account": what goes and what stays, then her password to confirm."""
    user = signed_in_user(request)
    if not user.is_seeker:
        raise Forbidden(
            _(
                "Employer and labor-office accounts are closed by the labor office; ask them. "
                "Only a job seeker can delete her own account here."
            )
        )
    status = HTTPStatus.OK
    form = AccountEraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        wait = _rate_limited(request)
        if wait:
            _too_many(form, wait)
            status = HTTPStatus.TOO_MANY_REQUESTS
        elif form.is_valid():
            try:
                account_erase(
                    user=user,
                    password=form.cleaned_data["password"],
                    client=client_ident(request),
                )
            except SignInLocked as error:
                form.add_error(None, str(error.message))
                status = HTTPStatus.TOO_MANY_REQUESTS
            except Invalid as error:
                add_service_errors(form, error)
            else:
                logout(request)
                messages.success(
                    request,
                    _(
                        "Your account is deleted: your name, NIK, contact and location are "
                        "erased. Thank you for using Si-Caker."
                    ),
                )
                return HttpResponseRedirect(reverse("home"))
        if status == HTTPStatus.OK and form.errors:
            status = HTTPStatus.BAD_REQUEST
    return render(request, "accounts/account_delete.html", {"form": form}, status=status)
