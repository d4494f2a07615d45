"""Cross-app pages: the home page."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from jobs.selectors import open_vacancy_counts, skills_with_most_open_positions

# The home page's numbers may lag this long; they are read on every visit otherwise.
SUMMARY_SECONDS = 60


def _summary() -> dict:
    key = f"web:home-summary:{get_language()}"
    summary: dict | None = cache.get(key)
    if summary is None:
        summary = {
            "counts": open_vacancy_counts(),
            "skills": [
                {"slug": skill.slug, "name": skill.name, "open": count}
                for skill, count in skills_with_most_open_positions(limit=8)
            ],
        }
        cache.set(key, summary, SUMMARY_SECONDS)
    return summary


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", _summary())
