"""The labor office refuses an organisation with a reason, or verifies it; the employer hears of
both, and the queue holds what is still to decide."""

from __future__ import annotations

import pytest

from jobs.models import Employer
from jobs.selectors import employers_awaiting_verification
from jobs.services import employer_refuse, employer_set_verified, employer_update
from notifications.models import Kind, Notification
from sicaker.errors import Conflict, Invalid
from tests.factories import EmployerFactory, OfficerFactory
from tests.factories.accounts import EmployerUserFactory
from tests.factories.jobs import UnverifiedEmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


def test_a_refusal_keeps_the_reason_tells_her_and_leaves_the_queue(officer):
    employer = UnverifiedEmployerFactory()

    employer_refuse(employer=employer, actor=officer, reason="  NIB tidak cocok.  ")

    employer.refresh_from_db()
    assert (employer.is_verified, employer.refusal_reason) == (False, "NIB tidak cocok.")
    assert employer.refused_at == employer.updated_at
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (employer.owner, Kind.EMPLOYER_REFUSED)
    assert notice.context == {
        "employer_id": employer.pk,
        "employer_name": employer.name,
        "reason": "NIB tidak cocok.",
    }
    assert list(employers_awaiting_verification(user=officer)) == []


def test_editing_after_a_refusal_puts_it_back_in_the_queue(officer):
    employer = UnverifiedEmployerFactory()
    employer_refuse(employer=employer, actor=officer, reason="Alamat kurang lengkap.")

    employer_update(employer=employer, data={"address": "Jl. Pahlawan 3"})

    assert list(employers_awaiting_verification(user=officer)) == [employer]


def test_a_blank_reason_is_refused_and_changes_nothing(officer):
    employer = UnverifiedEmployerFactory()
    before = Employer.objects.filter(pk=employer.pk).values().get()

    with pytest.raises(Invalid) as error:
        employer_refuse(employer=employer, actor=officer, reason=" ")

    assert set(error.value.fields) == {"reason"}
    assert Employer.objects.filter(pk=employer.pk).values().get() == before
    assert not Notification.objects.exists()


def test_a_verified_organisation_without_changes_cannot_be_refused(officer):
    employer = EmployerFactory()
    before = Employer.objects.filter(pk=employer.pk).values().get()

    with pytest.raises(Conflict):
        employer_refuse(employer=employer, actor=officer, reason="Salah.")

    assert Employer.objects.filter(pk=employer.pk).values().get() == before


def test_verifying_after_a_refusal_clears_it_and_tells_her_once(officer):
    employer = UnverifiedEmployerFactory()
    employer_refuse(employer=employer, actor=officer, reason="Alamat kurang lengkap.")

    employer_set_verified(employer=employer, is_verified=True, actor=officer)
    employer_set_verified(employer=employer, is_verified=True, actor=officer)

    employer.refresh_from_db()
    assert (employer.is_verified, employer.refusal_reason, employer.refused_at) == (True, "", None)
    assert list(Notification.objects.order_by("pk").values_list("kind", flat=True)) == [
        Kind.EMPLOYER_REFUSED,
        Kind.EMPLOYER_VERIFIED,
    ]


def test_the_queue_is_for_staff_only():
    UnverifiedEmployerFactory()

    assert list(employers_awaiting_verification(user=EmployerUserFactory())) == []
