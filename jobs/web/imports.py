"""Importing vacancies from a spreadsheet, as a page: the employer's own (under /usaha/) and the
labor office's on an employer's behalf (``office.web.imports``) share this form and page body.
The same service as the API (``vacancy_import``); its refusals are shown beside the file field."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from jobs.models import Employer
from jobs.services.imports import (
    COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    import_template_file,
    vacancy_import,
)
from jobs.web.employer import _own_employer, require_employer
from sicaker.errors import Invalid
from sicaker.spreadsheet import spreadsheet_download
from web.forms import PageForm, add_service_errors


class VacancyImportForm(PageForm):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet file (.csv or .xlsx)"),
        help_text=gettext_lazy("At most 1 MB and 500 vacancies, laid out as the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": gettext_lazy("Choose the file to import.")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d KB; split it into smaller files.")
                % {"size": MAX_IMPORT_BYTES // 1000}
            )
        return upload


def import_page(
    request: HttpRequest,
    *,
    employer: Employer,
    actor: User,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The import form; on POST, the file imported and each row's outcome shown above it."""
    result = None
    status = HTTPStatus.OK
    if request.method == "POST":
        form = VacancyImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = vacancy_import(
                    employer=employer,
                    actor=actor,
                    content=upload.read(MAX_IMPORT_BYTES + 1),
                    filename=upload.name or "",
                )
            except Invalid as error:
                add_service_errors(form, error)
        if form.errors:
            status = HTTPStatus.BAD_REQUEST
        elif result is not None:
            form = VacancyImportForm()
    else:
        form = VacancyImportForm()
    return render(
        request,
        template,
        {
            **context,
            "employer": employer,
            "form": form,
            "result": result,
            "created": result.count("created") if result else 0,
            "existing": result.count("existing") if result else 0,
            "refused": result.count("refused") if result else 0,
            "columns": COLUMNS,
            "max_rows": MAX_IMPORT_ROWS,
        },
        status=status,
    )


@login_required
def employer_vacancy_import(request: HttpRequest) -> HttpResponse:
    """Her vacancies from a CSV or XLSX file, each row a draft she then checks and publishes."""
    user = require_employer(request)
    return import_page(
        request,
        employer=_own_employer(user),
        actor=user,
        template="jobs/employer/import.html",
        context={},
    )


def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The template to fill in (no data in it: anyone may download it)."""
    if kind not in ("csv", "xlsx"):
        raise Http404
    return spreadsheet_download(import_template_file(kind), filename=f"lowongan-impor.{kind}")
