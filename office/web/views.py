"""The labor office's pages: thin views over the same selectors, reports and services as the
API (``reports/market/``, ``reports/applications/``, ``applications/``, ``employers/{id}/verify/``,
``trainings/{id}/completions/``). Staff only: signed out goes to sign-in, any other role gets
the 403 page."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_staff, signed_in_user
from applications.exports import applications_csv_chunks, applications_csv_filename
from applications.reports import applications_report, applications_report_csv
from applications.selectors import (
    ApplicationFilters,
    application_list,
    applications_visible_to,
)
from consents.selectors import account_claim_pending, consents_given
from jobs import services as job_services
from jobs.models import Employer, Skill
from jobs.selectors import (
    access_employer,
    access_vacancy,
    employers_awaiting_verification,
    vacancies_for_office,
)
from jobs.skills import skill_create, skill_search, skill_update
from office.dashboard import dashboard as dashboard_figures
from office.dashboard import default_period
from office.web.forms import (
    ApplicationFilterForm,
    DateRangeForm,
    GraduatesUploadForm,
    OfficeCloseForm,
    ParticipantForm,
    PickGraduateForm,
    RefusalForm,
    ReportDownloadForm,
    SeekerSearchForm,
    SkillForm,
    SkillSearchForm,
    TrainingForm,
    VacancyFilterForm,
    default_completed_on,
)
from seekers.models import TrainingProgramme
from seekers.selectors import (
    SeekerFilters,
    seeker_get_for_staff,
    seeker_list,
    training_completion_list,
    training_get,
    training_list,
)
from seekers.services import (
    CompletionRow,
    CompletionRowResult,
    RowOutcome,
    training_completions_record_batch,
    training_programme_create,
)
from seekers.services.assisted import (
    ParticipantOutcome,
    ParticipantResult,
    participant_claim_resend,
    participant_register,
    participants_register_batch,
)
from sicaker.errors import Conflict, Forbidden, Invalid
from sicaker.spreadsheet import UTF8_BOM, csv_download
from web.forms import add_service_errors

PAGE_SIZE = 25
MAX_PK = 2**63 - 1
PICK_IDS = "pick-%s"  # the pick form repeats the upload's date and level: its own ids
DOWNLOAD_IDS = "csv-%s"  # the download form repeats the dates: its own ids on the same page
View = Callable[..., HttpResponseBase]


def staff_only(view: View) -> View:
    """Signed out: to sign-in and back; signed in without the staff role: the 403 page."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_staff(request.user):
            raise Forbidden(_("Only labor-office staff can open these pages."))
        return view(request, *args, **kwargs)

    return wrapped


def _status(form: Any) -> int:
    return HTTPStatus.BAD_REQUEST if form.is_bound and form.errors else HTTPStatus.OK


# Dashboard ------------------------------------------------------------------------------------


@staff_only
def dashboard(request: HttpRequest) -> HttpResponse:
    """Today's numbers and three charts, each with its table (the market report and applications
    per week by status, for the chosen dates; the last twelve weeks by default)."""
    default_from, default_to = default_period(timezone.localdate())
    form = DateRangeForm(request.GET or None)
    date_from, date_to = default_from, default_to
    if form.is_bound and form.is_valid():
        date_from = form.cleaned_data["date_from"] or default_from
        date_to = form.cleaned_data["date_to"] or max(default_to, date_from)
    if not form.is_bound:
        form = DateRangeForm(initial={"date_from": date_from, "date_to": date_to})
    figures = dashboard_figures(user=signed_in_user(request), date_from=date_from, date_to=date_to)
    return render(
        request,
        "office/dashboard.html",
        {"form": form, "date_from": date_from, "date_to": date_to, **figures},
        status=_status(form),
    )


# Applications received ------------------------------------------------------------------------


@staff_only
def applications(request: HttpRequest) -> HttpResponse:
    """Every application, with the API's filters, 25 a page, and the spreadsheet of the dates."""
    form = ApplicationFilterForm(request.GET or None)
    # A filter she mistyped is shown with its message; the list meanwhile shows everything.
    filters = form.to_filters() if form.is_bound and form.is_valid() else ApplicationFilters()
    download = ReportDownloadForm(
        initial={"group_by": "status", "date_from": filters.date_from, "date_to": filters.date_to},
        auto_id=DOWNLOAD_IDS,
    )
    return _applications_page(request, form=form, filters=filters, download=download)


def _applications_page(
    request: HttpRequest,
    *,
    form: ApplicationFilterForm,
    filters: ApplicationFilters,
    download: ReportDownloadForm,
    status: int | None = None,
) -> HttpResponse:
    queryset = application_list(user=signed_in_user(request), filters=filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "office/applications.html",
        {
            "form": form,
            "download": download,
            "page": page,
            "query": query.urlencode(),
        },
        status=status or max(_status(form), _status(download)),
    )


