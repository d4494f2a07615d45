"""Database backend: the ORM filters, Python scores. For `make run` and small offices.

Nothing is stored besides the rows themselves, so ``index`` only confirms versions. Scoring uses
the same analysis as Elasticsearch (stems and skill tokens); it counts matched terms instead of
BM25, which gives the same order on clear cases and is documented as approximate.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from search.analysis import analyze_query, pinned_vocabulary, skill_token, tokenize
from search.backend import SearchBackend
from search.documents import confirm_indexed, haversine_km, vacancy_body, vacancy_queryset
from search.indexing import confirm_deleted
from search.queries import Hit, SearchPage, VacancyQuery, VacancySort

# Beyond this many candidate rows the database backend is too slow; Elasticsearch is the answer.
MAX_CANDIDATES = 5_000


class DatabaseBackend(SearchBackend):
    name = "database"

    def ping(self) -> tuple[bool, str]:
        return True, "database search (no search engine needed)"

    def index(self, *, model_label: str, pks: list[int]) -> int:
        from django.apps import apps

        model = apps.get_model(model_label)
        versions = dict(model.objects.filter(pk__in=pks).values_list("pk", "search_version"))
        confirm_indexed(model_label=model_label, versions=versions)
        # Nothing stored, so nothing to remove for deleted rows: just forget their tombstones.
        confirm_deleted(model_label=model_label, pks=[pk for pk in pks if pk not in versions])
        return 0

    def rebuild(self) -> dict[str, int]:
        return {"vacancies": 0}

    def vacancy_candidates(self, seeker, *, limit: int, today=None) -> list[int]:
        from jobs.models import Vacancy

        today = today or timezone.localdate()
        rows = Vacancy.objects.filter(status="published", valid_through__gte=today)
        wanted = Q(pk__in=[])
        if seeker.skills:
            wanted |= Q(skill_links__skill__slug__in=list(seeker.skills))
        if seeker.wanted_work_types:
            wanted |= Q(work_type__in=seeker.wanted_work_types)
        found: set[int] = set()
        if seeker.skills or seeker.wanted_work_types:
            found.update(
                rows.filter(wanted).values_list("pk", flat=True).distinct()[:MAX_CANDIDATES]
            )
        if seeker.latitude is not None and seeker.longitude is not None:
            for pk, lat, lon in (
                rows.exclude(latitude=None)
                .exclude(longitude=None)
                .values_list("pk", "latitude", "longitude")[:MAX_CANDIDATES]
            ):
                if (
                    haversine_km(seeker.latitude, seeker.longitude, lat, lon)
                    <= seeker.max_distance_km
                ):
                    found.add(pk)
        return sorted(found)[:limit]

    def seeker_candidates(self, vacancy, *, limit: int) -> list[int]:
        from seekers.models import SeekerProfile

        skills = [*vacancy.required, *vacancy.preferred]
        if not skills:
            return []
        return list(
            SeekerProfile.objects.filter(is_open_to_work=True, skill_links__skill__slug__in=skills)
            .values_list("pk", flat=True)
            .distinct()
            .order_by("pk")[:limit]
        )

    def alert_users_for(self, vacancy_body: dict) -> list[int]:
        from search.alerts import alert_criteria, alert_matches, alert_queryset

        users = set()
        with pinned_vocabulary():
            for alert in alert_queryset().filter(is_active=True).iterator(chunk_size=1000):
                if alert.user_id not in users and alert_matches(
                    alert_criteria(alert), vacancy_body
                ):
                    users.add(alert.user_id)
        return sorted(users)

    def _open_vacancies(self):
        return vacancy_queryset().filter(
            status="published", valid_through__gte=timezone.localdate()
        )

    def open_counts(self, *, field: str, size: int = 500) -> dict[str, int]:
        counter: Counter = Counter()
        with pinned_vocabulary():
            for vacancy in self._open_vacancies():
                value = vacancy_body(vacancy).get(field)
                counter.update(value if isinstance(value, list) else [value])
        return dict(counter.most_common(size))

    def title_suggestions(self, prefix: str, *, size: int) -> list[str]:
        words = tokenize(prefix)
        if not words:
            return []
        titles = []
        for title in (
            self._open_vacancies().values_list("title", flat=True).order_by("-published_at")
        ):
            title_words = tokenize(title)
            for start in range(len(title_words)):
                window = title_words[start : start + len(words)]
                if (
                    len(window) == len(words)
                    and window[:-1] == words[:-1]
                    and window[-1].startswith(words[-1])
                ):
                    titles.append(title)
                    break
        return list(dict.fromkeys(titles))[:size]

    def search_vacancies(self, query: VacancyQuery) -> SearchPage:
        with pinned_vocabulary():
            return self._search_vacancies(query)

    def _search_vacancies(self, query: VacancyQuery) -> SearchPage:
        today = query.today or timezone.localdate()
        rows = vacancy_queryset().filter(status="published", valid_through__gte=today)
        if query.work_types:
            rows = rows.filter(work_type__in=query.work_types)
        if query.city:
            rows = rows.filter(city=query.city)
        if query.district:
            rows = rows.filter(district=query.district)
        if query.skill_slugs:
            rows = rows.filter(skill_links__skill__slug__in=query.skill_slugs).distinct()
        if query.pay_min is not None:
            rows = rows.filter(Q(pay_max__gte=query.pay_min))
        analyzed = analyze_query(query.text)
        notices = []
        if rows[MAX_CANDIDATES : MAX_CANDIDATES + 1].exists():
            notices.append(
                _(
                    "Only the newest %(limit)d matching vacancies were ranked (database search); "
                    "add filters, or ask the labor office to switch on Elasticsearch."
                )
                % {"limit": MAX_CANDIDATES}
            )
        candidates = []
        for vacancy in rows.order_by("-published_at", "pk")[:MAX_CANDIDATES]:
            distance = None
            if query.near and vacancy.latitude is not None and vacancy.longitude is not None:
                distance = haversine_km(
                    query.near.lat, query.near.lon, vacancy.latitude, vacancy.longitude
                )
            if query.near and query.radius_km and (distance is None or distance > query.radius_km):
                continue
            score = 0.0
            body = vacancy_body(vacancy)
            if not analyzed.is_empty:
                tokens = set(body["text"].split())
                score = sum(1.0 for term in analyzed.terms if term in tokens)
                score += sum(2.0 for slug in analyzed.skill_slugs if skill_token(slug) in tokens)
                if score == 0:
                    continue
            candidates.append((vacancy, body, score, distance))

        published = lambda item: item[0].published_at.timestamp() if item[0].published_at else 0  # noqa: E731
        if query.sort == VacancySort.NEWEST:
            candidates.sort(key=lambda item: (-published(item), -item[2]))
        elif query.sort == VacancySort.DISTANCE and query.near:
            candidates.sort(
                key=lambda item: (item[3] if item[3] is not None else 1e9, -published(item))
            )
        else:
            candidates.sort(key=lambda item: (-item[2], -published(item), item[0].pk))

        facets: dict[str, Counter] = {
            "work_type": Counter(),
            "district": Counter(),
            "skill": Counter(),
        }
        open_positions = 0
        for vacancy, body, _score, _distance in candidates:
            facets["work_type"][vacancy.work_type] += 1
            facets["district"][vacancy.district] += 1
            facets["skill"].update(body["skill_slugs"])
            open_positions += vacancy.positions_open
        page = candidates[query.offset : query.offset + query.page_size]
        return SearchPage(
            hits=[
                Hit(
                    pk=vacancy.pk,
                    score=score,
                    distance_km=round(distance, 2) if distance is not None else None,
                )
                for vacancy, _body, score, distance in page
            ],
            total=len(candidates),
            facets={name: dict(counter.most_common(50)) for name, counter in facets.items()},
            open_positions=open_positions,
            notices=notices,
        )
