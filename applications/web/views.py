"""Her applications on the web: one-tap apply, the confirmation, "Lamaran saya" and withdraw;
the same selectors and services as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import signed_in_user
from applications import services
from applications.models import ApplicationEvent
from applications.permissions import require_seeker_profile
from applications.selectors import (
    ApplicationFilters,
    access_application,
    application_list,
    applications_visible_to,
)
from jobs.selectors import access_vacancy
from seekers.selectors import seeker_profile_gaps
from seekers.web.views import profile_start_url
from sicaker.errors import Forbidden


@login_required
@require_POST
def vacancy_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: apply to vacancy ``pk`` with one tap, when her profile has what employers need
    (``seekers.selectors.seeker_profile_gaps``; else she fills it in first). Refusals (not a
    seeker, not open, applied already) are the service's domain errors, shown as pages by
    ``web.errors``."""
    user = signed_in_user(request)
    seeker = require_seeker_profile(user=user)
    vacancy = access_vacancy(user=user, vacancy_id=pk)
    gaps = seeker_profile_gaps(profile=seeker)
    if gaps:
        # One tap only with a profile employers can judge: fill it in first, then back here.
        messages.info(request, _("Fill in your profile first; then you come back to this vacancy."))
        return redirect(
            profile_start_url(gaps=gaps, next_url=reverse("vacancy-detail", args=[vacancy.pk]))
        )
    services.application_submit(vacancy=vacancy, seeker=seeker, cover_note="")
    return redirect("vacancy-applied", pk=vacancy.pk)


@login_required
def vacancy_applied(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation: her application to vacancy ``pk`` (404 when she has none; the 403 page
    for anyone who is not a job seeker, as on her other pages)."""
    user = signed_in_user(request)
    seeker = require_seeker_profile(user=user)
    application = (
        applications_visible_to(user=user)
        .filter(vacancy_id=pk, seeker=seeker)
        .select_related("vacancy__employer")
        .first()
    )
    if application is None:
        raise Http404
    return render(request, "applications/applied.html", {"application": application})


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """ "Lamaran saya": her applications, newest first, each with its timeline (the API's list
    selector, scoped to who asks); the 403 page for anyone who is not a job seeker."""
    user = signed_in_user(request)
    if not user.is_seeker:
        raise Forbidden(_("Only job seekers have applications of their own."))
    events = ApplicationEvent.objects.order_by("created_at", "pk")
    applications = application_list(user=user, filters=ApplicationFilters()).prefetch_related(
        Prefetch("events", queryset=events)
    )
    # Withdraw is offered where the service's rule allows it (the one the API's withdraw uses).
    rows = [
        {
            "application": application,
            "can_withdraw": services.application_can_withdraw(application=application),
        }
        for application in applications
    ]
    return render(request, "applications/mine.html", {"rows": rows})


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: withdraw her application ``pk`` through the API's service; a refused move (already
    accepted or rejected, not hers) is the service's error, shown by ``web.errors``."""
    user = signed_in_user(request)
    application = access_application(user=user, application_id=pk)
    services.application_withdraw(application=application, actor=user, note="")
    messages.success(request, _("Your application is withdrawn."))
    return redirect("my-applications")
