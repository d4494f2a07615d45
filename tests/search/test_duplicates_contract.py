"""Near-duplicate vacancies: one contract, both backends (search.duplicates)."""

import datetime
import json
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone

from jobs.models import Vacancy
from search.duplicates import DUPLICATE_THRESHOLD, fingerprint, jaccard
from tests.factories import EmployerFactory, VacancyFactory
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

PAIRS = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "duplicate_pairs.json").read_text()
)
ORIGINAL = {
    "title": "Penjahit Borongan Seragam Sekolah",
    "description": (
        "Kami UMKM konveksi di Kecamatan Klojen membuka lowongan untuk ibu rumah tangga. "
        "Menjahit seragam sekolah di rumah; bahan dan pola disediakan, diambil tiap Senin. "
        "Dibutuhkan 6 orang. Syarat: perempuan usia 20 sampai 45 tahun, jujur dan teliti. "
        "Lamar lewat Si-Caker atau datang langsung ke rumah produksi kami di Klojen."
    ),
}
REPOST = {
    "title": "Penjahit Borongan Seragam Sekolah",
    "description": ORIGINAL["description"].replace("6 orang", "8 orang") + " Segera!",
}
SAME_TEMPLATE_OTHER_JOB = {
    "title": "Operator Obras Paruh Waktu",
    "description": ORIGINAL["description"].replace(
        "Menjahit seragam sekolah di rumah; bahan dan pola disediakan, diambil tiap Senin.",
        "Obras baju anak di workshop, pagi hari, mesin disediakan.",
    ),
}


def _change(vacancy, **fields):
    """Change a vacancy as a service does: its search version goes up with it."""
    Vacancy.objects.filter(pk=vacancy.pk).update(**fields, search_version=F("search_version") + 1)


def _similar(backend, text, **options):
    options.setdefault("min_similarity", DUPLICATE_THRESHOLD)
    options.setdefault("limit", 10)
    return backend.similar_vacancies(fingerprint(**text), **options)


def test_a_repost_with_small_edits_is_found_with_its_similarity(backend):
    # Given an open vacancy, and another vacancy on another subject
    original = VacancyFactory(**ORIGINAL)
    other = VacancyFactory(title="Kasir Akhir Pekan", description="Kasir di toko oleh-oleh.")
    index_all(backend, [original, other])

    # When a near-copy is compared
    found = _similar(backend, REPOST)

    # Then the original alone is found, as similar as the exact Jaccard index (the database) or
    # its MinHash estimate (Elasticsearch), within the estimate's spread
    exact = jaccard(fingerprint(**ORIGINAL).shingles, fingerprint(**REPOST).shingles)
    assert [hit.pk for hit in found] == [original.pk]
    assert found[0].similarity == pytest.approx(exact, abs=0.15)
    assert exact == pytest.approx(71 / 76)


def test_one_template_used_for_another_job_is_not_a_duplicate(backend):
    original = VacancyFactory(**ORIGINAL)
    index_all(backend, [original])

    assert _similar(backend, SAME_TEMPLATE_OTHER_JOB) == []


def test_only_open_vacancies_are_compared(backend):
    # Given copies that are a draft, closed, or past their closing date, and one open copy
    draft = VacancyFactory(**ORIGINAL, status="draft", published_at=None)
    closed = VacancyFactory(**ORIGINAL, status="closed")
    expired = VacancyFactory(**ORIGINAL)
    open_copy = VacancyFactory(**ORIGINAL)
    index_all(backend, [draft, closed, expired, open_copy])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _change(expired, valid_through=tomorrow)
    index_all(backend, [expired])

    # When compared the day after tomorrow (the expired one has passed its date)
    found = _similar(backend, ORIGINAL, today=tomorrow + datetime.timedelta(days=1))

    assert [hit.pk for hit in found] == [open_copy.pk]


def test_the_vacancy_itself_is_left_out_and_the_limit_holds(backend):
    copies = [VacancyFactory(**ORIGINAL, employer=EmployerFactory()) for _ in range(4)]
    index_all(backend, copies)

    found = _similar(backend, ORIGINAL, exclude_pk=copies[0].pk, limit=2)

    assert [hit.pk for hit in found] == [copies[1].pk, copies[2].pk]
    assert [hit.similarity for hit in found] == [1.0, 1.0]


def test_a_vacancy_that_closes_leaves_the_comparison(backend):
    original = VacancyFactory(**ORIGINAL)
    index_all(backend, [original])
    _change(original, status="closed")
    index_all(backend, [original])

    assert _similar(backend, ORIGINAL) == []


def test_nothing_is_found_for_an_empty_text_or_an_empty_index(backend):
    assert _similar(backend, ORIGINAL) == []
    original = VacancyFactory(**ORIGINAL)
    index_all(backend, [original])
    assert _similar(backend, {"title": "", "description": "  "}) == []


def test_the_labelled_pairs_agree_with_the_backend(backend):
    """A sample of the shipped pairs, away from the threshold (where Elasticsearch's estimate may
    land either side): every duplicate found, no template pair flagged. The whole set, threshold
    cases included, is measured by benchmarks/duplicates.py."""
    sample = [
        pair
        for pair in PAIRS
        if pair["label"] != "unrelated"
        and abs(
            jaccard(fingerprint(**pair["a"]).shingles, fingerprint(**pair["b"]).shingles)
            - DUPLICATE_THRESHOLD
        )
        > 0.15
    ][::8]
    originals = [VacancyFactory(**pair["a"]) for pair in sample]
    index_all(backend, originals)

    wrong = []
    for pair, original in zip(sample, originals, strict=True):
        found = {hit.pk for hit in _similar(backend, pair["b"])}
        if (original.pk in found) != (pair["label"] == "duplicate"):
            wrong.append(pair["b"]["title"])

    assert wrong == []
    assert len(sample) == 16
