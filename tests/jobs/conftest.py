"""Fixtures shared by the jobs tests."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import EmployerFactory, OfficerFactory, SkillFactory


@pytest.fixture
def today() -> datetime.date:
    """The labor office's date (Asia/Jakarta), which decides expiry."""
    return timezone.localdate()


@pytest.fixture
def employer(db):
    return EmployerFactory(name="Konveksi Bu Sri")


@pytest.fixture
def officer(db):
    return OfficerFactory()


@pytest.fixture
def skills(db):
    return {
        "menjahit": SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing"),
        "membatik": SkillFactory(slug="membatik", name_id="Membatik", name_en="Batik making"),
        "bordir": SkillFactory(slug="bordir", name_id="Bordir", name_en="Embroidery"),
    }
