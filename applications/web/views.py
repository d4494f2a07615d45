"""Applying from a vacancy page: one tap, the same service as the API, then a confirmation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from applications import services
from applications.permissions import require_seeker_profile
from applications.selectors import applications_visible_to
from jobs.selectors import access_vacancy
from web.requests import signed_in_user


@login_required
@require_POST
def vacancy_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: apply to vacancy ``pk``. Refusals (not a seeker, not open, applied already) are the
    service's domain errors, shown as pages by ``web.errors``."""
    user = signed_in_user(request)
    seeker = require_seeker_profile(user=user)
    vacancy = access_vacancy(user=user, vacancy_id=pk)
    services.application_submit(vacancy=vacancy, seeker=seeker, cover_note="")
    return redirect("vacancy-applied", pk=vacancy.pk)


@login_required
def vacancy_applied(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation: her application to vacancy ``pk`` (404 when she has none)."""
    user = signed_in_user(request)
    application = (
        applications_visible_to(user=user)
        .filter(vacancy_id=pk, seeker__user=user)
        .select_related("vacancy__employer")
        .first()
    )
    if application is None:
        raise Http404
    return render(request, "applications/applied.html", {"application": application})
