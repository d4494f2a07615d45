"""A rebuild writes exactly the documents the per-row indexing path writes, and restores the
index settings it builds with."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Vacancy
from search.alerts import pending_alerts
from search.analysis import pinned_vocabulary
from search.backends.elasticsearch import ElasticsearchBackend, writing
from search.documents import pending_seekers, pending_vacancies, vacancy_body, vacancy_queryset
from search.flat_documents import (
    alert_documents,
    seeker_documents,
    vacancy_documents,
)
from search.mappings import index_settings
from search.models import JobAlert, VacancyAnalysis
from seekers.models import SeekerProfile, SkillSource
from tests.factories import (
    SeekerProfileFactory,
    SeekerSkillFactory,
    SeekerUserFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.factories.jobs import DraftVacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(taxonomy):
    """Rows of every shape a document has: skills required and preferred, none, accents, no
    location, no pay; and rows the index must not hold (draft, expired, closed, paused)."""
    sewing = VacancyFactory(title="Penjahit kebaya borongan", pay_unit="piece")
    VacancySkillFactory(vacancy=sewing, skill=taxonomy["menjahit"], is_required=True)
    VacancySkillFactory(vacancy=sewing, skill=taxonomy["obras"], is_required=False)
    VacancyFactory(
        title="Pengrajin makramé",
        description="Tas makramé dan hiasan dinding, dikerjakan di rumah.",
        work_type="home_based",
        latitude=None,
        longitude=None,
        pay_min=None,
        pay_max=None,
        pay_unit="",
    )
    filled = VacancyFactory(title="Kasir toko oleh-oleh", positions=2, positions_filled=1)
    VacancySkillFactory(vacancy=filled, skill=taxonomy["obras"], is_required=True)
    DraftVacancyFactory(title="Draf penjahit")
    VacancyFactory(
        title="Kedaluwarsa", valid_through=timezone.localdate() - datetime.timedelta(days=1)
    )
    VacancyFactory(title="Ditutup", status="closed")

    siti = SeekerProfileFactory()
    SeekerSkillFactory(seeker=siti, skill=taxonomy["menjahit"], source=SkillSource.TRAINING)
    SeekerSkillFactory(seeker=siti, skill=taxonomy["obras"], source=SkillSource.EXPERIENCE)
    SeekerProfileFactory(latitude=None, longitude=None, wanted_work_types=[], education_level="")
    SeekerProfileFactory(is_open_to_work=False)

    JobAlert.objects.create(user=siti.user, name="Jahit", text="penjahit borongan", city="Malang")
    JobAlert.objects.create(
        user=SeekerUserFactory(),
        name="Dekat",
        skill_slugs=["obras"],
        work_types=["piece_rate"],
        latitude=-7.98,
        longitude=112.63,
        radius_km=5,
        pay_min=2_000,
    )
    JobAlert.objects.create(user=SeekerUserFactory(), name="Jeda", text="batik", is_active=False)


def _per_row(pending, model) -> list[tuple[int, int, dict]]:
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    return [(d.pk, d.version, d.body) for d in pending(pks) if d.body is not None]


@pytest.mark.parametrize(
    ("flat", "pending", "model", "indexed"),
    [
        (vacancy_documents, pending_vacancies, Vacancy, 3),
        (seeker_documents, pending_seekers, SeekerProfile, 2),
        (alert_documents, pending_alerts, JobAlert, 2),
    ],
    ids=["vacancies", "seekers", "alerts"],
)
def test_flat_documents_equal_the_per_row_documents(rows, flat, pending, model, indexed):
    # Given rows of every shape, some of which the index must not hold
    # When the rebuild's flat path and the per-row path build their documents
    with pinned_vocabulary():
        built = list(flat())
        expected = _per_row(pending, model)

    # Then they are the same documents, with the same versions, for the same rows
    assert len(built) == indexed
    assert built == expected


def test_vacancy_documents_are_the_same_with_their_analyses_stored_or_not(rows):
    # Given the documents computed from scratch, without the store
    with pinned_vocabulary():
        computed = [
            (vacancy.pk, vacancy.search_version, vacancy_body(vacancy))
            for vacancy in vacancy_queryset().open().order_by("pk")
        ]

    # When each path builds them with nothing stored (cold) and with every analysis stored
    # by the other path (warm)
    with pinned_vocabulary():
        per_row_cold = _per_row(pending_vacancies, Vacancy)
        stored_by_per_row = VacancyAnalysis.objects.count()
        flat_warm = list(vacancy_documents())
        VacancyAnalysis.objects.all().delete()
        flat_cold = list(vacancy_documents())
        stored_by_flat = VacancyAnalysis.objects.count()
        per_row_warm = _per_row(pending_vacancies, Vacancy)

    # Then every one is the same, document by document
    assert len(computed) == 3
    assert (stored_by_per_row, stored_by_flat) == (3, 3)
    assert per_row_cold == computed
    assert flat_warm == computed
    assert flat_cold == computed
    assert per_row_warm == computed


def test_flat_documents_read_a_fixed_number_of_queries(rows, taxonomy, django_assert_num_queries):
    # Given three more vacancies with skills
    for _ in range(3):
        VacancySkillFactory(vacancy=VacancyFactory(), skill=taxonomy["menjahit"])

    # When their documents are built: the taxonomy, one page of rows, its links and its stored
    # analyses (none yet), the upsert of those computed, the end
    with pinned_vocabulary(), django_assert_num_queries(6):
        documents = list(vacancy_documents())

    # Then every open vacancy has its document
    assert len(documents) == 6

    # And built again, every analysis is read from the store: nothing is written
    with pinned_vocabulary(), django_assert_num_queries(5):
        assert list(vacancy_documents()) == documents


def _index_content(backend) -> dict[str, list]:
    return {
        label: [
            (hit["_id"], hit["_version"], hit["_source"])
            for hit in backend.client.search(
                index=alias, query={"match_all": {}}, size=100, version=True, sort=["pk"]
            )["hits"]["hits"]
        ]
        for label, alias in backend.aliases.items()
    }


def _assert_rebuilt_as_per_row(backend, counts):
    # Then each holds exactly the per-row documents (as their sources), searchable now
    assert counts == {"vacancies": 3, "seekers": 2, "alerts": 2}
    for label, pending, model in [
        ("jobs.vacancy", pending_vacancies, Vacancy),
        ("seekers.seekerprofile", pending_seekers, SeekerProfile),
        ("search.jobalert", pending_alerts, JobAlert),
    ]:
        alias = backend.aliases[label]
        with pinned_vocabulary():
            expected = _per_row(pending, model)
        found = backend.client.search(
            index=alias, query={"match_all": {}}, size=100, version=True, sort=["pk"]
        )["hits"]["hits"]
        assert [(int(hit["_id"]), hit["_version"], hit["_source"]) for hit in found] == expected

        # ... and refresh and replicas are back to the configured values
        (index_name,) = backend.client.indices.get_alias(name=alias)
        live = backend.client.indices.get_settings(index=index_name)[index_name]["settings"]
        configured = index_settings()
        assert live["index"]["refresh_interval"] == configured["refresh_interval"]
        assert live["index"]["number_of_replicas"] == str(configured["number_of_replicas"])


@pytest.mark.elasticsearch
def test_a_rebuild_indexes_the_per_row_documents_and_restores_the_settings(rows, search_backend):
    backend = ElasticsearchBackend()
    backend.drop_all()
    try:
        # When every index is rebuilt (in a test's transaction: built on the sending thread)
        counts = backend.rebuild()

        _assert_rebuilt_as_per_row(backend, counts)
    finally:
        backend.drop_all()


@pytest.mark.elasticsearch
def test_a_rebuild_with_every_analysis_stored_writes_the_index_a_cold_one_writes(
    rows, search_backend
):
    backend = ElasticsearchBackend()
    backend.drop_all()
    try:
        # Given a rebuild with no analysis stored (cold), which stores them
        backend.rebuild()
        cold = _index_content(backend)
        assert VacancyAnalysis.objects.count() == 3

        # When every index is rebuilt again, the analyses read from the store (warm)
        counts = backend.rebuild()

        # Then the indices hold the same documents, the per-row ones
        assert _index_content(backend) == cold
        _assert_rebuilt_as_per_row(backend, counts)
    finally:
        backend.drop_all()


@pytest.mark.elasticsearch
@pytest.mark.django_db(transaction=True)
def test_documents_built_in_builder_processes_are_the_per_row_documents(
    rows, search_backend, monkeypatch
):
    # Given committed rows, and builder processes used from the first row, one row per range
    monkeypatch.setattr(writing, "REBUILD_PROCESSES_FROM_ROWS", 1)
    monkeypatch.setattr(writing, "REBUILD_CHUNK", 1)
    backend = ElasticsearchBackend()
    backend.drop_all()
    sent = []
    original = backend._send_bulk

    def send(payload):
        sent.append(payload)
        original(payload)

    monkeypatch.setattr(backend, "_send_bulk", send)
    try:
        # When every index is rebuilt
        counts = backend.rebuild()

        # Then the documents came from the builder processes, one bulk request per row
        assert len(sent) == 7
        _assert_rebuilt_as_per_row(backend, counts)

        # ... which stored the analyses they computed, so a second rebuild reads them and
        # writes the same documents
        assert VacancyAnalysis.objects.count() == 3
        cold = _index_content(backend)
        counts = backend.rebuild()
        assert _index_content(backend) == cold
        _assert_rebuilt_as_per_row(backend, counts)
    finally:
        backend.drop_all()
