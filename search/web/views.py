"""The search results page: the API's search, as a page; htmx swaps the results in place."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.permissions import signed_in_user
from search.api.serializers import VacancySearchInputSerializer
from search.selectors import (
    matching_seeker_profile,
    vacancy_matches_for_seeker,
    vacancy_search,
)
from search.web.alerts import SEARCH_KEYS as ALERT_SEARCH_KEYS
from search.web.feeds import feed_query_string
from search.web.forms import VacancySearchForm
from seekers.selectors import seeker_home_point
from web.requests import WebRequest

PAGE_SIZE = 20
# "Look twice as far" is offered up to this radius (the API allows 200 km).
MAX_WIDER_RADIUS_KM = 100


def _link(params: dict, **changes: object) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in ("", None)}, doseq=True)


def _alert_url(request: WebRequest, url_params: dict) -> str:
    """ "Save as a job alert" for this search: offered to job seekers and to visitors (who sign
    in first); employers and staff have no alerts."""
    user = request.user
    if user.is_authenticated and not getattr(user, "is_seeker", False):
        return ""
    kept = {key: value for key, value in url_params.items() if key in ALERT_SEARCH_KEYS}
    if not any(value for key, value in kept.items() if key != "near"):
        return ""  # no criterion: every vacancy would be news
    return reverse("job-alert-new") + _link(kept)


def vacancy_search_page(request: WebRequest) -> HttpResponse:
    form = VacancySearchForm(request.GET)
    context: dict = {"form": form, "results": [], "page": None, "searched": False}
    status = 200
    if form.is_valid():
        home_point = seeker_home_point(user=request.user)
        params = form.api_params(home_point=home_point)
        query_input = VacancySearchInputSerializer(data={**params, "page_size": PAGE_SIZE})
        if query_input.is_valid():
            query = query_input.to_query()
            page, results = vacancy_search(query=query)  # SearchUnavailable: the 503 page
            url_params: dict[str, str | list[str]] = {
                key: values if len(values) > 1 else values[0]
                for key, values in request.GET.lists()
                if key != "page"
            }
            has_more = query.offset + len(page.hits) < min(page.total, 10_000)
            context.update(
                searched=True,
                page=page,
                query=query,
                results=results,
                from_home=bool(home_point) and not form.cleaned_data.get("near"),
                next_url=_link(url_params, page=query.page + 1) if has_more else "",
                previous_url=_link(url_params, page=query.page - 1) if query.page > 1 else "",
                wider_url=(
                    _link(url_params, radius_km=str(int(float(params["radius_km"]) * 2)))
                    if params.get("radius_km") and float(params["radius_km"]) < MAX_WIDER_RADIUS_KM
                    else ""
                ),
                has_filters=any(
                    params.get(name)
                    for name in ("skills", "work_type", "district", "pay_min", "radius_km")
                ),
                text_only_url=_link({"q": params["q"]}) if params.get("q") else "?",
                alert_url=_alert_url(request, url_params),
                # This search as an Atom feed (search/web/feeds.py), linked in the page's head.
                feed_url=reverse("vacancy-search-feed") + feed_query_string(request.GET),
                did_you_mean_url=(
                    _link(url_params, q=page.did_you_mean, page=None) if page.did_you_mean else ""
                ),
                suggested_filters=[
                    (
                        suggestion.label,
                        _link(url_params, page=None, **{suggestion.field: suggestion.value}),
                    )
                    for suggestion in page.suggested_filters
                ],
            )
        else:
            for name, messages in query_input.errors.items():
                field = VacancySearchForm.FIELD_OF.get(name, name)
                for message in messages:
                    form.add_error(field if field in form.fields else None, str(message))
            status = 400
    else:
        status = 400
    # htmx swaps only 2xx answers: its partials carry the error messages with a 200.
    if request.htmx and request.GET.get("more"):
        return render(request, "search/includes/result_items.html", context)
    if request.htmx:
        return render(request, "search/includes/results.html", context)
    return render(request, "search/results.html", context, status=status)


@login_required
def seeker_matches_page(request: HttpRequest) -> HttpResponse:
    """ "Lowongan cocok untuk saya": her ranked matches with the API's reasons (the same
    selectors); a seeker without a profile is told to fill it in; anyone else gets the 403 page."""
    seeker = matching_seeker_profile(user=signed_in_user(request))
    matches = vacancy_matches_for_seeker(seeker=seeker) if seeker is not None else []
    return render(
        request,
        "search/matches.html",
        {"has_profile": seeker is not None, "matches": matches},
    )
