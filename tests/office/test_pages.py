"""The labor office's pages through Django's test client: who may open them, the same numbers
and spreadsheet as the API, bad inputs re-shown with their field messages, refusals that change
nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from applications.market import market_report
from applications.tallies import tallies_rebuild
from jobs.models import ClosedReason, Employer, Skill, Vacancy, VacancyStatus
from notifications.models import Kind, Notification
from seekers.models import TrainingCompletion, TrainingProgramme
from seekers.nik import encrypt_nik, nik_digest
from tests.factories.accounts import EmployerUserFactory, OfficerFactory, SeekerUserFactory
from tests.factories.applications import ApplicationFactory
from tests.factories.jobs import (
    EmployerFactory,
    SkillFactory,
    UnverifiedEmployerFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.factories.seekers import (
    SeekerProfileFactory,
    SeekerSkillFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/kantor/",
    "/kantor/lamaran/",
    "/kantor/lamaran/csv/?group_by=status",
    "/kantor/lamaran/unduh/",
    "/kantor/verifikasi/",
    "/kantor/pelatihan/",
    "/kantor/pelatihan/baru/",
    "/kantor/pencaker/",
    "/kantor/keahlian/",
    "/kantor/keahlian/baru/",
    "/kantor/lowongan/",
]
NIK_A = "3573015205900001"
NIK_B = "3573015206900002"


def with_nik(profile, nik: str):
    """Her NIK as the profile service stores it: encrypted, a keyed digest, the last four."""
    profile.nik_encrypted = encrypt_nik(nik)
    profile.nik_digest = nik_digest(nik)
    profile.nik_last4 = nik[-4:]
    profile.save(update_fields=["nik_encrypted", "nik_digest", "nik_last4"])
    return profile


@pytest.fixture
def officer(client):
    user = OfficerFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_is_sent_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith("/masuk/?next=")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role", [SeekerUserFactory, EmployerUserFactory])
def test_seekers_and_employers_get_the_403_page(client, path, role):
    client.force_login(role())

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 403
    assert '<main id="main"' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/kantor/verifikasi/1/",
        "/kantor/pelatihan/1/",
        "/kantor/pencaker/1/",
        "/kantor/keahlian/1/",
        "/kantor/lowongan/1/",
    ],
)
def test_an_employer_gets_403_on_detail_pages_too(client, path):
    client.force_login(EmployerUserFactory())

    assert client.get(path).status_code == 403


def test_an_employer_cannot_verify_herself(client):
    employer = UnverifiedEmployerFactory()
    client.force_login(employer.owner)

    response = client.post(f"/kantor/verifikasi/{employer.pk}/setujui/")

    assert response.status_code == 403
    employer.refresh_from_db()
    assert employer.is_verified is False


def test_the_dashboard_shows_todays_numbers_and_the_market_report(client, officer):
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit")
    vacancy = VacancyFactory(positions=4, published_at=timezone.now())
    VacancySkillFactory(vacancy=vacancy, skill=sewing)
    ApplicationFactory(vacancy=vacancy)
    UnverifiedEmployerFactory()
    today = timezone.localdate()
    TrainingProgrammeFactory(starts_on=today.replace(day=1), ends_on=today)
    # The factories write rows without the services, as an import would; the rebuild counts them.
    tallies_rebuild()

    response = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 200
    assert response.context["today"] == {
        "applications": 1,
        "vacancies": 1,
        "employers_waiting": 1,
        "trainings": 1,
    }
    date_from, date_to = response.context["date_from"], response.context["date_to"]
    assert response.context["market"] == market_report(date_from=date_from, date_to=date_to)
    assert response.context["weekly"]["totals"]["submitted"] == 1
    body = response.content.decode()
    assert 'id="chart-data"' in body
    assert "chart-4.6.1.umd.min.js" in body


def test_charts_are_loaded_on_the_dashboard_only(client, officer):
    response = client.get("/kantor/lamaran/")

    assert "chart-4.6.1" not in response.content.decode()


def test_a_bad_date_range_is_reshown_with_its_message(client, officer):
    response = client.get(
        "/kantor/", {"date_from": "2026-03-10", "date_to": "2026-03-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "This date is before the first one" in body
    assert 'value="2026-03-10"' in body


def test_the_applications_list_filters_like_the_api(client, officer):
    programme = TrainingProgrammeFactory()
    trained = TrainingCompletionFactory(programme=programme).seeker
    kept = ApplicationFactory(seeker=trained, status="accepted")
    ApplicationFactory(seeker=trained, status="submitted")
    ApplicationFactory(status="accepted")

    response = client.get("/kantor/lamaran/", {"status": "accepted", "training": programme.pk})

    assert response.status_code == 200
    assert [a.pk for a in response.context["page"].object_list] == [kept.pk]


def test_a_bad_filter_is_reshown_with_its_message_and_her_typing_kept(client, officer):
    response = client.get(
        "/kantor/lamaran/",
        {"vacancy": "abc", "district": "Sukun", "status": "nope"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"vacancy", "status"}
    assert 'value="Sukun"' in response.content.decode()


def test_the_csv_equals_the_apis_csv_for_the_same_filter(client, officer):
    ApplicationFactory(status="accepted")
    ApplicationFactory(status="submitted")
    today = timezone.localdate().isoformat()
    query = {"group_by": "district", "date_from": "2026-01-01", "date_to": today}
    api = APIClient()
    api.force_authenticate(officer)

    page = client.get("/kantor/lamaran/csv/", query)
    expected = api.get("/api/v1/reports/applications/", {**query, "format": "csv"})

    assert page.status_code == 200
    assert page["Content-Type"] == "text/csv; charset=utf-8"
    assert page["Content-Disposition"] == expected["Content-Disposition"]
    assert page.content == expected.content


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_list_csv_equals_the_apis_byte_for_byte_for_the_same_filter(client, officer):
    menjahit = TrainingProgrammeFactory(title="Pelatihan Menjahit")
    sri = SeekerProfileFactory(full_name="Sri", district="Sukun")
    TrainingCompletionFactory(programme=menjahit, seeker=sri)
    accepted = ApplicationFactory(seeker=sri, status="accepted")
    ApplicationFactory(seeker=sri, status="submitted")
    ApplicationFactory(status="accepted", vacancy=accepted.vacancy)
    ApplicationFactory(status="rejected")
    today = timezone.localdate().isoformat()
    api = APIClient()
    api.force_authenticate(officer)
    filters = [
        {},
        {"status": "accepted"},
        {"district": "sukun", "training": menjahit.pk},
        {"vacancy": accepted.vacancy_id, "date_from": "2026-01-01", "date_to": today},
        {"employer": accepted.vacancy.employer_id, "status": "rejected"},
    ]
    for query in filters:
        page = client.get("/kantor/lamaran/unduh/", query)
        expected = api.get("/api/v1/applications/export/", query)

        assert page.status_code == expected.status_code == 200
        assert page["Content-Type"] == expected["Content-Type"] == "text/csv; charset=utf-8"
        assert page["Content-Disposition"] == expected["Content-Disposition"]
        assert page["Content-Disposition"] == f'attachment; filename="applications-{today}.csv"'
        assert _streamed(page) == _streamed(expected), query

    rows = _streamed(client.get("/kantor/lamaran/unduh/", filters[2])).decode().splitlines()
    assert len(rows) == 3  # the header and Sri's two applications


def test_the_list_page_offers_the_csv_of_its_own_filters(client, officer):
    response = client.get("/kantor/lamaran/", {"status": "accepted"})

    html = response.content.decode()
    assert 'formaction="/kantor/lamaran/unduh/"' in html
    assert "Unduh CSV" in html


def test_a_bad_list_csv_request_is_reshown_on_the_list_page(client, officer):
    response = client.get("/kantor/lamaran/unduh/", {"status": "hired", "district": "Sukun"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert set(response.context["form"].errors) == {"status"}
    assert 'value="Sukun"' in response.content.decode()


def test_a_bad_csv_request_is_reshown_on_the_list_page(client, officer):
    response = client.get("/kantor/lamaran/csv/", {"group_by": "colour"})

    assert response.status_code == 400
    assert "group_by" in response.context["download"].errors


def test_the_queue_holds_unverified_employers_and_waiting_changes(client, officer):
    new = UnverifiedEmployerFactory(name="Warung Bu Ani")
    changed = EmployerFactory(name="Konveksi Lama", pending_changes={"name": "Konveksi Baru"})
    EmployerFactory(name="Sudah Terverifikasi")

    response = client.get("/kantor/verifikasi/")

    assert [e.pk for e in response.context["page"].object_list] == [new.pk, changed.pk]


def test_verify_records_it_and_tells_the_employer(client, officer):
    employer = UnverifiedEmployerFactory()

    response = client.post(f"/kantor/verifikasi/{employer.pk}/setujui/")

    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.is_verified is True
    assert employer.verified_by == officer
    notice = Notification.objects.get(recipient=employer.owner)
    assert notice.kind == Kind.EMPLOYER_VERIFIED


def test_refuse_without_a_reason_is_refused_and_changes_nothing(client, officer):
    employer = UnverifiedEmployerFactory()
    before = Employer.objects.filter(pk=employer.pk).values().get()

    response = client.post(
        f"/kantor/verifikasi/{employer.pk}/tolak/", {"reason": "   "}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "Write the reason, so the employer can fix it." in response.content.decode()
    assert Employer.objects.filter(pk=employer.pk).values().get() == before
    assert not Notification.objects.exists()


def test_refuse_with_a_reason_stores_it_tells_her_and_leaves_the_queue(client, officer):
    employer = UnverifiedEmployerFactory()

    response = client.post(
        f"/kantor/verifikasi/{employer.pk}/tolak/", {"reason": "Alamat tidak ditemukan."}
    )

    assert response.status_code == 302
    employer.refresh_from_db()
    assert (employer.is_verified, employer.refusal_reason) == (False, "Alamat tidak ditemukan.")
    notice = Notification.objects.get(recipient=employer.owner)
    assert notice.kind == Kind.EMPLOYER_REFUSED
    assert notice.context["reason"] == "Alamat tidak ditemukan."
    assert list(client.get("/kantor/verifikasi/").context["page"].object_list) == []


def test_a_new_training_with_bad_input_is_reshown_with_field_messages(client, officer):
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit")

    response = client.post(
        "/kantor/pelatihan/baru/",
        {
            "title": "Menjahit Masker",
            "organiser": "",
            "city": "Kota Madiun",
            "starts_on": "2026-03-05",
            "ends_on": "2026-03-01",
            "skills": [sewing.pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"organiser"}
    assert 'value="Menjahit Masker"' in response.content.decode()
    assert not TrainingProgramme.objects.exists()


def test_the_services_date_rule_is_shown_beside_the_end_date(client, officer):
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit")

    response = client.post(
        "/kantor/pelatihan/baru/",
        {
            "title": "Menjahit Masker",
            "organiser": "Disnaker Kota Madiun",
            "city": "Kota Madiun",
            "starts_on": "2026-03-05",
            "ends_on": "2026-03-01",
            "skills": [sewing.pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == [
        "A training cannot end before it starts; check both dates."
    ]
    assert not TrainingProgramme.objects.exists()


def test_a_new_training_is_saved_through_the_service(client, officer):
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit")

    response = client.post(
        "/kantor/pelatihan/baru/",
        {
            "title": "Menjahit Masker",
            "organiser": "Disnaker Kota Madiun",
            "city": "Kota Madiun",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-05",
            "skills": [sewing.pk],
        },
    )

    programme = TrainingProgramme.objects.get()
    assert response.status_code == 302
    assert response.url == f"/kantor/pelatihan/{programme.pk}/"
    assert list(programme.skills.all()) == [sewing]
    assert programme.created_by == officer


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("lulusan.csv", text.encode("utf-8"), content_type="text/csv")


def test_an_upload_records_good_rows_and_reports_each_bad_one(client, officer):
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit")
    programme = TrainingProgrammeFactory(starts_on=datetime.date(2026, 3, 1))
    programme.skills.set([sewing])
    siti = with_nik(SeekerProfileFactory(full_name="Siti Aminah"), NIK_A)
    ani = with_nik(SeekerProfileFactory(full_name="Ani Lestari"), NIK_B)
    TrainingCompletionFactory(programme=programme, seeker=ani, certificate_number="C-OLD")
    csv_text = (
        "nomor sertifikat;NIK\n"
        f"C-001;{NIK_A}\n"
        f"C-002;{NIK_B}\n"
        "C-003;3573011234\n"
        "C-004;3573015207900003\n"
    )

    response = client.post(
        f"/kantor/pelatihan/{programme.pk}/",
        {"file": _upload(csv_text), "completed_on": "2026-03-05", "level": "basic"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    outcomes = [(r.row.line, r.outcome.value) for r in response.context["results"]]
    assert outcomes == [
        (2, "recorded"),
        (3, "already_recorded"),
        (4, "invalid_nik"),
        (5, "not_found"),
    ]
    assert (response.context["recorded"], response.context["failed"]) == (1, 3)
    completion = TrainingCompletion.objects.get(seeker=siti)
    assert completion.certificate_number == "C-001"
    assert siti.skill_links.get().source == "training"
    assert TrainingCompletion.objects.count() == 2
    body = response.content.decode()
    assert NIK_A not in body


def test_an_upload_with_a_future_date_writes_nothing(client, officer):
    programme = TrainingProgrammeFactory()
    programme.skills.set([SkillFactory()])
    with_nik(SeekerProfileFactory(), NIK_A)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        f"/kantor/pelatihan/{programme.pk}/",
        {
            "file": _upload(f"C-001,{NIK_A}\n"),
            "completed_on": tomorrow.isoformat(),
            "level": "basic",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "completed_on" in response.context["form"].errors
    assert response.context["results"] is None
    assert not TrainingCompletion.objects.exists()


def test_an_empty_file_is_refused_with_a_field_message(client, officer):
    programme = TrainingProgrammeFactory()

    response = client.post(
        f"/kantor/pelatihan/{programme.pk}/",
        {"file": _upload("nomor;nik\n\n"), "completed_on": "2026-03-05", "level": "basic"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not TrainingCompletion.objects.exists()


def test_seekers_are_found_by_name_or_phone_and_verified_skill(client, officer):
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit")
    siti = SeekerProfileFactory(full_name="Siti Aminah", phone="081234567890")
    TrainingCompletionFactory(seeker=siti).programme.skills.set([sewing])
    SeekerSkillFactory(seeker=siti, skill=sewing, source="training")
    SeekerProfileFactory(full_name="Sita Rahayu")

    by_name = client.get("/kantor/pencaker/", {"name": "siti", "verified": "true"})
    by_phone = client.get("/kantor/pencaker/", {"name": "4567 890"})
    unverified = client.get("/kantor/pencaker/", {"name": "siti", "verified": "false"})

    assert [p.pk for p in by_name.context["page"].object_list] == [siti.pk]
    assert [p.pk for p in by_phone.context["page"].object_list] == [siti.pk]
    assert list(unverified.context["page"].object_list) == []


def test_a_seekers_page_masks_her_nik(client, officer):
    siti = with_nik(SeekerProfileFactory(full_name="Siti Aminah"), NIK_A)
    ApplicationFactory(seeker=siti)

    response = client.get(f"/kantor/pencaker/{siti.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "************0001" in body
    assert NIK_A not in body
    assert len(response.context["applications"]) == 1


def test_a_bad_seeker_filter_is_reshown_with_its_message(client, officer):
    response = client.get("/kantor/pencaker/", {"skill": "terbang", "name": "Siti"})

    assert response.status_code == 400
    assert "skill" in response.context["form"].errors
    assert 'value="Siti"' in response.content.decode()


def test_a_missing_seeker_is_404(client, officer):
    assert client.get("/kantor/pencaker/999999/").status_code == 404


def test_a_new_skill_with_its_synonyms_is_saved_through_the_service(client, officer):
    response = client.post(
        "/kantor/keahlian/baru/",
        {
            "slug": "menyulam",
            "name_id": "Menyulam",
            "name_en": "Embroidery",
            "category": "craft",
            "synonyms": "sulam, bordir\nsulaman",
        },
    )

    assert response.status_code == 302
    skill = Skill.objects.get(slug="menyulam")
    assert (skill.name_en, skill.synonyms) == ("Embroidery", ["sulam", "bordir", "sulaman"])


def test_a_synonym_of_another_skill_is_reshown_with_the_services_message(client, officer):
    SkillFactory(slug="menjahit", name_id="Menjahit", synonyms=["jahit"])
    batik = SkillFactory(slug="membatik", name_id="Membatik", synonyms=["batik"])

    response = client.post(
        f"/kantor/keahlian/{batik.pk}/",
        {"name_id": "Membatik", "name_en": "Batik", "category": "craft", "synonyms": "jahit"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "synonyms" in response.context["form"].errors
    batik.refresh_from_db()
    assert batik.synonyms == ["batik"]


def test_a_skill_is_edited_but_keeps_its_slug(client, officer):
    batik = SkillFactory(slug="membatik", name_id="Membatik", synonyms=["batik"])

    response = client.post(
        f"/kantor/keahlian/{batik.pk}/",
        {
            "slug": "lain",
            "name_id": "Membatik Tulis",
            "name_en": "Batik",
            "category": "craft",
            "synonyms": "batik, canting",
        },
    )

    assert response.status_code == 302
    batik.refresh_from_db()
    assert (batik.slug, batik.name_id, batik.synonyms) == (
        "membatik",
        "Membatik Tulis",
        ["batik", "canting"],
    )


def test_waiting_changes_are_shown_under_their_fields_names(client, officer):
    employer = EmployerFactory(name="Konveksi Lama", pending_changes={"name": "Konveksi Baru"})

    response = client.get(f"/kantor/verifikasi/{employer.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["pending"] == [("name", "Konveksi Baru")]
    assert "<dt>Name</dt><dd>Konveksi Baru</dd>" in response.content.decode()


def test_a_workbook_instead_of_a_csv_is_refused_with_a_field_message(client, officer):
    programme = TrainingProgrammeFactory()
    workbook = SimpleUploadedFile("lulusan.xlsx", b"PK\x03\x04\x00\x00binary")

    response = client.post(
        f"/kantor/pelatihan/{programme.pk}/",
        {"file": workbook, "completed_on": "2026-03-05", "level": "basic"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "This is not a CSV file; in Excel choose Save As, then CSV."
    ]
    assert not TrainingCompletion.objects.exists()


def test_seekers_found_by_name_can_be_recorded_one_at_a_time(client, officer):
    programme = TrainingProgrammeFactory(starts_on=datetime.date(2026, 3, 1))
    programme.skills.set([SkillFactory(slug="menjahit")])
    rina = SeekerProfileFactory(full_name="Rina Wati", phone="081298765432")
    SeekerProfileFactory(full_name="Sri Lestari")

    found = client.get(f"/kantor/pelatihan/{programme.pk}/", {"cari": "8765"})
    response = client.post(
        f"/kantor/pelatihan/{programme.pk}/peserta/",
        {
            "seeker": rina.pk,
            "certificate_number": "C-7",
            "completed_on": "2026-03-05",
            "level": "basic",
            "cari": "8765",
        },
    )

    assert [p.pk for p in found.context["found"]] == [rina.pk]
    assert response.status_code == 200
    assert [(r.row.line, r.outcome.value) for r in response.context["results"]] == [(1, "recorded")]
    assert TrainingCompletion.objects.get().seeker == rina


def test_picking_nobody_is_reshown_with_its_message(client, officer):
    programme = TrainingProgrammeFactory()
    SeekerProfileFactory(full_name="Rina Wati")

    response = client.post(
        f"/kantor/pelatihan/{programme.pk}/peserta/",
        {
            "certificate_number": "C-7",
            "completed_on": "2026-03-05",
            "level": "basic",
            "cari": "Rina",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.context["pick"].errors["seeker"] == ["Pick the participant from the list."]
    assert 'value="C-7"' in response.content.decode()
    assert not TrainingCompletion.objects.exists()


def test_picking_a_seeker_that_does_not_exist_is_404(client, officer):
    programme = TrainingProgrammeFactory()

    response = client.post(
        f"/kantor/pelatihan/{programme.pk}/peserta/",
        {
            "seeker": 999999,
            "certificate_number": "C-7",
            "completed_on": "2026-03-05",
            "level": "basic",
        },
    )

    assert response.status_code == 404
    assert not TrainingCompletion.objects.exists()


@pytest.mark.parametrize("path", ["/kantor/", "/kantor/lamaran/", "/kantor/pencaker/"])
def test_a_page_costs_the_same_queries_with_more_rows(client, officer, path):
    def grow(count: int) -> None:
        for _ in range(count):
            application = ApplicationFactory()
            TrainingCompletionFactory(seeker=application.seeker)

    grow(2)
    client.get(path)  # warm up: sessions, content types
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    grow(8)
    with CaptureQueriesContext(connection) as many:
        client.get(path)

    assert len(many.captured_queries) == len(few.captured_queries)


# Vacancies -------------------------------------------------------------------------------------


def test_the_vacancies_list_holds_every_employers_vacancies_in_every_status(client, officer):
    shop = UnverifiedEmployerFactory(name="Toko Sinar Jaya")
    draft = VacancyFactory(employer=shop, title="Kasir", status="draft", published_at=None)
    published = VacancyFactory(title="Penjahit borongan", positions_filled=1)
    closed = VacancyFactory(title="Pramuniaga", status="closed", closed_reason="expired")

    response = client.get("/kantor/lowongan/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [closed, published, draft]
    html = response.content.decode()
    assert "1 of 3" in html
    assert "(not verified)" in html
    assert f'href="/lowongan/{published.pk}/"' in html
    assert f'href="/kantor/lowongan/{draft.pk}/"' in html


def test_the_vacancies_list_filters_by_status_employer_and_text(client, officer):
    shop = EmployerFactory(name="Toko Sinar Jaya")
    draft = VacancyFactory(employer=shop, title="Kasir", status="draft", published_at=None)
    VacancyFactory(title="Penjahit borongan")

    response = client.get("/kantor/lowongan/", {"status": "draft", "employer": "sinar", "q": "kas"})

    assert list(response.context["page"].object_list) == [draft]


def test_a_bad_vacancy_filter_is_reshown_with_its_message(client, officer):
    response = client.get(
        "/kantor/lowongan/", {"status": "lost", "employer": "Sinar"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice." in html
    assert 'value="Sinar"' in html


def test_the_vacancies_list_is_paged_by_25(client, officer):
    VacancyFactory.create_batch(26)

    first = client.get("/kantor/lowongan/")
    second = client.get("/kantor/lowongan/", {"halaman": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 1


def test_an_employer_cannot_close_a_vacancy_through_the_office(client):
    vacancy = VacancyFactory()
    client.force_login(vacancy.employer.owner)
    before = Vacancy.objects.filter(pk=vacancy.pk).values().get()

    response = client.post(f"/kantor/lowongan/{vacancy.pk}/tutup/", {"note": "Saya tutup."})

    assert response.status_code == 403
    assert Vacancy.objects.filter(pk=vacancy.pk).values().get() == before
    assert not Notification.objects.exists()


def test_closing_without_a_reason_is_reshown_and_changes_nothing(client, officer):
    vacancy = VacancyFactory()
    before = Vacancy.objects.filter(pk=vacancy.pk).values().get()

    response = client.post(
        f"/kantor/lowongan/{vacancy.pk}/tutup/", {"note": "   "}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "Write the reason, so the employer knows what broke the rules." in (
        response.content.decode()
    )
    assert Vacancy.objects.filter(pk=vacancy.pk).values().get() == before
    assert not Notification.objects.exists()


def test_an_overlong_reason_is_reshown_with_her_typing_kept(client, officer):
    vacancy = VacancyFactory()

    response = client.post(f"/kantor/lowongan/{vacancy.pk}/tutup/", {"note": "Gaji palsu " * 100})

    assert response.status_code == 400
    assert "Gaji palsu Gaji palsu" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED


def test_closing_with_a_reason_closes_tells_the_employer_once_and_shows_it_to_her(client, officer):
    vacancy = VacancyFactory()

    response = client.post(
        f"/kantor/lowongan/{vacancy.pk}/tutup/", {"note": "Meminta biaya pendaftaran."}
    )

    assert response.status_code == 302
    assert response.url == f"/kantor/lowongan/{vacancy.pk}/"
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.closed_reason, vacancy.closed_note) == (
        VacancyStatus.CLOSED,
        ClosedReason.OFFICE,
        "Meminta biaya pendaftaran.",
    )
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (
        vacancy.employer.owner,
        Kind.VACANCY_CLOSED_BY_OFFICE,
    )
    client.force_login(vacancy.employer.owner)
    page = client.get(f"/usaha/lowongan/{vacancy.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    assert "Ditutup oleh Disnaker: Meminta biaya pendaftaran." in page.content.decode()
    inbox = client.get("/saya/kotak-masuk/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f'href="/usaha/lowongan/{vacancy.pk}/"' in inbox


def test_closing_twice_is_409_with_its_message_and_one_notice(client, officer):
    vacancy = VacancyFactory()
    client.post(f"/kantor/lowongan/{vacancy.pk}/tutup/", {"note": "Alasan pertama."})

    response = client.post(
        f"/kantor/lowongan/{vacancy.pk}/tutup/",
        {"note": "Alasan kedua."},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 409
    assert "This vacancy is already closed; there is nothing to close." in (
        response.content.decode()
    )
    vacancy.refresh_from_db()
    assert vacancy.closed_note == "Alasan pertama."
    assert Notification.objects.count() == 1


def test_a_missing_vacancy_is_404_on_the_office_pages(client, officer):
    assert client.get("/kantor/lowongan/999999/").status_code == 404
    assert client.post("/kantor/lowongan/999999/tutup/", {"note": "x"}).status_code == 404


def test_the_vacancies_list_costs_the_same_queries_with_more_rows(client, officer):
    VacancyFactory.create_batch(2)
    client.get("/kantor/lowongan/")
    with CaptureQueriesContext(connection) as few:
        client.get("/kantor/lowongan/")
    VacancyFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        client.get("/kantor/lowongan/")

    assert len(many.captured_queries) == len(few.captured_queries)