@staff_only
def applications_export(request: HttpRequest) -> HttpResponseBase:
    """The list as filtered, as a spreadsheet: the API's ``applications/export/`` for the same
    filters (the same stream of bytes and file name). Bad filters: the list page, re-shown."""
    form = ApplicationFilterForm(request.GET)
    if not form.is_valid():
        download = ReportDownloadForm(initial={"group_by": "status"}, auto_id=DOWNLOAD_IDS)
        return _applications_page(
            request, form=form, filters=ApplicationFilters(), download=download
        )
    chunks = applications_csv_chunks(user=signed_in_user(request), filters=form.to_filters())
    return csv_download(chunks, filename=applications_csv_filename())


@staff_only
def applications_csv(request: HttpRequest) -> HttpResponse:
    """The API's ``reports/applications/?format=csv`` for the same grouping and dates: the same
    report, the same writer, the same byte-order mark and file name."""
    download = ReportDownloadForm(request.GET, auto_id=DOWNLOAD_IDS)
    if not download.is_valid():
        form = ApplicationFilterForm()
        return _applications_page(
            request, form=form, filters=ApplicationFilters(), download=download
        )
    data = download.cleaned_data
    report = applications_report(
        group_by=data["group_by"], date_from=data["date_from"], date_to=data["date_to"]
    )
    period = "-".join(filter(None, [report["date_from"], report["date_to"]]))
    filename = "-".join(filter(None, ["applications-by", report["group_by"], period]))
    response = HttpResponse(
        (UTF8_BOM + applications_report_csv(report)).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# Employers to verify --------------------------------------------------------------------------


@staff_only
def employer_queue(request: HttpRequest) -> HttpResponse:
    employers = employers_awaiting_verification(user=signed_in_user(request))
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "office/employer_queue.html", {"page": page})


def _employer_page(
    request: HttpRequest, pk: int, *, refusal: RefusalForm | None = None, status: int = 200
) -> HttpResponse:
    employer = access_employer(user=signed_in_user(request), employer_id=pk)
    # The waiting changes under their fields' own (translated) names.
    labels = {field.name: field.verbose_name for field in Employer._meta.fields}
    pending = [
        (labels.get(field, field), value) for field, value in employer.pending_changes.items()
    ]
    return render(
        request,
        "office/employer_review.html",
        {"employer": employer, "pending": pending, "refusal": refusal or RefusalForm()},
        status=status,
    )


@staff_only
def employer_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation's details, with verify and refuse-with-a-reason."""
    return _employer_page(request, pk)


@staff_only
@require_POST
def employer_verify(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    employer = access_employer(user=user, employer_id=pk)
    job_services.employer_set_verified(employer=employer, is_verified=True, actor=user)
    messages.success(request, _("%(name)s is verified.") % {"name": employer.name})
    return redirect("office-employers")


@staff_only
@require_POST
def employer_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    employer = access_employer(user=user, employer_id=pk)
    form = RefusalForm(request.POST)
    if form.is_valid():
        try:
            job_services.employer_refuse(
                employer=employer, actor=user, reason=form.cleaned_data["reason"]
            )
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is refused; the employer is told why.") % {"name": employer.name},
            )
            return redirect("office-employers")
    return _employer_page(request, pk, refusal=form, status=HTTPStatus.BAD_REQUEST)


# Trainings ------------------------------------------------------------------------------------


@staff_only
def trainings(request: HttpRequest) -> HttpResponse:
    page = Paginator(training_list(), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "office/trainings.html", {"page": page})


