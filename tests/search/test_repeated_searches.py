"""People repeat the same searches: a repeated one costs the engine less, and is never staler
than the index.

- Elasticsearch answers a repeated vacancy search from its request cache, which the refresh
  making a change visible drops.
- Whether a typed word needs a "did you mean" is asked once; its "no" is then reused for
  SEARCH_CORRECTION_MEMO_SECONDS (asking on every search added to the engine's work). A typo is
  asked about every time."""

import pytest
from django.test import override_settings

from search.backends.elasticsearch import ElasticsearchBackend, reading
from search.memo import TimedMemo
from search.queries import VacancyQuery
from search.selectors import vacancy_match_page
from tests.factories import (
    SeekerProfileFactory,
    SeekerSkillFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.search.conftest import index_all


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_reused_until_its_seconds_are_up_then_asked_again():
    clock = _Clock()
    memo: TimedMemo[str] = TimedMemo(seconds=lambda: 60, clock=clock)

    memo.remember({"penjahir": "penjahit", "borongan": ""})
    clock.now += 59

    assert memo.recall(["penjahir", "borongan", "obras"]) == {
        "penjahir": "penjahit",
        "borongan": "",
    }
    clock.now += 1
    assert memo.recall(["penjahir", "borongan"]) == {}


def test_zero_seconds_remembers_nothing():
    memo: TimedMemo[str] = TimedMemo(seconds=lambda: 0)

    memo.remember({"penjahir": "penjahit"})

    assert memo.recall(["penjahir"]) == {}


def test_a_full_memo_starts_over_instead_of_growing():
    memo: TimedMemo[str] = TimedMemo(seconds=lambda: 60, size=3)
    memo.remember({"satu": "", "dua": "", "tiga": ""})

    memo.remember({"empat": ""})

    assert memo.recall(["satu", "dua", "tiga", "empat"]) == {"empat": ""}


@pytest.fixture
def elasticsearch(search_backend):
    backend = ElasticsearchBackend()
    backend.drop_all()
    reading._UNCORRECTED.forget()
    yield backend
    reading._UNCORRECTED.forget()
    backend.drop_all()


@pytest.mark.elasticsearch
@pytest.mark.django_db
@override_settings(SEARCH_CORRECTION_MEMO_SECONDS=60)
def test_a_word_is_asked_about_once_a_typo_every_time(elasticsearch):
    index_all(elasticsearch, [VacancyFactory(title="Penjahit rumahan")])

    first = elasticsearch.search_vacancies(VacancyQuery(text="penjahit"))
    typo = elasticsearch.search_vacancies(VacancyQuery(text="penjahir"))

    assert first.total == 1 and first.corrections == {}
    assert reading._UNCORRECTED.recall(["penjahit", "penjahir"]) == {"penjahit": True}
    assert typo.corrections == {"penjahir": "penjahit"}
    assert [hit.pk for hit in typo.hits] == [hit.pk for hit in first.hits]
    # A vacancy now holds the typed word itself: the "typo" was asked about again, and is
    # searched as typed
    kain = VacancyFactory(title="Penjahir kain")
    index_all(elasticsearch, [kain])
    later = elasticsearch.search_vacancies(VacancyQuery(text="penjahir"))
    assert later.corrections == {}
    assert [hit.pk for hit in later.hits] == [kain.pk]


@pytest.mark.elasticsearch
@pytest.mark.django_db
@override_settings(SEARCH_CORRECTION_MEMO_SECONDS=60)
def test_a_correction_towards_a_word_that_just_arrived_waits_for_the_memo(elasticsearch):
    index_all(elasticsearch, [VacancyFactory(title="Pembatik tulis")])
    assert elasticsearch.search_vacancies(VacancyQuery(text="penjahir")).corrections == {}

    index_all(elasticsearch, [VacancyFactory(title="Penjahit rumahan")])

    # The "no correction" of a minute ago still stands...
    assert elasticsearch.search_vacancies(VacancyQuery(text="penjahir")).corrections == {}
    # ...until it is forgotten
    reading._UNCORRECTED.forget()
    page = elasticsearch.search_vacancies(VacancyQuery(text="penjahir"))
    assert page.corrections == {"penjahir": "penjahit"}


def _request_cache_hits(backend) -> int:
    stats = backend.client.indices.stats(index=backend.vacancy_alias, metric="request_cache")
    return stats["_all"]["total"]["request_cache"]["hit_count"]


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_a_repeated_search_is_answered_from_the_engines_cache_until_the_index_changes(
    elasticsearch,
):
    first_vacancy = VacancyFactory(title="Penjahit rumahan")
    index_all(elasticsearch, [first_vacancy])
    query = VacancyQuery(text="penjahit")
    first = elasticsearch.search_vacancies(query)
    hits_before = _request_cache_hits(elasticsearch)

    again = elasticsearch.search_vacancies(query)

    assert _request_cache_hits(elasticsearch) > hits_before
    assert [hit.pk for hit in again.hits] == [hit.pk for hit in first.hits] == [first_vacancy.pk]
    # A new vacancy, once indexed, is in the very next answer
    second_vacancy = VacancyFactory(title="Penjahit seragam")
    index_all(elasticsearch, [second_vacancy])
    later = elasticsearch.search_vacancies(query)
    assert {hit.pk for hit in later.hits} == {first_vacancy.pk, second_vacancy.pk}
    assert later.total == 2


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_a_seekers_matches_asked_again_come_from_the_engines_cache_until_the_index_changes(
    elasticsearch, taxonomy
):
    sewing = taxonomy["menjahit"]
    seeker = SeekerProfileFactory(is_open_to_work=True)
    SeekerSkillFactory(seeker=seeker, skill=sewing)
    first_vacancy = VacancyFactory(title="Penjahit rumahan")
    VacancySkillFactory(vacancy=first_vacancy, skill=sewing, is_required=True)
    index_all(elasticsearch, [first_vacancy])
    total, first = vacancy_match_page(seeker=seeker)
    hits_before = _request_cache_hits(elasticsearch)

    again_total, again = vacancy_match_page(seeker=seeker)

    assert _request_cache_hits(elasticsearch) > hits_before
    assert (again_total, [m.vacancy.pk for m in again]) == (total, [m.vacancy.pk for m in first])
    assert [m.match.score for m in again] == [m.match.score for m in first]
    # A new matching vacancy, once indexed, is in her very next list
    second_vacancy = VacancyFactory(title="Penjahit seragam")
    VacancySkillFactory(vacancy=second_vacancy, skill=sewing, is_required=True)
    index_all(elasticsearch, [second_vacancy])
    later_total, later = vacancy_match_page(seeker=seeker)
    assert later_total == 2
    assert {m.vacancy.pk for m in later} == {first_vacancy.pk, second_vacancy.pk}
