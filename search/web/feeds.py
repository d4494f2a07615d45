"""A search as an Atom feed (``/lowongan/feed/?<the search page's query>``): the newest open
vacancies that fit, for feed readers and aggregators. The same form and API rules as the search
page; no personal data (a vacancy's title, organisation, pay, place and skills, as its card)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from search.api.serializers import VacancySearchInputSerializer
from search.queries import VacancyQuery, VacancySort
from search.selectors import VacancyResult, vacancy_search
from search.web.forms import VacancySearchForm
from web.templatetags.sicaker_web import pay

FEED_SIZE = 50
# What a feed URL keeps of the search page's query (not the page, the sort or "more").
FEED_KEYS = ("q", "skills", "work_type", "district", "pay_min", "near", "radius_km")


def feed_query_string(params: Any) -> str:
    """The feed's query string for the search page's GET parameters ("" for no criterion)."""
    kept = [(key, value) for key in FEED_KEYS for value in params.getlist(key) if value]
    return "?" + urlencode(kept) if kept else ""


def _query(request: HttpRequest) -> tuple[VacancyQuery | None, list[str]]:
    form = VacancySearchForm(request.GET)
    if not form.is_valid():
        return None, [
            f"{name}: {message}" for name, messages in form.errors.items() for message in messages
        ]
    params = {**form.api_params(home_point=None), "sort": VacancySort.NEWEST, "page": "1"}
    query_input = VacancySearchInputSerializer(data={**params, "page_size": FEED_SIZE})
    if not query_input.is_valid():
        return None, [
            f"{name}: {message}"
            for name, messages in query_input.errors.items()
            for message in messages
        ]
    return query_input.to_query(), []


class VacancySearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        query = kwargs["query"]
        _page, results = vacancy_search(query=query)  # SearchUnavailable: the 503 page
        words = ", ".join(
            part
            for part in (query.text, *query.skill_slugs, *query.work_types, query.district or "")
            if part
        )
        return {
            "words": words,
            "results": results,
            "search_url": reverse("vacancy-search") + feed_query_string(request.GET),
        }

    def title(self, obj: dict[str, Any]) -> str:
        if obj["words"]:
            return _("Si-Caker vacancies: %(words)s") % {"words": obj["words"]}
        return _("Si-Caker: every open vacancy")

    def subtitle(self, obj: dict[str, Any]) -> str:
        return _("The newest open vacancies that fit this search.")

    def link(self, obj: dict[str, Any]) -> str:
        return str(obj["search_url"])

    def items(self, obj: dict[str, Any]) -> list[VacancyResult]:
        return list(obj["results"])

    def item_title(self, item: VacancyResult) -> str:
        return f"{item.vacancy.title} — {item.vacancy.employer.name}"

    def item_description(self, item: VacancyResult) -> str:
        vacancy = item.vacancy
        skills = ", ".join(skill.name for skill in item.skills)
        place = f"{vacancy.district}, {vacancy.city}"
        parts = [pay(vacancy), vacancy.get_work_type_display(), place, skills]
        return " · ".join(str(part) for part in parts if part)

    def item_link(self, item: VacancyResult) -> str:
        return reverse("vacancy-detail", kwargs={"pk": item.vacancy.pk})

    def item_guid(self, item: VacancyResult) -> str:
        return reverse("vacancy-detail", kwargs={"pk": item.vacancy.pk})

    def item_pubdate(self, item: VacancyResult) -> Any:
        return item.vacancy.published_at

    def item_author_name(self, item: VacancyResult) -> str:
        return item.vacancy.employer.name


_feed = VacancySearchFeed()


@cache_control(public=True, max_age=300)
def vacancy_search_feed(request: HttpRequest) -> HttpResponse:
    """The feed of a search; a query the search page would refuse is a 400 saying why."""
    query, errors = _query(request)
    if query is None:
        message = _("This search cannot be a feed; fix it on the search page first:")
        return HttpResponseBadRequest(
            "\n".join([message, *errors]), content_type="text/plain; charset=utf-8"
        )
    return _feed(request, query=query)
