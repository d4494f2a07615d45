"""The labor office imports vacancies on an employer's behalf (the employer's own import page,
under /kantor/): the same form, service and results."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from accounts.permissions import signed_in_user
from jobs.selectors import access_employer
from jobs.web.imports import import_page
from office.web.views import staff_only


@staff_only
def employer_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    employer = access_employer(user=user, employer_id=pk)
    return import_page(
        request, employer=employer, actor=user, template="office/employer_import.html", context={}
    )