@staff_only
def training_new(request: HttpRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = training_programme_create(
                actor=signed_in_user(request), **form.cleaned_data
            )
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The training is saved; now record its graduates."))
            return redirect("office-training", pk=programme.pk)
    return render(request, "office/training_new.html", {"form": form}, status=_status(form))


MIN_SEARCH_LENGTH = 2


def _training_page(
    request: HttpRequest,
    programme: TrainingProgramme,
    *,
    upload: GraduatesUploadForm | None = None,
    pick: PickGraduateForm | None = None,
    results: list[CompletionRowResult] | None = None,
    participants: list[ParticipantResult] | None = None,
    search: str = "",
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    user = signed_in_user(request)
    initial = {
        "completed_on": default_completed_on(programme, timezone.localdate()),
        "level": "basic",
        "cari": search,
    }
    found = None
    if len(search.strip()) >= MIN_SEARCH_LENGTH:
        found = seeker_list(actor=user, filters=SeekerFilters(name=search))[:10]
    counts = Counter(result.outcome for result in results or [])
    participant_counts = Counter(result.outcome for result in participants or [])
    completions = training_completion_list(actor=user, programme=programme)
    return render(
        request,
        "office/training_detail.html",
        {
            "programme": programme,
            "form": upload or GraduatesUploadForm(initial=initial),
            "pick": pick or PickGraduateForm(initial=initial, auto_id=PICK_IDS),
            "search": search,
            "found": found,
            "results": results,
            "participants": participants,
            "registered": participant_counts[ParticipantOutcome.REGISTERED],
            "linked": participant_counts[ParticipantOutcome.LINKED],
            "refused": participant_counts[ParticipantOutcome.REFUSED],
            "recorded": counts[RowOutcome.RECORDED],
            "failed": sum(counts.values()) - counts[RowOutcome.RECORDED],
            "completions": completions[:200],
            "completion_count": completions.count(),
        },
        status=status,
    )


@staff_only
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme, its graduates, and the upload that records many at once: each row's
    outcome is shown; good rows are recorded, each whole, bad rows write nothing. ``?cari=``
    finds seekers by name or phone to record one at a time."""
    programme = training_get(pk=pk)
    search = request.GET.get("cari", "")[:100]
    if request.method != "POST":
        return _training_page(request, programme, search=search)
    form = GraduatesUploadForm(request.POST, request.FILES)
    results = None
    if form.is_valid() and form.is_participant_list():
        # The organiser's participant list: accounts made or linked, completions recorded.
        people = [
            dataclasses.replace(row, city=row.city or programme.city)
            for row in form.cleaned_data["file"]
        ]
        participants = participants_register_batch(
            actor=signed_in_user(request),
            participants=people,
            consent=form.consent(),
            programme=programme,
            completed_on=form.cleaned_data["completed_on"],
            level=form.cleaned_data["level"],
        )
        return _training_page(request, programme, upload=form, participants=participants)
    if form.is_valid():
        try:
            results = training_completions_record_batch(
                programme=programme,
                actor=signed_in_user(request),
                rows=form.cleaned_data["file"],
                completed_on=form.cleaned_data["completed_on"],
                level=form.cleaned_data["level"],
            )
        except Invalid as error:
            add_service_errors(form, error)
    return _training_page(request, programme, upload=form, results=results, status=_status(form))


@staff_only
@require_POST
def training_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one participant picked by name or phone, through the same batch service."""
    user = signed_in_user(request)
    programme = training_get(pk=pk)
    form = PickGraduateForm(request.POST, auto_id=PICK_IDS)
    search = request.POST.get("cari", "")[:100]
    results = None
    if form.is_valid():
        data = form.cleaned_data
        seeker = seeker_get_for_staff(actor=user, pk=data["seeker"])
        try:
            results = training_completions_record_batch(
                programme=programme,
                actor=user,
                rows=[
                    CompletionRow(
                        line=1, certificate_number=data["certificate_number"], seeker=seeker
                    )
                ],
                completed_on=data["completed_on"],
                level=data["level"],
            )
        except Invalid as error:
            add_service_errors(form, error)
    return _training_page(
        request, programme, pick=form, results=results, search=search, status=_status(form)
    )


# Staff-assisted registration --------------------------------------------------------------------


@staff_only
def participant_new(request: HttpRequest) -> HttpResponse:
    """/kantor/pendaftaran/: register one participant who came to the counter or a training,
    with the consent she signed on paper (``participant_register``); a known NIK is linked."""
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = participant_register(
                actor=signed_in_user(request),
                participant=form.participant(),
                consent=form.consent(),
            )
        except Invalid as error:
            add_service_errors(form, error)
        except Conflict as error:
            form.add_error(None, str(error.message))
        else:
            assert result.seeker is not None
            if result.outcome == ParticipantOutcome.REGISTERED:
                messages.success(
                    request,
                    _("%(name)s is registered; she gets an SMS with the link to claim her account.")
                    % {"name": result.seeker.full_name},
                )
            else:
                messages.success(
                    request,
                    _(
                        "This NIK already has an account (%(name)s): the consents of this form "
                        "are added to it; nothing was duplicated."
                    )
                    % {"name": result.seeker.full_name},
                )
            return redirect("office-seeker", pk=result.seeker.pk)
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, "office/participant_new.html", {"form": form}, status=status)


# Seekers -------------------------------------------------------------------------------------


@staff_only
def seekers(request: HttpRequest) -> HttpResponse:
    """Job seekers by name or phone, district, skill, verified or not (``GET seekers/``)."""
    form = SeekerSearchForm(request.GET or None)
    filters = SeekerFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = SeekerFilters(
            name=data["name"],
            district=data["district"],
            skill=data["skill"],
            is_verified=data["verified"],
        )
    queryset = seeker_list(actor=signed_in_user(request), filters=filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "office/seekers.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=_status(form),
    )


@staff_only
def seeker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Her profile (NIK masked), skills, trainings and applications (``GET seekers/{id}/``)."""
    user = signed_in_user(request)
    profile = seeker_get_for_staff(actor=user, pk=pk)
    applications = (
        applications_visible_to(user=user)
        .filter(seeker=profile)
        .select_related("vacancy__employer")
        .order_by("-submitted_at", "-pk")
    )
    return render(
        request,
        "office/seeker_detail.html",
        {
            "profile": profile,
            "applications": applications,
            "claim": account_claim_pending(user=profile.user),
            "consents": consents_given(user=profile.user),
        },
    )


@staff_only
@require_POST
def seeker_claim_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """A new claim link by SMS for an account an officer opened (her phone was off, she lost
    the message); the earlier link stops working."""
    profile = seeker_get_for_staff(actor=signed_in_user(request), pk=pk)
    try:
        participant_claim_resend(actor=signed_in_user(request), seeker=profile)
    except Conflict as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("A new link is on its way to her by SMS."))
    return redirect("office-seeker", pk=profile.pk)


# Vacancies -----------------------------------------------------------------------------------


@staff_only
def vacancies(request: HttpRequest) -> HttpResponse:
    """Every vacancy of every employer, in every status, 25 a page, with its filters."""
    form = VacancyFilterForm(request.GET or None)
    filters = {"status": "", "employer": "", "q": ""}
    if form.is_bound and form.is_valid():
        filters = {name: form.cleaned_data[name] for name in filters}
    queryset = vacancies_for_office(user=signed_in_user(request), **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "office/vacancies.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=_status(form),
    )


def _vacancy_page(
    request: HttpRequest,
    pk: int,
    *,
    form: OfficeCloseForm | None = None,
    error: str = "",
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    vacancy = access_vacancy(user=signed_in_user(request), vacancy_id=pk)
    return render(
        request,
        "office/vacancy_detail.html",
        {"vacancy": vacancy, "form": form or OfficeCloseForm(), "error": error},
        status=status,
    )


@staff_only
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One vacancy as the office sees it, with close-with-a-reason while it is not closed."""
    return _vacancy_page(request, pk)


@staff_only
@require_POST
def vacancy_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a vacancy that breaks the rules; the employer is told the reason."""
    user = signed_in_user(request)
    vacancy = access_vacancy(user=user, vacancy_id=pk)
    form = OfficeCloseForm(request.POST)
    if form.is_valid():
        try:
            job_services.vacancy_close_by_office(
                vacancy=vacancy, actor=user, note=form.cleaned_data["note"]
            )
        except Invalid as error:
            add_service_errors(form, error)
        except Conflict as error:
            return _vacancy_page(
                request, pk, form=form, error=str(error.message), status=HTTPStatus.CONFLICT
            )
        else:
            messages.success(
                request,
                _("%(title)s is closed; the employer is told why.") % {"title": vacancy.title},
            )
            return redirect("office-vacancy", pk=pk)
    return _vacancy_page(request, pk, form=form, status=HTTPStatus.BAD_REQUEST)


# Skills taxonomy -------------------------------------------------------------------------------


@staff_only
def skills(request: HttpRequest) -> HttpResponse:
    """The taxonomy, searched like the API's ``GET skills/?q=`` (names, slugs, synonyms)."""
    form = SkillSearchForm(request.GET or None)
    q, category = "", ""
    if form.is_bound and form.is_valid():
        q, category = form.cleaned_data["q"], form.cleaned_data["category"]
    page = Paginator(skill_search(q=q, category=category), 50).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "office/skills.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=_status(form),
    )


@staff_only
def skill_new(request: HttpRequest) -> HttpResponse:
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            skill = skill_create(actor=signed_in_user(request), **form.cleaned_data)
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": skill.name})
            return redirect("office-skills")
    return render(
        request, "office/skill_form.html", {"form": form, "skill": None}, status=_status(form)
    )


@staff_only
def skill_edit(request: HttpRequest, pk: int) -> HttpResponse:
    skill = Skill.objects.filter(pk=pk).first() if pk <= MAX_PK else None
    if skill is None:
        raise Http404
    initial = {
        "name_id": skill.name_id,
        "name_en": skill.name_en,
        "category": skill.category,
        "synonyms": "\n".join(skill.synonyms),
    }
    form = SkillForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            skill = skill_update(
                skill=skill, actor=signed_in_user(request), changes=dict(form.cleaned_data)
            )
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": skill.name})
            return redirect("office-skills")
    return render(
        request, "office/skill_form.html", {"form": form, "skill": skill}, status=_status(form)
    )
