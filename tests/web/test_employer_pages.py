"""The employer's pages through Django's test client: her business, the vacancy form with its
no-JavaScript skill finder, publish, the pipeline, candidates and invitations; what is not hers
is 404, other roles get 403, and every refusal is shown with nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationEvent, Invitation
from applications.services import application_submit
from jobs.models import Employer, Vacancy, VacancyEvent
from jobs.selectors import employer_verification_state as verification_state
from notifications.models import Notification
from sicaker.regions import coordinates_for
from tests.factories.accounts import EmployerUserFactory, OfficerFactory, SeekerUserFactory
from tests.factories.applications import ApplicationFactory
from tests.factories.jobs import (
    DraftVacancyFactory,
    EmployerFactory,
    SkillFactory,
    UnverifiedEmployerFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.factories.seekers import SeekerProfileFactory, SeekerSkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sewing():
    return SkillFactory(
        slug="menjahit", name_id="Menjahit", name_en="Sewing", synonyms=["jahit", "penjahit"]
    )


@pytest.fixture
def employer(client):
    employer = EmployerFactory(name="Konveksi Bu Sri")
    client.force_login(employer.owner)
    return employer


def _closing(days: int = 10) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _vacancy_post(**changes: str | list[str]) -> dict:
    data: dict[str, str | list[str]] = {
        "action": "save",
        "title": "Penjahit masker",
        "work_type": "piece_rate",
        "positions": "3",
        "valid_through": _closing(),
        "min_education": "none",
        "pay_min": "3000",
        "pay_max": "3000",
        "pay_unit": "piece",
        "place": "",
    }
    data.update(changes)
    return data


def _snapshot() -> list:
    return [
        sorted(Vacancy.objects.values_list("pk", "status", "title", "positions_filled")),
        sorted(Application.objects.values_list("pk", "status")),
        ApplicationEvent.objects.count(),
        VacancyEvent.objects.count(),
        Invitation.objects.count(),
        Notification.objects.count(),
    ]


# Her business ----------------------------------------------------------------------------------


def test_registering_her_business_shows_field_messages_then_waits_for_the_office(client):
    # Given an employer account without a business
    user = EmployerUserFactory()
    client.force_login(user)
    assert client.get(reverse("employer-home")).url == reverse("employer-profile")

    # When she sends a bad NIB and no district
    response = client.post(
        reverse("employer-profile"),
        {"name": "Konveksi Bu Sri", "kind": "home_industry", "nib": "12"},
    )

    # Then the form is shown again with both messages, her typing kept, nothing stored
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "nib": ["NIB terdiri dari tepat 13 digit."],
        "place": ["Pilih kecamatan tempat usaha Anda."],
    }
    assert 'value="Konveksi Bu Sri"' in response.content.decode()
    assert not Employer.objects.exists()

    # When she corrects it
    response = client.post(
        reverse("employer-profile"),
        {"name": "Konveksi Bu Sri", "kind": "home_industry", "place": "Kota Malang|Sukun"},
    )

    # Then her business is stored unverified, with the district's point, and the page says so
    assert response.url == reverse("employer-home")
    employer = Employer.objects.get(owner=user)
    assert (employer.name, employer.city, employer.district, employer.is_verified) == (
        "Konveksi Bu Sri",
        "Kota Malang",
        "Sukun",
        False,
    )
    assert employer.latitude is not None
    page = client.get(reverse("employer-home")).content.decode()
    assert "Menunggu verifikasi Disnaker" in page


def test_verification_state_says_verified_waiting_or_refused_with_the_reason():
    employer = Employer(is_verified=True, pending_changes={})
    assert verification_state(employer)["state"] == "verified"
    employer = Employer(is_verified=False, pending_changes={})
    assert verification_state(employer)["state"] == "waiting"
    refused_at = timezone.now()
    employer.refusal_reason, employer.refused_at = "NIB tidak terdaftar di OSS.", refused_at
    employer.updated_at = refused_at
    assert verification_state(employer) == {
        "state": "refused",
        "reason": "NIB tidak terdaftar di OSS.",
        "pending": {},
    }
    employer.updated_at = refused_at + datetime.timedelta(minutes=5)  # she edited: asked again
    assert verification_state(employer) == {"state": "waiting", "reason": "", "pending": {}}


# The vacancy form ------------------------------------------------------------------------------


def test_unverified_employer_saves_a_draft_but_cannot_publish_it(client, sewing):
    # Given an employer the office has not verified yet
    employer = UnverifiedEmployerFactory()
    client.force_login(employer.owner)

    # When she saves a vacancy with a required skill
    response = client.post(
        reverse("employer-vacancy-new"), _vacancy_post(required_skills=["menjahit"])
    )

    # Then it is a draft with her business's address, and its page says why it cannot publish
    vacancy = Vacancy.objects.get()
    assert response.url == reverse("employer-vacancy", args=[vacancy.pk])
    assert (vacancy.status, vacancy.district, vacancy.pay_unit) == ("draft", "Klojen", "piece")
    assert [link.skill.slug for link in vacancy.skill_links.all()] == ["menjahit"]
    page = client.get(response.url).content.decode()
    assert "Menunggu verifikasi Disnaker" in page
    assert "Terbitkan</button>" not in page

    # When she publishes anyway
    before = _snapshot()
    response = client.post(reverse("employer-vacancy-publish", args=[vacancy.pk]))

    # Then the service's refusal is shown with a 409 and nothing changed
    assert response.status_code == 409
    assert "Usaha Anda belum terverifikasi" in response.content.decode()
    assert _snapshot() == before


def test_invalid_vacancy_input_is_shown_again_with_field_messages(client, employer):
    # When the form misses its title and closing date
    response = client.post(
        reverse("employer-vacancy-new"), _vacancy_post(title="", valid_through="")
    )

    # Then both fields have their messages and what she typed is kept
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "title": ["Isi nama pekerjaan."],
        "valid_through": ["Isi tanggal tutup."],
    }
    assert 'value="3000"' in response.content.decode()

    # When the form is complete but the service's rules refuse it (pay, hours, a past date)
    response = client.post(
        reverse("employer-vacancy-new"),
        _vacancy_post(
            pay_min="5000",
            pay_max="3000",
            hours_start="15:00",
            hours_end="08:00",
            valid_through=_closing(-1),
        ),
    )

    # Then the service's messages are beside those fields, and nothing is stored
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"pay_min", "hours_end", "valid_through"}
    assert "error-summary" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_skill_finder_works_without_javascript_and_saves_nothing(client, employer, sewing):
    # When she searches by a synonym with the "Find" button
    typed = _vacancy_post(action="find", skill_q="penjahit", title="Penjahit seragam")
    response = client.post(reverse("employer-vacancy-new"), typed)

    # Then the form comes back with the skill to add and her typing kept
    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Tambahkan Menjahit sebagai keahlian wajib"' in page
    assert 'value="Penjahit seragam"' in page

    # When she adds it
    response = client.post(
        reverse("employer-vacancy-new"), {**typed, "action": "", "add_required": "menjahit"}
    )

    # Then it is ticked among the required skills, and still nothing is saved
    page = response.content.decode()
    assert 'name="required_skills" value="menjahit" id="req-menjahit" checked' in page
    assert not Vacancy.objects.exists()

    # And the type-ahead (htmx) answers with the same finder
    response = client.get(reverse("employer-skill-finder"), {"skill_q": "jahit"})
    assert 'value="menjahit"' in response.content.decode()


def test_her_list_counts_applications_per_status_and_positions_filled(client, employer):
    vacancy = VacancyFactory(employer=employer, title="Penjahit masker", positions=3)
    ApplicationFactory(vacancy=vacancy, status="submitted")
    ApplicationFactory(vacancy=vacancy, status="submitted")
    ApplicationFactory(vacancy=vacancy, status="accepted")
    VacancyFactory(title="Lowongan orang lain")

    response = client.get(reverse("employer-vacancies"))

    rows = response.context["rows"]
    assert [(row["vacancy"].title, row["counts"], row["total"]) for row in rows] == [
        ("Penjahit masker", [("submitted", "Terkirim", 2), ("accepted", "Diterima", 1)], 3)
    ]


def test_a_closed_vacancy_reopens_as_a_copy_and_cannot_be_edited(client, employer, sewing):
    closed = VacancyFactory(employer=employer, title="Penjahit lama", status="closed")
    VacancySkillFactory(vacancy=closed, skill=sewing)

    response = client.get(reverse("employer-vacancy-edit", args=[closed.pk]))
    assert response.status_code == 409

    response = client.get(reverse("employer-vacancy-new"), {"salin": closed.pk})
    form = response.context["form"]
    assert (
        form["title"].value(),
        form["required_skills"].value(),
        form["valid_through"].value(),
    ) == (
        "Penjahit lama",
        ["menjahit"],
        None,
    )


def test_a_vacancy_the_office_closed_is_not_reopened_as_a_copy(client, employer, sewing):
    # Given her vacancy, closed by the labor office with a reason
    closed = VacancyFactory(
        employer=employer,
        title="Penjahit lama",
        status="closed",
        closed_reason="office",
        closed_note="Meminta biaya pendaftaran.",
    )
    before = Vacancy.objects.count()

    # Then her vacancy page offers no copy, and the copy's address answers with the reason
    page = client.get(reverse("employer-vacancy", args=[closed.pk]))
    assert f"?salin={closed.pk}" not in page.content.decode()
    response = client.get(reverse("employer-vacancy-new"), {"salin": closed.pk})
    assert response.status_code == 409
    assert response.context["error"] == (
        "Disnaker menutup lowongan ini karena melanggar aturan, jadi lowongan ini tidak dapat "
        "dibuka lagi sebagai salinan. Tulis lowongan baru yang menaati aturan, atau hubungi "
        "Disnaker Anda."
    )
    assert Vacancy.objects.count() == before


# Applications ----------------------------------------------------------------------------------


def test_pipeline_offers_only_the_moves_the_table_allows(client, employer, sewing):
    vacancy = VacancyFactory(employer=employer)
    VacancySkillFactory(vacancy=vacancy, skill=sewing)
    seeker = SeekerProfileFactory(full_name="Rina Marlina", district="Sukun", phone="081234567890")
    SeekerSkillFactory(seeker=seeker, skill=sewing, source="training")
    application = application_submit(vacancy=vacancy, seeker=seeker, cover_note="")

    response = client.get(reverse("employer-pipeline", args=[vacancy.pk]))

    card = next(c for col in response.context["columns"] for c in col["cards"])
    assert [value for value, _label in card["moves"]] == ["reviewed", "shortlisted", "rejected"]
    assert card["application"].pk == application.pk
    page = response.content.decode()
    assert "Rina Marlina" in page and "081234567890" in page and "✓ terverifikasi" in page


def test_a_move_the_table_does_not_allow_is_refused_with_409_and_changes_nothing(client, employer):
    vacancy = VacancyFactory(employer=employer, positions=2)
    application = ApplicationFactory(vacancy=vacancy, status="submitted")
    before = _snapshot()

    response = client.post(
        reverse("employer-application-move", args=[application.pk]),
        {f"a{application.pk}-status": "accepted", f"a{application.pk}-note": "Langsung terima"},
    )

    assert response.status_code == 409
    assert (
        "Lamaran berstatus Terkirim tidak dapat diubah menjadi Diterima"
        in response.content.decode()
    )
    assert _snapshot() == before


def test_accepting_fills_a_position(client, employer):
    vacancy = VacancyFactory(employer=employer, positions=2)
    application = ApplicationFactory(vacancy=vacancy, status="interview")

    response = client.post(
        reverse("employer-application-move", args=[application.pk]),
        {f"a{application.pk}-status": "accepted", f"a{application.pk}-note": ""},
    )

    assert response.status_code == 302
    vacancy.refresh_from_db()
    application.refresh_from_db()
    assert (application.status, vacancy.positions_filled) == ("accepted", 1)


# Invitations -----------------------------------------------------------------------------------


def test_invite_a_candidate_once_she_hears_once(client, employer):
    vacancy = VacancyFactory(employer=employer, title="Penjahit masker")
    seeker = SeekerProfileFactory()
    url = reverse("employer-invite", args=[vacancy.pk, seeker.pk])

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert [str(m) for m in first.context["messages"]] == [
        "Undangan terkirim: ia mendapat pesan untuk melamar."
    ]
    assert [str(m) for m in second.context["messages"]] == [
        "Anda sudah mengundangnya; pesan tidak dikirim lagi."
    ]
    assert list(Invitation.objects.values_list("vacancy_id", "seeker_id", "invited_by")) == [
        (vacancy.pk, seeker.pk, employer.owner_id)
    ]
    notification = Notification.objects.get()
    assert (notification.recipient_id, notification.kind, notification.context) == (
        seeker.user_id,
        "vacancy_invitation",
        {
            "vacancy_id": vacancy.pk,
            "vacancy_title": "Penjahit masker",
            "employer_name": "Konveksi Bu Sri",
        },
    )


def test_a_candidate_who_applied_or_a_draft_cannot_be_invited(client, employer):
    vacancy = VacancyFactory(employer=employer)
    applied = ApplicationFactory(vacancy=vacancy).seeker
    draft = DraftVacancyFactory(employer=employer)
    seeker = SeekerProfileFactory()
    before = _snapshot()

    assert client.post(reverse("employer-invite", args=[vacancy.pk, applied.pk])).status_code == 409
    assert client.post(reverse("employer-invite", args=[draft.pk, seeker.pk])).status_code == 409
    assert _snapshot() == before


def test_candidates_are_anonymous_until_they_apply(client, employer, sewing, search_backend):
    vacancy = VacancyFactory(employer=employer)
    VacancySkillFactory(vacancy=vacancy, skill=sewing)
    stranger = SeekerProfileFactory(full_name="Dewi Lestari", phone="0811111111")
    SeekerSkillFactory(seeker=stranger, skill=sewing)
    applicant = SeekerProfileFactory(full_name="Rina Marlina")
    SeekerSkillFactory(seeker=applicant, skill=sewing)
    ApplicationFactory(vacancy=vacancy, seeker=applicant)
    search_backend.rebuild()
    if search_backend.name == "elasticsearch":
        search_backend.refresh()

    response = client.get(reverse("employer-candidates", args=[vacancy.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rina Marlina" in page
    assert "Dewi Lestari" not in page and "0811111111" not in page
    assert "Undang kandidat" in page


# Who may see what ------------------------------------------------------------------------------


def _her_urls(vacancy: Vacancy, application: Application, seeker_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("employer-vacancy", args=[vacancy.pk])),
        ("get", reverse("employer-vacancy-edit", args=[vacancy.pk])),
        ("get", reverse("employer-pipeline", args=[vacancy.pk])),
        ("get", reverse("employer-candidates", args=[vacancy.pk])),
        ("get", reverse("employer-vacancy-new") + f"?salin={vacancy.pk}"),
        ("post", reverse("employer-vacancy-publish", args=[vacancy.pk])),
        ("post", reverse("employer-vacancy-close", args=[vacancy.pk])),
        ("post", reverse("employer-invite", args=[vacancy.pk, seeker_pk])),
        ("post", reverse("employer-application-move", args=[application.pk])),
    ]


def test_another_employers_vacancy_and_application_are_404_and_unchanged(client, employer):
    theirs = DraftVacancyFactory(title="Rahasia mereka")
    published = VacancyFactory()
    application = ApplicationFactory(vacancy=published)
    seeker = SeekerProfileFactory()
    before = _snapshot()

    for vacancy in (theirs, published):
        for method, url in _her_urls(vacancy, application, seeker.pk):
            data = {f"a{application.pk}-status": "reviewed"} if "pindahkan" in url else {}
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, url
            assert "Rahasia mereka" not in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("role", ["seeker", "officer"])
def test_other_roles_get_403_on_every_employer_page(client, role):
    vacancy = VacancyFactory()
    application = ApplicationFactory(vacancy=vacancy)
    client.force_login(SeekerUserFactory() if role == "seeker" else OfficerFactory())
    before = _snapshot()

    urls = [
        ("get", reverse("employer-home")),
        ("get", reverse("employer-profile")),
        ("get", reverse("employer-vacancies")),
        ("get", reverse("employer-vacancy-new")),
        ("get", reverse("employer-skill-finder")),
        *_her_urls(vacancy, application, application.seeker_id),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url
    assert _snapshot() == before


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("employer-vacancies"))
    assert response.status_code == 302
    assert response.url == reverse("sign-in") + "?next=/usaha/lowongan/"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_and_pipeline_cost_the_same_queries_at_any_size(client, employer, sewing):
    # Given one vacancy with one applicant
    vacancy = VacancyFactory(employer=employer, positions=10)
    VacancySkillFactory(vacancy=vacancy, skill=sewing)

    def applicant() -> None:
        seeker = SeekerProfileFactory()
        SeekerSkillFactory(seeker=seeker, skill=sewing)
        application_submit(vacancy=vacancy, seeker=seeker, cover_note="")

    applicant()
    pipeline = reverse("employer-pipeline", args=[vacancy.pk])
    listing = reverse("employer-vacancies")
    small = (_queries(client, pipeline), _queries(client, listing))

    # When four more apply and she has two more vacancies
    for _ in range(4):
        applicant()
    VacancyFactory(employer=employer)
    DraftVacancyFactory(employer=employer)

    # Then both pages cost what they cost before
    assert (_queries(client, pipeline), _queries(client, listing)) == small


def test_without_a_business_writing_a_vacancy_leads_to_registering_it(client):
    client.force_login(EmployerUserFactory())

    response = client.get(reverse("employer-vacancy-new"), follow=True)

    assert response.redirect_chain == [(reverse("employer-profile"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Daftarkan usaha Anda dulu; setelah itu Anda bisa memasang lowongan."
    ]


def test_a_new_district_gets_its_own_point_when_she_gives_none(client, employer):
    # Given her business in Klojen with its point
    page = client.get(reverse("employer-profile"))
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}

    # When she moves it to Sukun and leaves the location fields as shown (empty)
    response = client.post(reverse("employer-profile"), {**data, "place": "Kota Malang|Sukun"})

    # Then the point is Sukun's, not the old one
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.district == "Sukun"
    assert (employer.latitude, employer.longitude) == coordinates_for(
        city="Kota Malang", district="Sukun"
    )


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_employer_page_renders_in_both_languages(client, employer, sewing, language):
    client.cookies["django_language"] = language
    vacancy = VacancyFactory(employer=employer)
    VacancySkillFactory(vacancy=vacancy, skill=sewing)
    ApplicationFactory(vacancy=vacancy)
    draft = DraftVacancyFactory(employer=employer)
    for url in (
        reverse("employer-home"),
        reverse("employer-profile"),
        reverse("employer-vacancies"),
        reverse("employer-vacancy-new"),
        reverse("employer-vacancy", args=[vacancy.pk]),
        reverse("employer-vacancy", args=[draft.pk]),
        reverse("employer-vacancy-edit", args=[draft.pk]),
        reverse("employer-pipeline", args=[vacancy.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode(), url
    found = client.get(reverse("employer-skill-finder"), {"skill_q": "penjahit"})
    assert ("Menjahit" if language == "id" else "Sewing") in found.content.decode()
