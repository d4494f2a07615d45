"""The import and duplicate pages without a browser: the office imports on an employer's
behalf, refusals keep everything as it was."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobs.models import Vacancy
from tests.factories import EmployerFactory, OfficerFactory, VacancyFactory
from tests.factories.jobs import DraftVacancyFactory

pytestmark = pytest.mark.django_db


def _file() -> SimpleUploadedFile:
    until = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    return SimpleUploadedFile(
        "lowongan.csv", f"judul,jenis_kerja,berlaku_sampai\nPenjahit,borongan,{until}\n".encode()
    )


def test_an_officer_imports_on_an_employers_behalf(client):
    employer = EmployerFactory(name="Konveksi Bu Sri")
    client.force_login(OfficerFactory())

    response = client.post(f"/kantor/verifikasi/{employer.pk}/impor/", {"file": _file()})

    assert response.status_code == 200
    assert "Konveksi Bu Sri" in response.content.decode()
    assert list(Vacancy.objects.values_list("employer_id", "status", "title")) == [
        (employer.pk, "draft", "Penjahit")
    ]


def test_a_file_of_another_kind_is_shown_again_with_its_message(client):
    employer = EmployerFactory()
    client.force_login(employer.owner)

    response = client.post(
        "/usaha/lowongan/impor/",
        {"file": SimpleUploadedFile("lowongan.pdf", b"%PDF")},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "Upload a .csv or .xlsx file" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_an_unknown_template_kind_is_not_found(client):
    assert client.get("/usaha/lowongan/impor/templat.pdf").status_code == 404


def test_merging_into_nothing_or_into_a_draft_changes_nothing(client):
    employer = EmployerFactory()
    draft = DraftVacancyFactory(employer=employer, positions=2)
    other_draft = DraftVacancyFactory(employer=employer, positions=4)
    client.force_login(employer.owner)

    missing = client.post(f"/usaha/lowongan/{draft.pk}/gabung/", {"into": "x"})
    into_draft = client.post(f"/usaha/lowongan/{draft.pk}/gabung/", {"into": other_draft.pk})

    assert (missing.status_code, into_draft.status_code) == (400, 409)
    assert sorted(Vacancy.objects.values_list("pk", "positions", "status")) == [
        (draft.pk, 2, "draft"),
        (other_draft.pk, 4, "draft"),
    ]


def test_publishing_a_copy_shows_the_question_with_409(client, search_backend):
    employer = EmployerFactory()
    text = {
        "title": "Penjahit Seragam Sekolah",
        "description": "Menjahit seragam sekolah di rumah; bahan dan pola disediakan, diambil "
        "tiap Senin. Syarat: perempuan usia 20 sampai 45 tahun, jujur dan teliti.",
    }
    open_vacancy = VacancyFactory(employer=employer, **text)
    search_backend.index(model_label="jobs.vacancy", pks=[open_vacancy.pk])
    if search_backend.name == "elasticsearch":
        search_backend.refresh()
    draft = DraftVacancyFactory(employer=employer, **text)
    client.force_login(employer.owner)

    response = client.post(f"/usaha/lowongan/{draft.pk}/terbitkan/")
    anyway = client.post(f"/usaha/lowongan/{draft.pk}/terbitkan/", {"publish_anyway": "1"})

    assert response.status_code == 409
    assert f'name="into" value="{open_vacancy.pk}"' in response.content.decode()
    assert anyway.status_code == 302
    assert Vacancy.objects.get(pk=draft.pk).status == "published"
