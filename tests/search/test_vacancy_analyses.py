"""A vacancy's stored analysis (``search.models.VacancyAnalysis``): written when the vacancy is
indexed after a write, read instead of recomputed, and never used once any of its inputs
changed."""

from __future__ import annotations

import pytest

from jobs.models import Employer, Vacancy
from search import documents
from search.analysis import pinned_vocabulary
from search.documents import (
    pack_integers,
    pending_vacancies,
    unpack_integers,
    vacancy_analysis_digest,
    vacancy_body,
)
from search.models import VacancyAnalysis
from tests.factories import VacancyFactory, VacancySkillFactory
from tests.factories.jobs import DraftVacancyFactory

pytestmark = pytest.mark.django_db

PLANTED = {
    "text": "planted",
    "surface": "planted",
    "signature": pack_integers([7]),
    "shingles": pack_integers([7]),
}


@pytest.fixture
def vacancy(taxonomy):
    vacancy = VacancyFactory(
        title="Penjahit kebaya borongan",
        description="Menjahit kebaya dan seragam sekolah di rumah, bahan disediakan.",
        city="Kota Malang",
        district="Klojen",
    )
    VacancySkillFactory(vacancy=vacancy, skill=taxonomy["menjahit"], is_required=True)
    return vacancy


def _computed(pk: int) -> dict:
    """The document computed from scratch, without the store."""
    with pinned_vocabulary():
        return vacancy_body(documents.vacancy_queryset().get(pk=pk))


def _indexed(pk: int) -> dict | None:
    """The document the per-row indexing path builds (reading and writing the store)."""
    with pinned_vocabulary():
        (pending,) = pending_vacancies([pk])
    return pending.body


def _stored(pk: int) -> dict:
    stored = VacancyAnalysis.objects.values("digest", *PLANTED).get(pk=pk)
    return {
        **stored,
        "signature": unpack_integers(stored["signature"]),
        "shingles": unpack_integers(stored["shingles"]),
    }


def test_indexing_a_vacancy_stores_its_analysis(vacancy, search_backend):
    # Given a public vacancy and a draft, nothing stored for either
    draft = DraftVacancyFactory(title="Draf penjahit")
    assert VacancyAnalysis.objects.count() == 0

    # When the backend indexes both (the per-row path, run after each write)
    search_backend.index(model_label="jobs.vacancy", pks=[vacancy.pk, draft.pk])

    # Then the public vacancy's analysis is stored under its current digest, exactly the parts
    # of its document; the draft (not indexed) has none
    body = _computed(vacancy.pk)
    with pinned_vocabulary():
        digest = vacancy_analysis_digest(documents.vacancy_queryset().get(pk=vacancy.pk))
    assert _stored(vacancy.pk) == {
        "digest": digest,
        "text": body["text"],
        "surface": body["surface"],
        "signature": body["duplicate_signature"],
        "shingles": body["duplicate_shingles"],
    }
    assert len(body["duplicate_signature"]) == 64
    assert "skill_menjahit" in body["text"].split()
    assert list(VacancyAnalysis.objects.values_list("pk", flat=True)) == [vacancy.pk]


def test_a_stored_analysis_whose_digest_is_current_is_read_not_recomputed(vacancy):
    # Given the vacancy indexed once, and its stored parts then replaced (same digest)
    _indexed(vacancy.pk)
    VacancyAnalysis.objects.filter(pk=vacancy.pk).update(**PLANTED)

    # When it is indexed again, unchanged
    body = _indexed(vacancy.pk)

    # Then the document carries the stored parts: the store is what was read
    assert body is not None
    assert (body["text"], body["surface"], body["duplicate_signature"]) == ("planted",) * 2 + ([7],)
    assert body["duplicate_shingles"] == [7]


def _title(vacancy, taxonomy, monkeypatch):
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Penjahit seragam harian")


def _description(vacancy, taxonomy, monkeypatch):
    Vacancy.objects.filter(pk=vacancy.pk).update(description="Mengobras kaos di konveksi.")


def _employer_name(vacancy, taxonomy, monkeypatch):
    Employer.objects.filter(pk=vacancy.employer_id).update(name="Butik Anggrek")


def _district(vacancy, taxonomy, monkeypatch):
    Vacancy.objects.filter(pk=vacancy.pk).update(district="Lowokwaru")


def _city(vacancy, taxonomy, monkeypatch):
    Vacancy.objects.filter(pk=vacancy.pk).update(city="Kota Batu")


def _skill_added(vacancy, taxonomy, monkeypatch):
    VacancySkillFactory(vacancy=vacancy, skill=taxonomy["obras"], is_required=False)


def _skill_removed(vacancy, taxonomy, monkeypatch):
    vacancy.skill_links.all().delete()


