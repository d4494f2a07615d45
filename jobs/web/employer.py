"""The employer's pages ("Usaha saya"): her business and where its verification stands, her
vacancies with their counts, the vacancy form with its skill finder, publish, close and reopen
as a copy. The same selectors and services as the API; their refusals are shown on the page."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import signed_in_user
from applications.models import ApplicationStatus
from applications.selectors import application_counts_by_vacancy
from jobs import services
from jobs.models import ClosedReason, Employer, Skill, Vacancy, VacancyStatus
from jobs.selectors import (
    access_own_vacancy,
    employer_of,
    employer_verification_state,
    vacancy_counts_by_status,
    vacancy_list,
)
from jobs.skills import skill_search
from jobs.web.forms import EmployerForm, VacancyForm, add_errors_from_service, place_value
from sicaker.errors import Conflict, Forbidden, Invalid, status_for

SKILL_RESULTS = 8


def require_employer(request: HttpRequest) -> User:
    """The signed-in employer account; the 403 page for anyone else."""
    user = signed_in_user(request)
    if not user.is_employer:
        raise Forbidden(
            _("These pages are for employers; sign in with the account of your business.")
        )
    return user


# Her business --------------------------------------------------------------------------------


@login_required
def employer_home(request: HttpRequest) -> HttpResponse:
    """ "Usaha saya": her business and its verification, or the way to register it."""
    user = require_employer(request)
    employer = employer_of(user=user)
    if employer is None:
        return redirect("employer-profile")
    return render(
        request,
        "jobs/employer/home.html",
        {
            "employer": employer,
            "verification": employer_verification_state(employer),
            "by_status": vacancy_counts_by_status(employer=employer),
        },
    )


@login_required
def employer_profile(request: HttpRequest) -> HttpResponse:
    """Register her business (``employer_create``) or change it (``employer_update``)."""
    user = require_employer(request)
    employer = employer_of(user=user)
    current = place_value(employer.city, employer.district) if employer else ""
    status = HTTPStatus.OK
    if request.method == "POST":
        form = EmployerForm(request.POST, current_place=current)
        if form.is_valid():
            try:
                if employer is None:
                    services.employer_create(owner=user, data=form.service_data())
                    messages.success(
                        request,
                        _(
                            "Your business is registered. The labor office (Disnaker) "
                            "verifies it; meanwhile you can write vacancies as drafts."
                        ),
                    )
                else:
                    updated = services.employer_update(employer=employer, data=form.service_data())
                    messages.success(
                        request,
                        _("Saved. The labor office checks the new name, kind, NIB or city.")
                        if updated.pending_changes
                        else _("Saved."),
                    )
            except Invalid as error:
                add_errors_from_service(form, error)
            else:
                return redirect("employer-home")
        status = HTTPStatus.BAD_REQUEST
    else:
        initial = EmployerForm.initial_for(employer) if employer else {}
        form = EmployerForm(initial=initial, current_place=current)
    return render(
        request,
        "jobs/employer/profile.html",
        {"form": form, "employer": employer},
        status=status,
    )


# Her vacancies -------------------------------------------------------------------------------


def _own_employer(user: User) -> Employer:
    employer = employer_of(user=user)
    if employer is None:
        raise Forbidden(_("Register your business first; then you can post vacancies."))
    return employer


@login_required
def employer_vacancies(request: HttpRequest) -> HttpResponse:
    """Her vacancies, drafts first, each with its applications per status and positions
    filled (two queries whatever the number of vacancies)."""
    user = require_employer(request)
    employer = employer_of(user=user)
    if employer is None:
        return redirect("employer-profile")
    vacancies = list(vacancy_list(user=user, filters={"mine": True}))
    counts = application_counts_by_vacancy(user=user, vacancy_pks=[v.pk for v in vacancies])
    rows = [
        {
            "vacancy": vacancy,
            "counts": [
                (status, label, counts[vacancy.pk].get(status, 0))
                for status, label in ApplicationStatus.choices
                if counts[vacancy.pk].get(status, 0)
            ],
            "total": sum(counts[vacancy.pk].values()),
        }
        for vacancy in vacancies
    ]
    return render(
        request,
        "jobs/employer/vacancies.html",
        {"employer": employer, "verification": employer_verification_state(employer), "rows": rows},
    )


def _vacancy_page(
    request: HttpRequest, vacancy: Vacancy, *, error: str = "", status: int = HTTPStatus.OK
) -> HttpResponse:
    counts = application_counts_by_vacancy(user=signed_in_user(request), vacancy_pks=[vacancy.pk])
    return render(
        request,
        "jobs/employer/vacancy.html",
        {
            "vacancy": vacancy,
            "employer": vacancy.employer,
            "verification": employer_verification_state(vacancy.employer),
            "counts": [
                (value, label, counts[vacancy.pk].get(value, 0))
                for value, label in ApplicationStatus.choices
            ],
            "total": sum(counts[vacancy.pk].values()),
            "error": error,
        },
        status=status,
    )


@login_required
def employer_vacancy(request: HttpRequest, pk: int) -> HttpResponse:
    """One of her vacancies: its state, counts and what she can do with it now."""
    user = require_employer(request)
    return _vacancy_page(request, access_own_vacancy(user=user, vacancy_id=pk))


def _skill_choices() -> list[tuple[str, str]]:
    return [(skill.slug, skill.name) for skill in Skill.objects.filter(is_active=True)]


def _as_initial(data: QueryDict) -> dict[str, Any]:
    """What she typed, as the initial values of a fresh (unchecked) form."""
    lists = ("required_skills", "preferred_skills", "work_days")
    return {
        key: data.getlist(key) if key in lists else data.get(key)
        for key in data
        if key != "csrfmiddlewaretoken"
    }


def _skills_found(text: str) -> list[Skill]:
    return list(skill_search(q=text)[:SKILL_RESULTS]) if text.strip() else []


def _selected(form: VacancyForm, field: str) -> list[Skill]:
    value = form[field].value() or []
    slugs = [value] if isinstance(value, str) else list(value)
    found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def _render_form(
    request: HttpRequest,
    form: VacancyForm,
    *,
    vacancy: Vacancy | None,
    employer: Employer,
    found: list[Skill] | None = None,
    searched: str = "",
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    return render(
        request,
        "jobs/employer/vacancy_form.html",
        {
            "form": form,
            "vacancy": vacancy,
            "employer": employer,
            "verification": employer_verification_state(employer),
            "required": _selected(form, "required_skills"),
            "preferred": _selected(form, "preferred_skills"),
            "found": found or [],
            "searched": searched,
        },
        status=status,
    )


def _blank_form(
    request: HttpRequest, *, user: User, vacancy: Vacancy | None, options: dict[str, Any]
) -> VacancyForm:
    """The form as first shown: the vacancy's answers, a copy's (``?salin=<pk>``: reopen a
    closed vacancy as a new draft, without its closing date), or empty."""
    source = vacancy
    copy_of = request.GET.get("salin", "")
    if vacancy is None and copy_of.isascii() and copy_of.isdigit():
        source = access_own_vacancy(user=user, vacancy_id=int(copy_of))
    initial = VacancyForm.initial_for(source) if source else {}
    if source is not None and vacancy is None:
        initial.pop("valid_through")
    return VacancyForm(initial=initial, **options)


def _with_skill_changes(request: HttpRequest, options: dict[str, Any]) -> tuple[VacancyForm, str]:
    """The form shown again as she typed it, with the skill she added; and what to look up."""
    initial = _as_initial(request.POST)
    searched = request.POST.get("skill_q", "")
    for field, key in (("required_skills", "add_required"), ("preferred_skills", "add_preferred")):
        slug = request.POST.get(key, "")
        if slug:
            searched = initial["skill_q"] = ""
            if slug not in initial.setdefault(field, []):
                initial[field].append(slug)
    return VacancyForm(initial=initial, **options), searched


def _saved(
    form: VacancyForm, *, vacancy: Vacancy | None, employer: Employer, user: User
) -> Vacancy | None:
    """The vacancy saved through the API's services, or None with their messages on the form."""
    if not form.is_valid():
        return None
    try:
        if vacancy is None:
            return services.vacancy_create(employer=employer, actor=user, data=form.service_data())
        return services.vacancy_update(vacancy=vacancy, actor=user, data=form.service_data())
    except Invalid as error:
        add_errors_from_service(form, error)
    except Conflict as error:
        form.add_error(None, str(error.message))
    return None


