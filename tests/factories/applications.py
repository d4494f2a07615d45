"""Factories for applications."""

import factory

from applications.models import Application, ApplicationEvent, ApplicationStatus, Invitation
from tests.factories.jobs import VacancyFactory
from tests.factories.seekers import SeekerProfileFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    vacancy = factory.SubFactory(VacancyFactory)
    seeker = factory.SubFactory(SeekerProfileFactory)
    cover_note = "Saya sudah ikut pelatihan menjahit."


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationEvent

    application = factory.SubFactory(ApplicationFactory)
    actor = factory.LazyAttribute(lambda o: o.application.seeker.user)
    actor_role = factory.LazyAttribute(lambda o: o.actor.role if o.actor else "")
    from_status = ""
    to_status = ApplicationStatus.SUBMITTED


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    vacancy = factory.SubFactory(VacancyFactory)
    seeker = factory.SubFactory(SeekerProfileFactory)
