"""Her profile on the web: an overview and a short form in steps, each step saved through the
API's own service (``seeker_profile_update``), so the profile's rules stay in one place.

A step saves at once (one transaction in the service) and leads on to the next; from the
overview ("Ubah") it leads back there. ``next`` (a local URL only) is where the last step of a
walk-through returns her: the vacancy she wanted to apply to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework.throttling import SimpleRateThrottle

from accounts.permissions import signed_in_user
from jobs.models import Weekday, WorkType
from jobs.skills import skill_search
from seekers import nik as nik_codec
from seekers.api.throttling import NikChangePerAccountThrottle, NikChangePerClientThrottle
from seekers.models import SeekerProfile, SkillSource
from seekers.selectors import seeker_profile_detail, seeker_profile_gaps
from seekers.services import seeker_profile_ensure, seeker_profile_update
from seekers.web import forms as step_forms
from sicaker.errors import Invalid
from web.forms import add_service_errors
from web.requests import WebRequest

SUGGESTIONS = 8


@dataclass(frozen=True)
class Step:
    slug: str
    title: Any  # a lazy translation
    form: type[step_forms.ProfileStepForm]
    template: str


STEPS = (
    Step("tentang", gettext_lazy("About you"), step_forms.AboutForm, "seekers/steps/about.html"),
    Step(
        "alamat",
        gettext_lazy("Where you live"),
        step_forms.AddressForm,
        "seekers/steps/address.html",
    ),
    Step(
        "pekerjaan", gettext_lazy("Work you want"), step_forms.WorkForm, "seekers/steps/work.html"
    ),
    Step(
        "waktu", gettext_lazy("When you are free"), step_forms.TimeForm, "seekers/steps/time.html"
    ),
    Step(
        "keahlian", gettext_lazy("Your skills"), step_forms.SkillsForm, "seekers/steps/skills.html"
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
# Where she starts when her profile lacks an essential of the one-tap apply: a new profile (no
# name or district yet) is walked from the first step, where the NIK is asked; a profile lacking
# only skills goes straight to the skills.
STEP_OF_GAP = {"full_name": "tentang", "district": "tentang", "skills": "keahlian"}


def local_next(request: HttpRequest) -> str:
    """The ``next`` the request carries when it is a path on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def step_url(slug: str, *, next_url: str = "", is_edit: bool = False) -> str:
    params = {
        key: value for key, value in (("next", next_url), ("ubah", "1" if is_edit else "")) if value
    }
    url = reverse("seeker-profile-step", args=[slug])
    return f"{url}?{urlencode(params)}" if params else url


def profile_start_url(*, gaps: list[str], next_url: str = "") -> str:
    """Where a seeker whose profile lacks ``gaps`` starts filling it in: the first step that
    fills one of them (the walk-through then goes on step by step)."""
    slug = next((STEP_OF_GAP[gap] for gap in gaps if gap in STEP_OF_GAP), STEPS[0].slug)
    return step_url(slug, next_url=next_url)


def _own_profile(request: HttpRequest) -> tuple[SeekerProfile, Any]:
    """Her profile with its skills and trainings (the 403 page for anyone not a job seeker)."""
    user = signed_in_user(request)
    profile = seeker_profile_ensure(user=user)  # Forbidden for employers and staff
    return seeker_profile_detail(profile=profile), user


@login_required
def profile_overview(request: HttpRequest) -> HttpResponse:
    """ "Profil saya": every step's answers, each with a link to change it."""
    profile, _user = _own_profile(request)
    links = list(profile.skill_links.all())
    gaps = seeker_profile_gaps(profile=profile)
    return render(
        request,
        "seekers/profile.html",
        {
            "profile": profile,
            "verified_skills": [link for link in links if link.source == SkillSource.TRAINING],
            "own_skills": [link for link in links if link.source != SkillSource.TRAINING],
            "gaps": gaps,
            "start_url": profile_start_url(gaps=gaps),
            "edit_urls": {step.slug: step_url(step.slug, is_edit=True) for step in STEPS},
            "work_types": [
                label for value, label in WorkType.choices if value in profile.wanted_work_types
            ],
            "days": [label for value, label in Weekday.choices if value in profile.available_days],
        },
    )


def _nik_wait(request: HttpRequest, form: step_forms.ProfileStepForm) -> int | None:
    """Seconds to wait when she tried too many new NIKs: the API's limits, counted the same way
    (only a plausible NIK other than hers counts: whether one can be saved tells whether someone
    else holds it)."""
    nik = form.cleaned_data.get("nik") or ""
    try:
        facts = nik_codec.validate_nik(nik)
    except nik_codec.InvalidNik:
        return None
    if nik_codec.nik_digest(facts.nik) == form.profile.nik_digest:
        return None
    for throttle in (NikChangePerAccountThrottle(), NikChangePerClientThrottle()):
        # The limit itself, without the API's "is this PATCH a NIK change" test done above; the
        # throttles read only the user, the client address and the cache.
        if not SimpleRateThrottle.allow_request(throttle, request, None):  # type: ignore[arg-type]
            return max(1, math.ceil(throttle.wait() or 60))
    return None


def _after_save(request: HttpRequest, step: Step, *, next_url: str, is_edit: bool) -> str:
    if is_edit:
        messages.success(request, _("Saved."))
        return reverse("seeker-profile")
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        return step_url(STEPS[index + 1].slug, next_url=next_url)
    messages.success(request, _("Your profile is saved."))
    return next_url or reverse("seeker-profile")


