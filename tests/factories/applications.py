"""Factories for applications."""

import factory

from applications.models import Application
from tests.factories.jobs import VacancyFactory
from tests.factories.seekers import SeekerProfileFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    vacancy = factory.SubFactory(VacancyFactory)
    seeker = factory.SubFactory(SeekerProfileFactory)
    cover_note = "Saya sudah ikut pelatihan menjahit."
