"""Fixtures shared by the seekers tests: a few skills, a seeker, an officer, a training."""

import datetime

import pytest

from tests.factories import (
    OfficerFactory,
    SeekerProfileFactory,
    SkillFactory,
    TrainingProgrammeFactory,
)


@pytest.fixture
def skills(db):
    return {
        "menjahit": SkillFactory(
            slug="menjahit", name_id="Menjahit", name_en="Sewing", synonyms=["penjahit"]
        ),
        "obras": SkillFactory(slug="obras", name_id="Mengobras", name_en="Overlocking"),
        "membatik": SkillFactory(
            slug="membatik", name_id="Membatik", name_en="Batik making", category="craft"
        ),
    }


@pytest.fixture
def officer(db):
    return OfficerFactory(full_name="Budi Santoso")


@pytest.fixture
def seeker(db):
    return SeekerProfileFactory(
        full_name="Sri Wahyuni", user__full_name="Sri Wahyuni", phone="081211110000"
    )


@pytest.fixture
def programme(skills):
    programme = TrainingProgrammeFactory(
        title="Pelatihan Menjahit Kampung KB",
        organiser="DP3AKB Kota Balikpapan",
        city="Kota Balikpapan",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 5),
    )
    programme.skills.set([skills["menjahit"], skills["obras"]])
    return programme
