"""The public page of a vacancy."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from applications.selectors import applications_visible_to
from jobs.models import Vacancy, Weekday
from jobs.selectors import (
    access_vacancy_page,
    vacancy_is_open_for_applications,
    vacancy_is_owned_by,
    vacancy_is_public,
)
from jobs.web.structured import job_posting
from search.backend import SearchUnavailable
from search.documents import haversine_km
from search.queries import VacancyQuery
from search.selectors import vacancy_search
from seekers.models import SeekerProfile
from seekers.selectors import seeker_held_skills, seeker_home_point, seeker_profile_gaps
from seekers.web.views import profile_start_url

SIMILAR = 4


def _similar_open(vacancy: Vacancy) -> list[Vacancy]:
    """Open vacancies asking for the same skills (for a closed one); none when search is down,
    the page itself does not need search."""
    slugs = tuple(link.skill.slug for link in vacancy.skill_links.all())
    query = (
        VacancyQuery(skill_slugs=slugs, page_size=SIMILAR + 1)
        if slugs
        else VacancyQuery(text=vacancy.title, page_size=SIMILAR + 1)
    )
    try:
        _page, results = vacancy_search(query=query)
    except SearchUnavailable:
        return []
    others = [r.vacancy for r in results]
    others = [other for other in others if other.pk != vacancy.pk]
    return others[:SIMILAR]


def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    vacancy = access_vacancy_page(user=user, vacancy_id=pk)
    is_public = vacancy_is_public(vacancy=vacancy)
    held = seeker_held_skills(user=user)
    skills = [
        {
            "name": link.skill.name,
            "is_required": link.is_required,
            "held": link.skill.slug in held,
            "verified": held.get(link.skill.slug, False),
        }
        for link in vacancy.skill_links.all()
    ]
    home = seeker_home_point(user=user)
    distance_km = (
        haversine_km(home[0], home[1], vacancy.latitude, vacancy.longitude)
        if home and vacancy.latitude is not None and vacancy.longitude is not None
        else None
    )
    application = (
        applications_visible_to(user=user).filter(vacancy=vacancy, seeker__user=user).first()
        if user.is_authenticated and user.is_seeker
        else None
    )
    # A seeker whose profile lacks what employers need fills it in first (then comes back).
    profile_gaps = (
        seeker_profile_gaps(profile=SeekerProfile.objects.filter(user=user).first())
        if application is None and user.is_authenticated and user.is_seeker
        else []
    )
    url = request.build_absolute_uri(vacancy_url := request.path)
    share_text = _("%(title)s at %(employer)s, %(district)s: %(url)s") % {
        "title": vacancy.title,
        "employer": vacancy.employer.name,
        "district": vacancy.district,
        "url": url,
    }
    days = dict(Weekday.choices)
    return render(
        request,
        "jobs/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "is_public": is_public,
            "is_draft_preview": not is_public
            and vacancy.published_at is None
            and vacancy_is_owned_by(vacancy=vacancy, user=user),
            "can_apply": vacancy_is_open_for_applications(vacancy=vacancy),
            "skills": skills,
            "distance_km": distance_km,
            "application": application,
            "work_days": [days[day] for day in vacancy.work_days if day in days],
            "similar": [] if is_public else _similar_open(vacancy),
            "json_ld": job_posting(vacancy, url=url) if is_public else None,
            "page_url": url,
            "vacancy_url": vacancy_url,
            "profile_url": (
                profile_start_url(gaps=profile_gaps, next_url=vacancy_url) if profile_gaps else ""
            ),
            "whatsapp_url": "https://wa.me/?text=" + quote(share_text),
            "og_description": (vacancy.description or vacancy.title)[:200],
        },
    )