def _vacancy_form(request: HttpRequest, *, vacancy: Vacancy | None) -> HttpResponse:
    """The form of a new vacancy (``vacancy`` None) or of an edit, with its skill finder.

    Without JavaScript the finder is a submit button that shows the form again with the skills
    found; "add" buttons show it again with the skill added. Only "Save" calls a service."""
    user = require_employer(request)
    employer = vacancy.employer if vacancy else _own_employer(user)
    options: dict[str, Any] = {
        "skill_choices": _skill_choices(),
        "current_place": place_value(vacancy.city, vacancy.district) if vacancy else "",
    }
    if request.method != "POST":
        form = _blank_form(request, user=user, vacancy=vacancy, options=options)
        return _render_form(request, form, vacancy=vacancy, employer=employer)
    is_finding = request.POST.get("action") == "find"
    if is_finding or request.POST.get("add_required") or request.POST.get("add_preferred"):
        form, searched = _with_skill_changes(request, options)
        found = _skills_found(searched)
        return _render_form(
            request, form, vacancy=vacancy, employer=employer, found=found, searched=searched
        )
    form = VacancyForm(request.POST, **options)
    saved = _saved(form, vacancy=vacancy, employer=employer, user=user)
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("employer-vacancy", pk=saved.pk)
    return _render_form(
        request, form, vacancy=vacancy, employer=employer, status=HTTPStatus.BAD_REQUEST
    )


