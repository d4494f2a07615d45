"""Near-copies at publishing: the employer's own (409, add positions instead, or publish anyway)
and another employer's (published, flagged to the labor office)."""

import pytest

from jobs.models import DuplicateFlagStatus, Vacancy, VacancyDuplicateFlag, VacancyEvent
from tests.factories import EmployerFactory, OfficerFactory, VacancyFactory
from tests.factories.accounts import EmployerUserFactory, SeekerUserFactory
from tests.factories.jobs import DraftVacancyFactory

pytestmark = pytest.mark.django_db

ORIGINAL = {
    "title": "Penjahit Borongan Seragam Sekolah",
    "description": (
        "Kami UMKM konveksi di Kecamatan Klojen membuka lowongan untuk ibu rumah tangga. "
        "Menjahit seragam sekolah di rumah; bahan dan pola disediakan, diambil tiap Senin. "
        "Syarat: perempuan usia 20 sampai 45 tahun, jujur dan teliti."
    ),
}
REPOST = {**ORIGINAL, "description": ORIGINAL["description"] + " Segera!"}
OTHER_JOB = {
    "title": "Operator Obras Paruh Waktu",
    "description": ORIGINAL["description"].replace(
        "Menjahit seragam sekolah di rumah; bahan dan pola disediakan, diambil tiap Senin.",
        "Obras baju anak di workshop, pagi hari, mesin disediakan.",
    ),
}


def _indexed(search_backend, *vacancies):
    search_backend.index(model_label="jobs.vacancy", pks=[vacancy.pk for vacancy in vacancies])
    if search_backend.name == "elasticsearch":
        search_backend.refresh()


def _publish(api_client, vacancy, **body):
    api_client.force_authenticate(vacancy.employer.owner)
    return api_client.post(f"/api/v1/vacancies/{vacancy.pk}/publish/", body, format="json")


@pytest.fixture
def employer(db):
    return EmployerFactory(name="Konveksi Bu Sri")


@pytest.fixture
def open_vacancy(search_backend, employer):
    vacancy = VacancyFactory(employer=employer, positions=3, **ORIGINAL)
    _indexed(search_backend, vacancy)
    return vacancy


def test_a_near_copy_of_her_own_open_vacancy_is_refused_and_named(api_client, open_vacancy):
    # Given a draft that repeats her open vacancy with one word added
    draft = DraftVacancyFactory(employer=open_vacancy.employer, positions=2, **REPOST)

    # When she publishes it
    response = _publish(api_client, draft)

    # Then 409 names the open vacancy, its open positions and how alike they are
    assert response.status_code == 409, response.data
    assert response.data["code"] == "duplicate_vacancy"
    [duplicate] = response.data["duplicates"]
    assert duplicate["id"] == open_vacancy.pk
    assert duplicate["title"] == "Penjahit Borongan Seragam Sekolah"
    assert duplicate["positions_open"] == 3
    assert duplicate["similarity"] == pytest.approx(0.95, abs=0.1)
    assert f"no. {open_vacancy.pk}" in response.data["detail"]
    # and the refused publish changed nothing
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("draft", None)
    assert not VacancyEvent.objects.filter(vacancy=draft).exists()
    assert not VacancyDuplicateFlag.objects.exists()


def test_she_may_publish_it_anyway(api_client, open_vacancy):
    draft = DraftVacancyFactory(employer=open_vacancy.employer, **REPOST)

    response = _publish(api_client, draft, publish_anyway=True)

    assert response.status_code == 200, response.data
    assert response.data["status"] == "published"
    assert not VacancyDuplicateFlag.objects.exists()


def test_she_may_add_the_positions_to_the_open_vacancy_instead(api_client, open_vacancy):
    draft = DraftVacancyFactory(employer=open_vacancy.employer, positions=2, **REPOST)
    api_client.force_authenticate(open_vacancy.employer.owner)

    response = api_client.post(
        f"/api/v1/vacancies/{draft.pk}/merge/", {"into": open_vacancy.pk}, format="json"
    )

    assert response.status_code == 200, response.data
    assert (response.data["id"], response.data["positions"]) == (open_vacancy.pk, 5)
    assert not Vacancy.objects.filter(pk=draft.pk).exists()


def test_positions_cannot_be_added_to_another_employers_vacancy(api_client, open_vacancy):
    draft = DraftVacancyFactory(**REPOST)
    api_client.force_authenticate(draft.employer.owner)

    response = api_client.post(
        f"/api/v1/vacancies/{draft.pk}/merge/", {"into": open_vacancy.pk}, format="json"
    )

    assert response.status_code == 403
    assert Vacancy.objects.get(pk=open_vacancy.pk).positions == 3
    assert Vacancy.objects.filter(pk=draft.pk, status="draft").exists()


