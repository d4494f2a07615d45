"""The labor office's review of near-identical vacancies of different employers (a copied ad,
maybe a scam): the pairs with their similarity, and "not a duplicate" to dismiss one. Closing
the copy is the vacancy page's own close-with-a-reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import signed_in_user
from jobs import services as job_services
from jobs.selectors import access_duplicate_flag, duplicate_flags_for_office
from office.web.views import PAGE_SIZE, staff_only


@staff_only
def duplicates(request: HttpRequest) -> HttpResponse:
    """Pairs awaiting review, most similar first, 25 a page."""
    queryset = duplicate_flags_for_office(user=signed_in_user(request))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "office/duplicates.html", {"page": page})


@staff_only
@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Not a duplicate: the pair leaves the list (who and when are kept)."""
    user = signed_in_user(request)
    flag = access_duplicate_flag(user=user, flag_id=pk)
    job_services.duplicate_flag_dismiss(flag=flag, actor=user)
    messages.success(request, _("Marked as not a duplicate."))
    return redirect("office-duplicates")
