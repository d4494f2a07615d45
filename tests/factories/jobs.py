"""Factories for skills, employers and vacancies."""

import datetime

import factory
from django.utils import timezone

from jobs.models import (
    Employer,
    EmployerKind,
    Skill,
    Vacancy,
    VacancySkill,
    VacancyStatus,
    WorkType,
)
from tests.factories.accounts import EmployerUserFactory


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    name_id = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    category = "garment"
    synonyms = factory.List([])


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    owner = factory.SubFactory(EmployerUserFactory)
    name = factory.Sequence(lambda n: f"Konveksi Sejahtera {n}")
    kind = EmployerKind.HOME_INDUSTRY
    city = "Kota Malang"
    district = "Klojen"
    subdistrict = "Kauman"
    latitude = -7.9826
    longitude = 112.6308
    is_verified = True


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    title = "Penjahit borongan"
    description = "Menjahit masker dan baju anak di rumah."
    work_type = WorkType.PIECE_RATE
    city = factory.LazyAttribute(lambda o: o.employer.city)
    district = factory.LazyAttribute(lambda o: o.employer.district)
    latitude = factory.LazyAttribute(lambda o: o.employer.latitude)
    longitude = factory.LazyAttribute(lambda o: o.employer.longitude)
    positions = 3
    pay_min = 2_000
    pay_max = 5_000
    pay_unit = "piece"
    valid_through = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = VacancyStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class VacancySkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacancySkill

    vacancy = factory.SubFactory(VacancyFactory)
    skill = factory.SubFactory(SkillFactory)
    is_required = True


class UnverifiedEmployerFactory(EmployerFactory):
    is_verified = False


class DraftVacancyFactory(VacancyFactory):
    status = VacancyStatus.DRAFT
    published_at = None