def test_one_template_for_another_job_publishes_without_a_question(api_client, open_vacancy):
    draft = DraftVacancyFactory(employer=open_vacancy.employer, **OTHER_JOB)

    response = _publish(api_client, draft)

    assert response.status_code == 200, response.data


def test_a_copy_of_another_employers_vacancy_is_published_and_flagged(api_client, open_vacancy):
    # Given another "employer" posting the same text
    copy = DraftVacancyFactory(employer=EmployerFactory(name="Kerja Mudah Online"), **REPOST)

    # When it is published
    response = _publish(api_client, copy)

    # Then it is published, and the pair awaits the labor office
    assert response.status_code == 200, response.data
    flag = VacancyDuplicateFlag.objects.get()
    assert (flag.vacancy_id, flag.duplicate_of_id, flag.status) == (
        copy.pk,
        open_vacancy.pk,
        DuplicateFlagStatus.OPEN,
    )
    assert flag.similarity == pytest.approx(0.95, abs=0.1)


def test_a_short_title_alike_across_employers_is_not_flagged(search_backend, api_client):
    kasir = VacancyFactory(title="Kasir paruh waktu", description="")
    _indexed(search_backend, kasir)
    other = DraftVacancyFactory(title="Kasir paruh waktu", description="")

    assert _publish(api_client, other).status_code == 200
    assert not VacancyDuplicateFlag.objects.exists()


@pytest.fixture
def flag(open_vacancy):
    copy = VacancyFactory(employer=EmployerFactory(name="Kerja Mudah Online"), **REPOST)
    return VacancyDuplicateFlag.objects.create(
        vacancy=copy, duplicate_of=open_vacancy, similarity=0.93
    )


def test_the_office_lists_the_pairs_and_dismisses_one(api_client, flag):
    api_client.force_authenticate(OfficerFactory())

    listed = api_client.get("/api/v1/vacancies/duplicates/")

    assert listed.status_code == 200
    [row] = listed.data["results"]
    assert (row["id"], row["similarity"], row["status"]) == (flag.pk, 0.93, "open")
    assert row["vacancy"]["employer"]["name"] == "Kerja Mudah Online"
    assert row["duplicate_of"]["employer"]["name"] == "Konveksi Bu Sri"

    dismissed = api_client.post(f"/api/v1/vacancies/duplicates/{flag.pk}/dismiss/")

    assert dismissed.status_code == 200
    assert dismissed.data["status"] == "dismissed"
    assert api_client.get("/api/v1/vacancies/duplicates/").data["results"] == []
    flag.refresh_from_db()
    assert flag.reviewed_by is not None


def test_a_pair_leaves_the_list_when_one_of_them_closes(api_client, flag):
    Vacancy.objects.filter(pk=flag.vacancy_id).update(status="closed")
    api_client.force_authenticate(OfficerFactory())

    assert api_client.get("/api/v1/vacancies/duplicates/").data["results"] == []


@pytest.mark.parametrize("user", ["employer", "seeker"])
def test_only_the_office_sees_or_dismisses_the_pairs(api_client, flag, user):
    api_client.force_authenticate(
        EmployerUserFactory() if user == "employer" else SeekerUserFactory()
    )

    assert api_client.get("/api/v1/vacancies/duplicates/").status_code == 403
    assert api_client.post(f"/api/v1/vacancies/duplicates/{flag.pk}/dismiss/").status_code == 403
    flag.refresh_from_db()
    assert flag.status == "open"


def test_anonymous_is_asked_to_sign_in(api_client, flag):
    assert api_client.get("/api/v1/vacancies/duplicates/").status_code == 401


def test_the_review_list_reads_a_fixed_number_of_queries(
    api_client, flag, django_assert_max_num_queries
):
    for number in range(5):
        copy = VacancyFactory(employer=EmployerFactory(name=f"Salinan {number}"), **REPOST)
        VacancyDuplicateFlag.objects.create(
            vacancy=copy, duplicate_of=flag.duplicate_of, similarity=0.9
        )
    api_client.force_authenticate(OfficerFactory())

    # the officer, the count and the page: whatever the number of pairs
    with django_assert_max_num_queries(4):
        response = api_client.get("/api/v1/vacancies/duplicates/")

    assert response.data["count"] == 6