def _attached_skill_renamed(vacancy, taxonomy, monkeypatch):
    skill = taxonomy["menjahit"]
    skill.synonyms = [*skill.synonyms, "kebaya"]
    skill.save()


def _other_skill_named_in_the_text(vacancy, taxonomy, monkeypatch):
    # A skill the vacancy does not have gains a synonym its description holds: the taxonomy's
    # vocabulary now finds that skill in the text.
    skill = taxonomy["obras"]
    skill.synonyms = [*skill.synonyms, "seragam sekolah"]
    skill.save()


def _analysis_version(vacancy, taxonomy, monkeypatch):
    monkeypatch.setattr(documents, "ANALYSIS_VERSION", documents.ANALYSIS_VERSION + 1)
    monkeypatch.setitem(documents._environment, "vocabulary", None)


def _stem_exceptions(vacancy, taxonomy, monkeypatch):
    exceptions = {**documents.stem_exceptions(), "kebaya": "kebay"}
    monkeypatch.setattr(documents, "stem_exceptions", lambda: exceptions)
    monkeypatch.setitem(documents._environment, "vocabulary", None)


def _spelling_variants(vacancy, taxonomy, monkeypatch):
    variants = {**documents.spelling_variants(), "bahan": "kain"}
    monkeypatch.setattr(documents, "spelling_variants", lambda: variants)
    monkeypatch.setitem(documents._environment, "vocabulary", None)


# Changes that change the document, and those of what the analysis is computed by (code, data)
# which may leave this one document alike but must never be served an older analysis.
DOCUMENT_CHANGES = [
    _title,
    _description,
    _employer_name,
    _district,
    _city,
    _skill_added,
    _skill_removed,
    _attached_skill_renamed,
    _other_skill_named_in_the_text,
]
ANALYSIS_CHANGES = [_analysis_version, _stem_exceptions, _spelling_variants]


@pytest.mark.parametrize(
    "change",
    DOCUMENT_CHANGES + ANALYSIS_CHANGES,
    ids=lambda change: change.__name__.strip("_"),
)
def test_a_change_of_any_input_of_the_analysis_is_never_served_the_stored_one(
    vacancy, taxonomy, monkeypatch, change
):
    # Given the vacancy indexed, its stored parts marked (same digest) to tell them apart
    before = _indexed(vacancy.pk)
    old_digest = _stored(vacancy.pk)["digest"]
    VacancyAnalysis.objects.filter(pk=vacancy.pk).update(**PLANTED)

    # When one input of its analysis changes and it is indexed again
    change(vacancy, taxonomy, monkeypatch)
    body = _indexed(vacancy.pk)

    # Then its document is the one computed from scratch, not the stored parts
    assert body == _computed(vacancy.pk)
    assert body is not None
    assert body["text"] != "planted"
    assert body["duplicate_signature"] != [7]
    if change in DOCUMENT_CHANGES:
        assert body != before

    # And the store holds the new analysis under the new digest
    stored = _stored(vacancy.pk)
    assert stored["digest"] != old_digest
    assert stored["text"] == body["text"]
    assert stored["shingles"] == body["duplicate_shingles"]


def test_a_change_the_analysis_does_not_read_keeps_the_stored_analysis(vacancy):
    # Given the vacancy indexed, its stored parts marked (same digest)
    _indexed(vacancy.pk)
    VacancyAnalysis.objects.filter(pk=vacancy.pk).update(**PLANTED)

    # When its pay and positions change (not inputs of the analysis) and it is indexed again
    Vacancy.objects.filter(pk=vacancy.pk).update(pay_max=90_000, positions=9)
    body = _indexed(vacancy.pk)

    # Then the stored parts are still used, beside the new pay and positions
    assert body is not None
    assert body["text"] == "planted"
    assert body["pay_max"] == 90_000


def test_a_vacancy_deleted_takes_its_stored_analysis_with_it(vacancy):
    # Given the vacancy's analysis stored
    _indexed(vacancy.pk)

    # When the vacancy is deleted
    Vacancy.objects.filter(pk=vacancy.pk).delete()

    # Then its analysis is gone too
    assert VacancyAnalysis.objects.count() == 0


def test_a_closed_vacancy_keeps_its_analysis_for_when_it_reopens(vacancy):
    # Given the vacancy's analysis stored, then the vacancy closed and indexed (removed)
    _indexed(vacancy.pk)
    Vacancy.objects.filter(pk=vacancy.pk).update(status="closed")

    # When it is indexed while closed
    body = _indexed(vacancy.pk)

    # Then its document is removed from the index and its analysis kept
    assert body is None
    assert VacancyAnalysis.objects.filter(pk=vacancy.pk).exists()
