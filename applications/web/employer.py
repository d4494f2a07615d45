"""The employer's pages about people: the applications to a vacancy as a pipeline by status
(moves offered from the transition table), and the ranked candidates ("Kandidat yang cocok")
with an invitation to apply. The same selectors and services as the API."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from applications import services
from applications.api.serializers import NOTE_MAX_LENGTH
from applications.models import ApplicationEvent, ApplicationStatus
from applications.selectors import (
    ApplicationFilters,
    access_application,
    application_list,
    candidate_get,
    invited_seeker_pks,
)
from jobs.models import Vacancy
from jobs.selectors import access_own_vacancy
from jobs.web.employer import require_employer
from search.selectors import applicant_matches, candidate_matches_for_vacancy
from sicaker.errors import Conflict, NotFound
from sicaker.ids import is_storable_id
from web.forms import PageForm


class MoveForm(PageForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Move to"),
        choices=ApplicationStatus.choices,
        error_messages={"required": gettext_lazy("Choose where to move the application.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note to her (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _pipeline(
    request: HttpRequest,
    vacancy: Vacancy,
    *,
    error: str = "",
    status: int = HTTPStatus.OK,
    failed: dict[int, MoveForm] | None = None,
) -> HttpResponse:
    user = require_employer(request)
    events = ApplicationEvent.objects.order_by("created_at", "pk")
    applications = list(
        application_list(user=user, filters=ApplicationFilters(vacancy_pk=vacancy.pk))
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("submitted_at", "pk")
    )
    matches = applicant_matches(vacancy=vacancy, seekers=[a.seeker for a in applications])
    failed = failed or {}
    columns: list[dict[str, Any]] = []
    for value, label in ApplicationStatus.choices:
        cards = [
            {
                "application": application,
                "match": matches[application.seeker.pk],
                "moves": [
                    (move, ApplicationStatus(move).label)
                    for move in services.employer_moves(status=application.status)
                ],
                "form": failed.get(application.pk) or MoveForm(prefix=f"a{application.pk}"),
            }
            for application in applications
            if application.status == value
        ]
        columns.append({"status": value, "label": label, "cards": cards})
    return render(
        request,
        "applications/employer/pipeline.html",
        {"vacancy": vacancy, "columns": columns, "error": error, "total": len(applications)},
        status=status,
    )


@login_required
def employer_pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The applications to one of her vacancies, by status; another's vacancy is a 404."""
    user = require_employer(request)
    return _pipeline(request, access_own_vacancy(user=user, vacancy_id=pk))


@login_required
@require_POST
def employer_application_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an application with a note through ``application_transition``; a move the table
    does not allow (or a full vacancy) is shown on the pipeline with a 409, nothing changed."""
    user = require_employer(request)
    if not is_storable_id(pk):
        raise NotFound(_("No application with this id is visible to you."))
    application = access_application(user=user, application_id=pk)
    vacancy = access_own_vacancy(user=user, vacancy_id=application.vacancy_id)
    form = MoveForm(request.POST, prefix=f"a{application.pk}")
    if not form.is_valid():
        return _pipeline(
            request, vacancy, status=HTTPStatus.BAD_REQUEST, failed={application.pk: form}
        )
    try:
        moved = services.application_transition(
            application=application,
            to_status=form.cleaned_data["status"],
            actor=user,
            note=form.cleaned_data["note"],
        )
    except Conflict as error:
        return _pipeline(request, vacancy, error=str(error.message), status=HTTPStatus.CONFLICT)
    messages.success(
        request,
        _("%(name)s: %(status)s.")
        % {"name": moved.seeker.display_name, "status": ApplicationStatus(moved.status).label},
    )
    return redirect(reverse("employer-pipeline", args=[vacancy.pk]) + f"#application-{moved.pk}")


@login_required
def employer_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Kandidat yang cocok": job seekers ranked for one of her vacancies, anonymous until
    they apply (the API's rule); a draft or an unverified business gets the service's reason."""
    user = require_employer(request)
    vacancy = access_own_vacancy(user=user, vacancy_id=pk)
    try:
        candidates = candidate_matches_for_vacancy(vacancy=vacancy)
    except Conflict as error:
        return render(
            request,
            "applications/employer/candidates.html",
            {"vacancy": vacancy, "candidates": [], "error": str(error.message)},
            status=HTTPStatus.CONFLICT,
        )
    invited = invited_seeker_pks(user=user, vacancy_pk=vacancy.pk)
    return render(
        request,
        "applications/employer/candidates.html",
        {
            "vacancy": vacancy,
            "candidates": [
                {
                    "item": item,
                    "number": number,
                    "is_invited": item.seeker.pk in invited,
                }
                for number, item in enumerate(candidates, start=1)
            ],
            "error": "",
        },
    )


@login_required
@require_POST
def employer_invite(request: HttpRequest, pk: int, seeker_pk: int) -> HttpResponse:
    """Invite a candidate to apply (``invitation_send``): she is notified once; a second tap
    says she was invited already and sends nothing."""
    user = require_employer(request)
    vacancy = access_own_vacancy(user=user, vacancy_id=pk)
    seeker = candidate_get(seeker_pk=seeker_pk)
    _invitation, is_new = services.invitation_send(vacancy=vacancy, seeker=seeker, actor=user)
    if is_new:
        messages.success(request, _("Invitation sent: she gets a message to apply."))
    else:
        messages.info(request, _("You invited her already; she was not sent another message."))
    return redirect(reverse("employer-candidates", args=[vacancy.pk]) + f"#candidate-{seeker.pk}")
