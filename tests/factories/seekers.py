"""Factories for seekers, trainings and their skills."""

import datetime

import factory

from seekers.models import (
    SeekerProfile,
    SeekerSkill,
    SkillSource,
    TrainingCompletion,
    TrainingProgramme,
)
from tests.factories.accounts import OfficerFactory, SeekerUserFactory
from tests.factories.jobs import SkillFactory


class TrainingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgramme

    title = factory.Sequence(lambda n: f"Pelatihan Menjahit Angkatan {n}")
    organiser = "Dinsos P3AP2KB Kota Malang"
    city = "Kota Malang"
    starts_on = datetime.date(2026, 3, 1)
    ends_on = datetime.date(2026, 3, 5)


class SeekerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeekerProfile

    user = factory.SubFactory(SeekerUserFactory)
    full_name = factory.LazyAttribute(lambda o: o.user.full_name)
    gender = "female"
    city = "Kota Malang"
    district = "Sukun"
    subdistrict = "Bandungrejosari"
    latitude = -8.0013
    longitude = 112.6161
    education_level = "sma"
    max_distance_km = 10
    wanted_work_types = factory.List(["home_based", "piece_rate", "part_time"])
    available_days = factory.List(["mon", "tue", "wed", "thu", "fri"])
    available_from = datetime.time(8, 0)
    available_until = datetime.time(12, 0)


class TrainingCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCompletion

    programme = factory.SubFactory(TrainingProgrammeFactory)
    seeker = factory.SubFactory(SeekerProfileFactory)
    certificate_number = factory.Sequence(lambda n: f"CERT-{n:05d}")
    completed_on = datetime.date(2026, 3, 5)
    recorded_by = factory.SubFactory(OfficerFactory)


class SeekerSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeekerSkill

    seeker = factory.SubFactory(SeekerProfileFactory)
    skill = factory.SubFactory(SkillFactory)
    source = SkillSource.SELF


# A plausible NIK: Jawa Timur (35), Kota Malang (73), Klojen (01), born 12-05-1990 as a woman
# (day 12 + 40 = 52), serial 0001.
VALID_NIK = "3573015205900001"
