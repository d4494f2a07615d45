"""Factories for users of each role."""

import factory
from django.utils import timezone

from accounts.models import Role, User
from consents.models import Consent, Purpose, RecordedVia
from consents.selectors import privacy_notice_current

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
    """A job seeker who agreed, at sign-up, to be matched (a) and shown to employers (b); pass
    ``consents=[...]`` for other purposes (``consents.models.Purpose``), ``[]`` for none."""

    role = Role.SEEKER

    @factory.post_generation
    def consents(obj, create, extracted, **kwargs):
        if not create:
            return
        purposes = (
            [Purpose.MATCHING, Purpose.SHOWN_TO_EMPLOYERS] if extracted is None else extracted
        )
        notice = privacy_notice_current()
        Consent.objects.bulk_create(
            Consent(
                user=obj,
                purpose=purpose,
                notice=notice,
                granted_at=timezone.now(),
                recorded_via=RecordedVia.SELF,
                recorded_by=obj,
            )
            for purpose in purposes
        )


class EmployerUserFactory(UserFactory):
    role = Role.EMPLOYER


class OfficerFactory(UserFactory):
    role = Role.OFFICER


class AdminFactory(UserFactory):
    role = Role.ADMIN
