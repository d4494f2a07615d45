"""Matches ranked inside Elasticsearch: the engine's score is ``score_pair``'s, on random pairs.

The engine ranks (``search.backends.elasticsearch.match_queries``) and Python explains; if the
two disagreed, a page would show its scores out of order, or the best match on a later page.
"""

import datetime
import random

import pytest
from django.utils import timezone

from jobs.models import Vacancy
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch.match_queries import (
    seeker_ranking_clauses,
    vacancy_ranking_clauses,
)
from search.match_facts import seeker_facts_by_pk, vacancy_facts_by_pk
from search.matching import score_pair
from seekers.models import SeekerProfile
from tests.factories import (
    EmployerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.search.conftest import index_all

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WORK_TYPES = ["full_time", "part_time", "home_based", "piece_rate", "freelance"]
SOURCES = ["training", "experience", "self"]
# Sukun, Kota Malang; points up to ~25 km around it (every distance band)
CENTRE = (-8.0013, 112.6161)


def _point(rng):
    if rng.random() < 0.15:
        return None, None
    return CENTRE[0] + rng.uniform(-0.2, 0.2), CENTRE[1] + rng.uniform(-0.2, 0.2)


def _span(rng, *, grid):
    if rng.random() < 0.25:
        return None, None
    start = rng.randrange(5 * 60, 20 * 60, grid)
    end = rng.randrange(start + grid, 24 * 60, grid)
    return datetime.time(start // 60, start % 60), datetime.time(end // 60, end % 60)


def _days(rng):
    return rng.sample(DAYS, rng.randint(0, 6))


def _market(rng, taxonomy, *, vacancies, seekers):
    skills = list(taxonomy.values())
    now = timezone.now()
    for _ in range(vacancies):
        latitude, longitude = _point(rng)
        start, end = _span(rng, grid=rng.choice([60, 30, 7]))
        employer = EmployerFactory(latitude=latitude, longitude=longitude)
        vacancy = VacancyFactory(
            employer=employer,
            work_type=rng.choice(WORK_TYPES),
            work_days=_days(rng),
            hours_start=start,
            hours_end=end,
            published_at=now - datetime.timedelta(days=rng.uniform(0, 40)),
        )
        chosen = rng.sample(skills, rng.randint(0, 3))
        for skill in chosen:
            VacancySkillFactory(vacancy=vacancy, skill=skill, is_required=rng.random() < 0.6)
    for _ in range(seekers):
        latitude, longitude = _point(rng)
        start, end = _span(rng, grid=rng.choice([60, 15, 11]))
        seeker = SeekerProfileFactory(
            latitude=latitude,
            longitude=longitude,
            max_distance_km=rng.choice([1, 3, 5, 10, 12, 25]),
            wanted_work_types=rng.sample(WORK_TYPES, rng.randint(0, 3)),
            available_days=_days(rng),
            available_from=start,
            available_until=end,
        )
        for skill in rng.sample(skills, rng.randint(0, 3)):
            SeekerSkillFactory(seeker=seeker, skill=skill, source=rng.choice(SOURCES))
        SeekerProfile.objects.filter(pk=seeker.pk).update(
            updated_at=now - datetime.timedelta(days=rng.uniform(0, 40))
        )


def _index(backend):
    backend.drop_all()  # no document of an earlier test
    index_all(backend, Vacancy.objects.all())
    backend.index(
        model_label="seekers.seekerprofile",
        pks=list(SeekerProfile.objects.values_list("pk", flat=True)),
    )
    backend.refresh()


def _engine_scores(backend, index, clauses):
    answer = backend.client.search(
        index=index,
        query={"bool": {"should": clauses}},
        size=500,
        source=False,
        filter_path=["hits.hits._id", "hits.hits._score"],
    )
    return {int(hit["_id"]): hit["_score"] for hit in answer["hits"]["hits"]}


def test_the_engine_scores_each_vacancy_as_score_pair_does(search_backend, taxonomy):
    # Given random vacancies and seekers: skills held in every way, points in every band (and
    # none), hours on and off the hour (and none), any days, published and updated over 40 days
    _market(random.Random(20261127), taxonomy, vacancies=40, seekers=12)
    backend = ElasticsearchBackend()
    _index(backend)
    vacancies = vacancy_facts_by_pk(list(Vacancy.objects.values_list("pk", flat=True)))
    now = timezone.now()

    # When the engine scores every vacancy for each seeker
    for seeker in seeker_facts_by_pk(
        list(SeekerProfile.objects.values_list("pk", flat=True))
    ).values():
        scores = _engine_scores(
            backend, backend.vacancy_alias, vacancy_ranking_clauses(seeker, now=now)
        )

        # Then each score is score_pair's (a 32-bit float of it)
        for pk, vacancy in vacancies.items():
            expected = score_pair(seeker, vacancy, now=now).score
            assert scores.get(pk, 0.0) == pytest.approx(expected, abs=0.006), (seeker, vacancy)


def test_the_engine_scores_each_candidate_as_score_pair_does(search_backend, taxonomy):
    _market(random.Random(27112026), taxonomy, vacancies=12, seekers=40)
    backend = ElasticsearchBackend()
    _index(backend)
    seekers = seeker_facts_by_pk(list(SeekerProfile.objects.values_list("pk", flat=True)))
    now = timezone.now()

    for vacancy in vacancy_facts_by_pk(list(Vacancy.objects.values_list("pk", flat=True))).values():
        scores = _engine_scores(
            backend, backend.seeker_alias, seeker_ranking_clauses(vacancy, now=now)
        )

        for pk, seeker in seekers.items():
            expected = score_pair(seeker, vacancy, now=now, recency_of="seeker").score
            assert scores.get(pk, 0.0) == pytest.approx(expected, abs=0.006), (seeker, vacancy)


def test_both_backends_rank_the_same_candidates_in_the_same_order(search_backend, taxonomy):
    # Given a random market indexed on Elasticsearch
    _market(random.Random(7), taxonomy, vacancies=30, seekers=30)
    elastic = ElasticsearchBackend()
    _index(elastic)
    now = timezone.now()
    database = DatabaseBackend()

    for seeker in seeker_facts_by_pk(
        list(SeekerProfile.objects.values_list("pk", flat=True))
    ).values():
        # When the engine ranks the vacancies for her, and the database backend scores them all
        # in Python
        ranked = elastic.rank_vacancies(seeker, offset=0, limit=100, cap=100, now=now)
        expected = database.rank_vacancies(seeker, offset=0, limit=100, cap=100, now=now)

        # Then both hold the same vacancies, with the same scores in the same order
        def scores(ranking, seeker=seeker):
            return [
                round(score_pair(seeker, vacancy, now=now).score, 1) for vacancy in ranking.hits
            ]

        assert sorted(v.pk for v in ranked.hits) == sorted(v.pk for v in expected.hits)
        assert scores(ranked) == scores(expected)
        assert ranked.total == expected.total
