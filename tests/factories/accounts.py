"""Factories for users of each role."""

import factory
from django.utils import timezone

from accounts.models import Role, User

PASSWORD = "Rahasia-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.id")
    full_name = factory.Faker("name", locale="id_ID")
    role = Role.SEEKER
    # A sign-in number (E.164) is optional; one given to the factory counts as proven.
    phone = None
    phone_verified_at = factory.LazyAttribute(lambda user: timezone.now() if user.phone else None)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SeekerUserFactory(UserFactory):
    role = Role.SEEKER


class EmployerUserFactory(UserFactory):
    role = Role.EMPLOYER


class OfficerFactory(UserFactory):
    role = Role.OFFICER


class AdminFactory(UserFactory):
    role = Role.ADMIN
