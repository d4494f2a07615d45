"""The open-data change log: what each vacancy write records, in its own transaction."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Vacancy, VacancyChange, VacancyChangeCounter
from jobs.open_data.log import prune_change_log, reconcile_change_log
from jobs.open_data.payload import vacancy_page_url
from jobs.open_data.stream import CursorTooOld, decode_cursor, encode_cursor, read_stream
from jobs.services import (
    employer_set_verified,
    employer_update,
    vacancy_close,
    vacancy_close_expired,
    vacancy_delete,
    vacancy_fill_position,
    vacancy_publish,
    vacancy_release_position,
    vacancy_update,
)
from jobs.skills import skill_update
from sicaker.errors import Conflict, Invalid
from tests.factories.jobs import (
    DraftVacancyFactory,
    UnverifiedEmployerFactory,
    VacancyFactory,
    VacancySkillFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def changes() -> list[tuple[int, int, str]]:
    return list(VacancyChange.objects.order_by("seq").values_list("seq", "vacancy_id", "kind"))


def published(employer, **fields) -> Vacancy:
    vacancy = DraftVacancyFactory(employer=employer, **fields)
    return vacancy_publish(vacancy=vacancy, actor=employer.owner)


def test_publishing_records_the_whole_public_vacancy(employer, skills, today):
    # Given a draft with a required and a preferred skill
    draft = DraftVacancyFactory(
        employer=employer,
        title="Penjahit masker",
        address="Jl. Kauman 3",
        subdistrict="Kauman",
        positions=3,
        valid_through=today + 10 * DAY,
    )
    VacancySkillFactory(vacancy=draft, skill=skills["menjahit"], is_required=True)
    VacancySkillFactory(vacancy=draft, skill=skills["bordir"], is_required=False)
    # Drafts are not public: nothing yet
    assert changes() == []

    # When it is published
    vacancy = vacancy_publish(vacancy=draft, actor=employer.owner)

    # Then one entry says so, with the vacancy as the public sees it
    assert changes() == [(1, vacancy.pk, "published")]
    payload = VacancyChange.objects.get().payload
    assert payload["id"] == vacancy.pk
    assert payload["url"] == f"http://127.0.0.1:8000/lowongan/{vacancy.pk}/"
    assert payload["url"] == vacancy_page_url(vacancy.pk)
    assert payload["title"] == "Penjahit masker"
    assert payload["employer"] == {
        "name": "Konveksi Bu Sri",
        "kind": "home_industry",
        "is_verified": True,
    }
    assert payload["positions_open"] == 3
    assert payload["valid_through"] == (today + 10 * DAY).isoformat()
    assert payload["skills"] == [
        {"slug": "menjahit", "name_id": "Menjahit", "name_en": "Sewing", "is_required": True},
        {"slug": "bordir", "name_id": "Bordir", "name_en": "Embroidery", "is_required": False},
    ]
    assert payload["job_posting"]["@type"] == "JobPosting"
    assert payload["job_posting"]["title"] == "Penjahit masker"
    assert payload["job_posting"]["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Konveksi Bu Sri",
    }
    assert VacancyChangeCounter.objects.get().last_seq == 1


def test_an_edit_the_public_sees_is_a_change_and_one_it_does_not_see_is_nothing(employer):
    # Given a published vacancy
    vacancy = published(employer, title="Penjahit")

    # When its title changes, then the same title is sent again, then positions change
    vacancy_update(vacancy=vacancy, actor=employer.owner, data={"title": "Penjahit baju anak"})
    vacancy_update(vacancy=vacancy, actor=employer.owner, data={"title": "Penjahit baju anak"})
    vacancy_update(vacancy=vacancy, actor=employer.owner, data={"positions": 5})

    # Then two changes, each carrying the vacancy after it
    assert changes() == [
        (1, vacancy.pk, "published"),
        (2, vacancy.pk, "changed"),
        (3, vacancy.pk, "changed"),
    ]
    assert VacancyChange.objects.get(seq=2).payload["title"] == "Penjahit baju anak"
    assert VacancyChange.objects.get(seq=3).payload["positions_open"] == 5


def test_closing_expiring_and_filling_take_a_vacancy_out_and_releasing_brings_it_back(
    employer, today
):
    # Given three published vacancies, one with a single position
    closed = published(employer)
    expiring = published(employer)
    single = published(employer, positions=1)

    # When one is closed, one expires, the last position of one is filled and then released
    vacancy_close(vacancy=closed, actor=employer.owner)
    Vacancy.objects.filter(pk=expiring.pk).update(valid_through=today - DAY)
    vacancy_close_expired(today=today)
    vacancy_fill_position(vacancy=single)
    vacancy_release_position(vacancy=single)

    # Then the log says so, in that order, and the closings carry no vacancy
    assert changes()[3:] == [
        (4, closed.pk, "closed"),
        (5, expiring.pk, "expired"),
        (6, single.pk, "closed"),
        (7, single.pk, "published"),
    ]
    assert [entry.payload for entry in VacancyChange.objects.filter(seq__in=[4, 5, 6])] == [
        {},
        {},
        {},
    ]


def test_a_refused_write_records_nothing(today):
    # Given an unverified employer's draft and a closed vacancy
    employer = UnverifiedEmployerFactory()
    draft = DraftVacancyFactory(employer=employer)

    # When publishing is refused, and an edit is refused
    with pytest.raises(Conflict):
        vacancy_publish(vacancy=draft, actor=employer.owner)
    with pytest.raises(Invalid):
        vacancy_update(vacancy=draft, actor=employer.owner, data={"positions": 0})

    # Then the log is as it was
    assert changes() == []
    assert not VacancyChangeCounter.objects.exists()


def test_the_employer_s_public_details_and_a_skill_s_name_change_its_published_vacancies(
    employer, skills, officer
):
    # Given a published vacancy asking for sewing, and a draft
    vacancy = published(employer)
    VacancySkillFactory(vacancy=vacancy, skill=skills["menjahit"])
    DraftVacancyFactory(employer=employer)

    # When the office renames the skill, the employer edits its description (not public),
    # then its kind (which waits for the office and withdraws the verification), and the
    # office verifies it again
    skill_update(skill=skills["menjahit"], actor=officer, changes={"name_id": "Jahit"})
    employer_update(employer=employer, data={"description": "Sejak 2019."})
    employer_update(employer=employer, data={"kind": "umkm"})
    employer_set_verified(employer=employer, is_verified=True, actor=officer)

    # Then each visible change is one change of the published vacancy only
    assert changes() == [
        (1, vacancy.pk, "published"),
        (2, vacancy.pk, "changed"),
        (3, vacancy.pk, "changed"),
        (4, vacancy.pk, "changed"),
    ]
    employers = [
        entry.payload["employer"] for entry in VacancyChange.objects.filter(seq__in=[3, 4])
    ]
    assert employers == [
        {"name": "Konveksi Bu Sri", "kind": "home_industry", "is_verified": False},
        {"name": "Konveksi Bu Sri", "kind": "umkm", "is_verified": True},
    ]
    assert VacancyChange.objects.get(seq=2).payload["skills"][0]["name_id"] == "Jahit"


def test_deleting_a_public_vacancy_is_recorded_and_deleting_a_draft_is_not(employer):
    # Given a published vacancy and a draft
    vacancy = published(employer)
    draft = DraftVacancyFactory(employer=employer)
    pk = vacancy.pk

    # When the draft is deleted by its employer and the published one by the admin
    vacancy_delete(vacancy=draft, actor=employer.owner)
    Vacancy.objects.filter(pk=pk).delete()

    # Then only the public one's deletion is recorded
    assert changes() == [(1, pk, "published"), (2, pk, "deleted")]


def test_reconciling_records_what_no_service_told(employer, today):
    # Given a vacancy published before the log existed, and one whose date passed unseen
    old = VacancyFactory(employer=employer)
    expiring = published(employer)
    Vacancy.objects.filter(pk=expiring.pk).update(valid_through=today - DAY)

    # When the log is reconciled (twice)
    first = reconcile_change_log()
    second = reconcile_change_log()

    # Then both are recorded once
    assert (first, second) == (2, 0)
    assert changes() == [
        (1, expiring.pk, "published"),
        (2, old.pk, "published"),
        (3, expiring.pk, "expired"),
    ]


def test_pruning_keeps_the_present_and_refuses_cursors_from_before_it(employer):
    # Given a vacancy published, changed and still public, and one published then closed,
    # all long ago, then a recent change
    kept = published(employer, title="A")
    vacancy_update(vacancy=kept, actor=employer.owner, data={"title": "B"})
    gone = published(employer)
    vacancy_close(vacancy=gone, actor=employer.owner)
    VacancyChange.objects.update(created_at=timezone.now() - 60 * DAY)
    recent = published(employer)

    # When entries older than 30 days are pruned
    deleted = prune_change_log(older_than=timezone.now() - 30 * DAY)

    # Then what still describes the present stays, and a cursor from before the horizon is
    # refused, while reading from the start or the horizon still works
    assert deleted == 3
    assert changes() == [(2, kept.pk, "changed"), (5, recent.pk, "published")]
    assert VacancyChangeCounter.objects.get().pruned_through == 4
    with pytest.raises(CursorTooOld):
        read_stream(since=3)
    assert [item["vacancy_id"] for item in read_stream(since=None).items] == [kept.pk, recent.pk]
    assert [item["vacancy_id"] for item in read_stream(since=4).items] == [recent.pk]


def test_a_cursor_is_opaque_and_round_trips():
    assert decode_cursor(encode_cursor(0)) == 0
    assert decode_cursor(encode_cursor(1234567)) == 1234567
    assert encode_cursor(7) == "djE6Nw"
    for bad in ("", "7", "djE6", "djE6LTE", "%%%", "djI6Nw", "djE6" + "OTk5" * 20):
        with pytest.raises(Invalid):
            decode_cursor(bad)
