"""The labor office and a seeker's personal data: her NIK in full and her AK/1 card with it are
explicit actions with a reason, written to the access log she reads (``seekers.services.access``).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from accounts.permissions import signed_in_user
from office.web.views import staff_only
from seekers.ak1_card import ak1_card_for_staff, ak1_filename, is_ak1_issued
from seekers.selectors import seeker_get_for_staff
from seekers.services.access import REASON_MAX_LENGTH, seeker_nik_reveal
from sicaker.errors import Invalid
from web.forms import PageForm, add_service_errors


class RevealForm(PageForm):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need it?"),
        help_text=gettext_lazy(
            "She reads this in her access log, with the office's name and the time."
        ),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say why you need the full NIK.")},
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_only
def seeker_nik(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form asking why; POST with a reason: the page showing her NIK (logged)."""
    actor = signed_in_user(request)
    profile = seeker_get_for_staff(actor=actor, pk=pk)
    form = RevealForm(request.POST if request.method == "POST" else None)
    nik = ""
    if form.is_valid():
        try:
            nik = seeker_nik_reveal(seeker=profile, actor=actor, reason=form.cleaned_data["reason"])
        except Invalid as error:
            add_service_errors(form, error)
    status = HTTPStatus.BAD_REQUEST if form.is_bound and form.errors else HTTPStatus.OK
    response = render(
        request,
        "office/seeker_nik.html",
        {
            "profile": profile,
            "form": form,
            "nik": nik,
            "purpose": "nik",
            "office_name": settings.OFFICE_NAME,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


class CardForm(RevealForm):
    """The staff card: a reason only when the NIK is to be shown in full."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False
        self.fields["reason"].label = gettext_lazy("To print the NIK in full: why?")
        self.fields["reason"].help_text = gettext_lazy(
            "Leave empty for the card with the NIK masked. A reason is read by her in her "
            "access log, with the office's name and the time."
        )


@staff_only
def seeker_ak1_card(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: her issued AK/1 card with the NIK masked, or (none issued yet, or ``?nik=1``) the
    form. POST: issue the card if she has none, then download it; with a reason, the NIK in full
    (logged). A bad reason re-shows the form, nothing written."""
    actor = signed_in_user(request)
    profile = seeker_get_for_staff(actor=actor, pk=pk)
    form = CardForm(request.POST if request.method == "POST" else None)
    context = {"profile": profile, "form": form, "nik": "", "purpose": "card"}
    context["office_name"] = settings.OFFICE_NAME
    if request.method != "POST":
        if is_ak1_issued(profile) and request.GET.get("nik") != "1":
            return _pdf(ak1_card_for_staff(seeker=profile, actor=actor), ak1_filename(profile))
        return render(request, "office/seeker_nik.html", context)
    if form.is_valid():
        try:
            content = ak1_card_for_staff(
                seeker=profile, actor=actor, reason=form.cleaned_data["reason"], issue=True
            )
        except Invalid as error:
            add_service_errors(form, error)
        else:
            profile.refresh_from_db()
            return _pdf(content, ak1_filename(profile))
    return render(request, "office/seeker_nik.html", context, status=HTTPStatus.BAD_REQUEST)
