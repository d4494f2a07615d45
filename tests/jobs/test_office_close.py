"""The labor office closes a vacancy that breaks the rules, with a reason: the state machine's
own close, the reason kept for the employer, the employer told once, the vacancy out of search."""

from __future__ import annotations

import pytest

from jobs.models import ClosedReason, Vacancy, VacancyEvent, VacancyStatus
from jobs.selectors import vacancies_for_office
from jobs.services import vacancy_close, vacancy_close_by_office
from notifications.models import Kind, Notification
from sicaker.errors import Conflict, Forbidden, Invalid
from tests.factories import OfficerFactory
from tests.factories.accounts import EmployerUserFactory, SeekerUserFactory
from tests.factories.jobs import EmployerFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


def test_it_closes_keeps_the_reason_and_tells_the_employer_once(officer):
    vacancy = VacancyFactory()
    version_before = vacancy.search_version

    result = vacancy_close_by_office(
        vacancy=vacancy, actor=officer, note="  Meminta biaya pendaftaran dari pelamar.  "
    )

    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.closed_reason, vacancy.closed_note) == (
        VacancyStatus.CLOSED,
        ClosedReason.OFFICE,
        "Meminta biaya pendaftaran dari pelamar.",
    )
    assert vacancy.closed_at is not None
    assert vacancy.search_version == version_before + 1  # leaves the index
    assert result.closed_note == vacancy.closed_note
    event = VacancyEvent.objects.get(vacancy=vacancy)
    assert (event.actor, event.from_status, event.to_status, event.reason) == (
        officer,
        VacancyStatus.PUBLISHED,
        VacancyStatus.CLOSED,
        ClosedReason.OFFICE,
    )
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (
        vacancy.employer.owner,
        Kind.VACANCY_CLOSED_BY_OFFICE,
    )
    assert notice.context == {
        "vacancy_id": vacancy.pk,
        "vacancy_title": "Penjahit borongan",
        "reason": "Meminta biaya pendaftaran dari pelamar.",
    }


def test_a_draft_can_be_closed_too(officer):
    vacancy = VacancyFactory(status=VacancyStatus.DRAFT, published_at=None)

    vacancy_close_by_office(vacancy=vacancy, actor=officer, note="Judul menyesatkan.")

    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.closed_reason) == (VacancyStatus.CLOSED, ClosedReason.OFFICE)


@pytest.mark.parametrize("role", [EmployerUserFactory, SeekerUserFactory])
def test_anyone_but_staff_is_forbidden_and_nothing_changes(role):
    vacancy = VacancyFactory()
    before = Vacancy.objects.filter(pk=vacancy.pk).values().get()

    with pytest.raises(Forbidden):
        vacancy_close_by_office(vacancy=vacancy, actor=role(), note="Melanggar aturan.")

    assert Vacancy.objects.filter(pk=vacancy.pk).values().get() == before
    assert not VacancyEvent.objects.exists()
    assert not Notification.objects.exists()


def test_its_own_employer_is_forbidden_too():
    vacancy = VacancyFactory()

    with pytest.raises(Forbidden):
        vacancy_close_by_office(vacancy=vacancy, actor=vacancy.employer.owner, note="Saya tutup.")

    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED


@pytest.mark.parametrize("note", ["", "   ", "x" * 1001])
def test_a_blank_or_overlong_reason_is_invalid_and_nothing_changes(officer, note):
    vacancy = VacancyFactory()
    before = Vacancy.objects.filter(pk=vacancy.pk).values().get()

    with pytest.raises(Invalid) as error:
        vacancy_close_by_office(vacancy=vacancy, actor=officer, note=note)

    assert set(error.value.fields) == {"note"}
    assert Vacancy.objects.filter(pk=vacancy.pk).values().get() == before
    assert not Notification.objects.exists()


def test_closing_a_closed_vacancy_is_a_conflict_and_keeps_the_first_reason(officer):
    vacancy = VacancyFactory()
    vacancy_close_by_office(vacancy=vacancy, actor=officer, note="Alasan pertama.")
    before = Vacancy.objects.filter(pk=vacancy.pk).values().get()

    with pytest.raises(Conflict):
        vacancy_close_by_office(vacancy=vacancy, actor=officer, note="Alasan kedua.")

    assert Vacancy.objects.filter(pk=vacancy.pk).values().get() == before
    assert VacancyEvent.objects.filter(vacancy=vacancy).count() == 1
    assert Notification.objects.count() == 1


def test_a_vacancy_its_employer_closed_is_a_conflict(officer):
    vacancy = VacancyFactory()
    vacancy_close(vacancy=vacancy, actor=vacancy.employer.owner)

    with pytest.raises(Conflict):
        vacancy_close_by_office(vacancy=vacancy, actor=officer, note="Terlambat.")

    vacancy.refresh_from_db()
    assert (vacancy.closed_reason, vacancy.closed_note) == (ClosedReason.MANUAL, "")
    assert not Notification.objects.exists()


def test_the_office_list_holds_every_status_and_filters(officer):
    shop = EmployerFactory(name="Toko Sinar Jaya")
    draft = VacancyFactory(
        employer=shop, title="Kasir", status=VacancyStatus.DRAFT, published_at=None
    )
    published = VacancyFactory(title="Penjahit borongan")
    closed = VacancyFactory(employer=shop, title="Pramuniaga", status=VacancyStatus.CLOSED)

    assert list(vacancies_for_office(user=officer)) == [closed, published, draft]
    assert list(vacancies_for_office(user=officer, status="draft")) == [draft]
    assert list(vacancies_for_office(user=officer, employer="sinar")) == [closed, draft]
    assert list(vacancies_for_office(user=officer, q="borongan")) == [published]
    assert list(vacancies_for_office(user=shop.owner)) == []