@login_required
def employer_vacancy_new(request: HttpRequest) -> HttpResponse:
    user = require_employer(request)
    if employer_of(user=user) is None:
        messages.info(request, _("Register your business first; then you can post vacancies."))
        return redirect("employer-profile")
    copy_of = request.GET.get("salin", "")
    if request.method != "POST" and copy_of.isascii() and copy_of.isdigit():
        # Reopen as a copy: the service's rule first (not a vacancy the office closed).
        source = access_own_vacancy(user=user, vacancy_id=int(copy_of))
        try:
            services.vacancy_copy_values(vacancy=source)
        except Conflict as error:
            return _vacancy_page(
                request, source, error=str(error.message), status=HTTPStatus.CONFLICT
            )
    return _vacancy_form(request, vacancy=None)


@login_required
def employer_vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_employer(request)
    vacancy = access_own_vacancy(user=user, vacancy_id=pk)
    if vacancy.status == VacancyStatus.CLOSED:
        error = _("This vacancy is closed and can no longer be edited; reopen it as a copy.")
        if vacancy.closed_reason == ClosedReason.OFFICE:
            error = _("The labor office closed this vacancy; it can no longer be edited.")
        return _vacancy_page(request, vacancy, error=error, status=HTTPStatus.CONFLICT)
    return _vacancy_form(request, vacancy=vacancy)


@login_required
def employer_skill_finder(request: HttpRequest) -> HttpResponse:
    """The skill finder's results (htmx, as she types): the taxonomy's synonym-aware search."""
    require_employer(request)
    text = request.GET.get("skill_q", "")[:100]
    return render(
        request,
        "jobs/employer/includes/skills_found.html",
        {"found": _skills_found(text), "searched": text},
    )


@login_required
@require_POST
def employer_vacancy_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish through ``vacancy_publish``; a refusal (not verified yet, closing date passed,
    closed) is shown on her vacancy's page with a 409, and nothing changes."""
    user = require_employer(request)
    vacancy = access_own_vacancy(user=user, vacancy_id=pk)
    try:
        services.vacancy_publish(
            vacancy=vacancy, actor=user, publish_anyway=request.POST.get("publish_anyway") == "1"
        )
    except services.DuplicateVacancy as error:
        return _duplicate_page(request, vacancy, error.duplicates)
    except Conflict as error:
        return _vacancy_page(request, vacancy, error=str(error.message), status=HTTPStatus.CONFLICT)
    messages.success(request, _("Published: job seekers can find and apply to it now."))
    return redirect("employer-vacancy", pk=vacancy.pk)


def _duplicate_page(
    request: HttpRequest, vacancy: Vacancy, duplicates: list[dict[str, Any]]
) -> HttpResponse:
    """The draft nearly copies her open vacancy: she chooses to add its positions there, to
    publish anyway, or to go back (409: nothing was published)."""
    return render(
        request,
        "jobs/employer/duplicate.html",
        {
            "vacancy": vacancy,
            "duplicates": [
                {**duplicate, "percent": round(duplicate["similarity"] * 100)}
                for duplicate in duplicates
            ],
        },
        status=HTTPStatus.CONFLICT,
    )


@login_required
@require_POST
def employer_vacancy_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the draft's positions to her open vacancy (``vacancy_merge_into``); the draft goes."""
    user = require_employer(request)
    draft = access_own_vacancy(user=user, vacancy_id=pk)
    into_pk = request.POST.get("into", "")
    if not into_pk.isascii() or not into_pk.isdigit():
        return _vacancy_page(
            request,
            draft,
            error=_("Choose the vacancy to add the positions to."),
            status=HTTPStatus.BAD_REQUEST,
        )
    into = access_own_vacancy(user=user, vacancy_id=int(into_pk))
    try:
        merged = services.vacancy_merge_into(draft=draft, into=into, actor=user)
    except (Conflict, Invalid) as error:
        message = (
            " ".join(str(item) for items in error.fields.values() for item in items)
            if isinstance(error, Invalid)
            else str(error.message)
        )
        return _vacancy_page(request, draft, error=message, status=status_for(error))
    messages.success(
        request,
        _("Added: %(title)s now has %(positions)d positions; the draft was removed.")
        % {"title": merged.title, "positions": merged.positions},
    )
    return redirect("employer-vacancy", pk=merged.pk)


@login_required
@require_POST
def employer_vacancy_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_employer(request)
    vacancy = access_own_vacancy(user=user, vacancy_id=pk)
    services.vacancy_close(vacancy=vacancy, actor=user)
    messages.success(request, _("Closed: it no longer takes applications."))
    return redirect("employer-vacancy", pk=vacancy.pk)
