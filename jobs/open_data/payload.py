"""The public vacancy as the open data carries it: the fields its public page shows, and its
schema.org JobPosting. No personal data: the organisation's business name, kind and whether the
labor office verified it, never its owner, contact person, phone or email (the public page
shows none of them either)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jobs.job_posting import job_posting
from jobs.models import Vacancy

# Every key a vacancy payload has (tests/jobs/test_open_data_fields.py checks every output
# against an allow-list built independently of this tuple).
PAYLOAD_FIELDS = (
    "id",
    "url",
    "title",
    "description",
    "employer",
    "work_type",
    "work_days",
    "hours_start",
    "hours_end",
    "positions_open",
    "pay_min",
    "pay_max",
    "pay_unit",
    "min_education",
    "valid_through",
    "published_at",
    "address",
    "subdistrict",
    "district",
    "city",
    "latitude",
    "longitude",
    "skills",
    "job_posting",
)


def vacancy_page_url(pk: int) -> str:
    """The absolute address of a vacancy's public page (``SITE_URL`` + its path)."""
    return str(settings.SITE_URL).rstrip("/") + reverse("vacancy-detail", kwargs={"pk": pk})


def public_vacancies(pks: Iterable[int]) -> dict[int, Vacancy]:
    """The vacancies with what a payload needs (employer, skills) in three queries."""
    return {
        vacancy.pk: vacancy
        for vacancy in Vacancy.objects.filter(pk__in=list(pks))
        .select_related("employer")
        .prefetch_related("skill_links__skill")
    }


def _time(value: Any) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def vacancy_payload(vacancy: Vacancy) -> dict[str, Any]:
    """The public vacancy, JSON-ready (strings for dates and times, so a stored payload compares
    equal to a freshly built one). ``vacancy`` comes from ``public_vacancies``."""
    url = vacancy_page_url(vacancy.pk)
    links = sorted(
        vacancy.skill_links.all(), key=lambda link: (not link.is_required, link.skill.slug)
    )
    return {
        "id": vacancy.pk,
        "url": url,
        "title": vacancy.title,
        "description": vacancy.description,
        "employer": {
            "name": vacancy.employer.name,
            "kind": vacancy.employer.kind,
            "is_verified": vacancy.employer.is_verified,
        },
        "work_type": vacancy.work_type,
        "work_days": list(vacancy.work_days),
        "hours_start": _time(vacancy.hours_start),
        "hours_end": _time(vacancy.hours_end),
        "positions_open": vacancy.positions_open,
        "pay_min": vacancy.pay_min,
        "pay_max": vacancy.pay_max,
        "pay_unit": vacancy.pay_unit,
        "min_education": vacancy.min_education,
        "valid_through": vacancy.valid_through.isoformat(),
        "published_at": (
            timezone.localtime(vacancy.published_at).isoformat() if vacancy.published_at else None
        ),
        "address": vacancy.address,
        "subdistrict": vacancy.subdistrict,
        "district": vacancy.district,
        "city": vacancy.city,
        "latitude": vacancy.latitude,
        "longitude": vacancy.longitude,
        "skills": [
            {
                "slug": link.skill.slug,
                "name_id": link.skill.name_id,
                "name_en": link.skill.name_en,
                "is_required": link.is_required,
            }
            for link in links
        ],
        "job_posting": job_posting(vacancy, url=url),
    }
