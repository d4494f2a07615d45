"""``/sitemap.xml``: the public pages for search engines and aggregators: the home and search
pages, and every open vacancy's page (closed ones leave it; their pages stay reachable)."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from jobs.models import Vacancy

# A sitemap file holds at most 50,000 addresses; smaller files are quicker to build and fetch.
VACANCIES_PER_FILE = 10_000


class VacancySitemap(Sitemap):
    limit = VACANCIES_PER_FILE
    changefreq = "daily"

    def items(self) -> QuerySet[Vacancy]:
        return Vacancy.objects.open().only("pk", "updated_at").order_by("pk")

    def location(self, item: Vacancy) -> str:
        return reverse("vacancy-detail", kwargs={"pk": item.pk})

    def lastmod(self, item: Vacancy) -> datetime.datetime:
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["home", "vacancy-search"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "vacancies": VacancySitemap}
