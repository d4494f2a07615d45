"""Fixtures for the search contract: one suite, run against each backend."""

import pytest

from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from tests.factories import SkillFactory


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request, search_backend):
    """A fresh, empty backend of each kind (the Elasticsearch one on this run's own prefix)."""
    if request.param == "database":
        yield DatabaseBackend()
        return

    backend = ElasticsearchBackend()
    backend.drop_all()
    yield backend
    backend.drop_all()


@pytest.fixture
def taxonomy(db):
    """A few skills of the seed taxonomy, with their synonyms."""
    return {
        "menjahit": SkillFactory(
            slug="menjahit",
            name_id="Menjahit",
            name_en="Sewing",
            category="garment",
            synonyms=["jahit", "penjahit", "tukang jahit", "sewing", "tailor"],
        ),
        "obras": SkillFactory(
            slug="obras",
            name_id="Obras",
            name_en="Overlock sewing",
            category="garment",
            synonyms=["mesin obras", "overlock", "neci"],
        ),
        "membatik": SkillFactory(
            slug="membatik",
            name_id="Membatik",
            name_en="Batik making",
            category="craft",
            synonyms=["batik", "pembatik", "batik tulis"],
        ),
        "frozen-food": SkillFactory(
            slug="frozen-food",
            name_id="Olahan Frozen Food",
            name_en="Frozen food",
            category="culinary",
            synonyms=["frozen", "makanan beku", "nugget"],
        ),
    }


def index_all(backend, vacancies):
    written = backend.index(model_label="jobs.vacancy", pks=[vacancy.pk for vacancy in vacancies])
    if backend.name == "elasticsearch":
        backend.refresh()
    return written