def _suggestions(query: str, *, exclude: set[str]) -> list[dict[str, Any]]:
    """Skills matching ``query`` by any name, synonym or stem (the API's skill search), with the
    synonyms that explain a match she would not guess from the name."""
    if not query.strip():
        return []
    found = []
    for skill in skill_search(q=query)[: SUGGESTIONS + len(exclude)]:
        if skill.slug in exclude:
            continue
        found.append({"slug": skill.slug, "name": skill.name, "synonyms": skill.synonyms[:3]})
        if len(found) == SUGGESTIONS:
            break
    return found


@login_required
def profile_step(request: HttpRequest, slug: str) -> HttpResponse:
    """One step of the form: GET shows her answers, POST saves them through the service and
    leads on; a refused POST shows the step again with the messages and what she typed."""
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    profile, user = _own_profile(request)
    next_url = local_next(request)
    is_edit = (request.POST.get("ubah") or request.GET.get("ubah")) == "1"
    status = HTTPStatus.OK
    suggestions: list[dict[str, Any]] = []
    if request.method == "POST":
        form = step.form(request.POST, profile=profile)
        is_search = request.POST.get("action") == "search"
        if form.is_valid() and is_search:
            picked = {skill.slug for skill in form.cleaned_data.get("skills", [])}
            suggestions = _suggestions(
                form.cleaned_data.get("q", ""), exclude=picked | _verified(profile)
            )
        elif form.is_valid():
            wait = _nik_wait(request, form) if "nik" in form.fields else None
            if wait:
                form.add_error("nik", _too_many_niks(wait))
                status = HTTPStatus.TOO_MANY_REQUESTS
            else:
                try:
                    seeker_profile_update(profile=profile, actor=user, **form.service_arguments())
                except Invalid as error:
                    add_service_errors(form, error)
                else:
                    return HttpResponseRedirect(
                        _after_save(request, step, next_url=next_url, is_edit=is_edit)
                    )
        if form.errors and status == HTTPStatus.OK:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = step.form(profile=profile)
    return render(
        request,
        "seekers/profile_step.html",
        _step_context(profile, step, form, next_url=next_url, is_edit=is_edit)
        | {"suggestions": suggestions, "searched": bool(request.POST.get("action") == "search")},
        status=status,
    )


def _too_many_niks(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many attempts to change the NIK; try again in %(minutes)d minute, or ask the labor "
        "office for help.",
        "Too many attempts to change the NIK; try again in %(minutes)d minutes, or ask the labor "
        "office for help.",
        minutes,
    ) % {"minutes": minutes}


def _verified(profile: SeekerProfile) -> set[str]:
    return {
        link.skill.slug for link in profile.skill_links.all() if link.source == SkillSource.TRAINING
    }


def _step_context(
    profile: SeekerProfile,
    step: Step,
    form: step_forms.ProfileStepForm,
    *,
    next_url: str,
    is_edit: bool,
) -> dict[str, Any]:
    index = STEPS.index(step)
    links = list(profile.skill_links.all())
    chosen: list[Any] = []
    if isinstance(form, step_forms.SkillsForm):
        chosen = _chosen_skills(form)
    return {
        "profile": profile,
        "step": step,
        "form": form,
        "number": index + 1,
        "total": len(STEPS),
        "next": next_url,
        "is_edit": is_edit,
        "is_last": index + 1 == len(STEPS),
        "back_url": (
            reverse("seeker-profile")
            if is_edit or index == 0
            else step_url(STEPS[index - 1].slug, next_url=next_url)
        ),
        "verified_skills": [link for link in links if link.source == SkillSource.TRAINING],
        "chosen_skills": chosen,
    }


def _chosen_skills(form: step_forms.SkillsForm) -> list[dict[str, str]]:
    """The skills ticked in the form: what she sent (kept after a refusal or a search), else
    her declared skills."""
    if form.is_bound:
        slugs = [str(slug) for slug in form.data.getlist("skills")]  # type: ignore[attr-defined]
    else:
        slugs = list(form.initial.get("skills", []))
    by_slug = {
        skill.slug: skill.name
        for skill in form.fields["skills"].queryset.filter(slug__in=slugs)  # type: ignore[attr-defined]
    }
    return [
        {"slug": slug, "name": by_slug[slug]} for slug in dict.fromkeys(slugs) if slug in by_slug
    ]


@login_required
def subdistrict_field(request: WebRequest) -> HttpResponse:
    """htmx: the kelurahan picker for the district she just picked (the page without JavaScript
    lists every kelurahan and the form checks the pair)."""
    profile, _user = _own_profile(request)
    form = step_forms.AddressForm(profile=profile, initial={"district": ""})
    form.narrow_subdistricts(request.GET.get("district", ""))
    return render(request, "seekers/includes/subdistrict_field.html", {"form": form})


@login_required
def skill_suggestions(request: WebRequest) -> HttpResponse:
    """htmx: skills matching what she types (names, synonyms, stems), as boxes to tick."""
    profile, _user = _own_profile(request)
    picked = set(request.GET.getlist("skills")) | _verified(profile)
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "seekers/includes/skill_suggestions.html",
        {"suggestions": _suggestions(query, exclude=picked), "searched": bool(query.strip())},
    )
