"""Her profile through Django's test client: the steps save through the API's service, the NIK
is masked and entered once, verified skills stay hers, the kelurahan must lie in the kecamatan,
the skill picker works without JavaScript, refusals change nothing, and the apply flow asks for
a profile first."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from applications.models import Application
from seekers.models import SeekerProfile, SeekerSkill, SkillSource
from seekers.nik import nik_digest
from seekers.services.profiles import seeker_profile_ensure
from tests.factories.accounts import EmployerUserFactory, SeekerUserFactory
from tests.factories.jobs import SkillFactory, VacancyFactory
from tests.factories.seekers import (
    VALID_NIK,
    SeekerProfileFactory,
    SeekerSkillFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.django_db

OVERVIEW = "/saya/profil/"
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def step(slug: str) -> str:
    return reverse("seeker-profile-step", args=[slug])


@pytest.fixture
def sewing(db):
    return SkillFactory(
        slug="menjahit", name_id="Menjahit", name_en="Sewing", synonyms=["jahit", "penjahit"]
    )


@pytest.fixture
def new_seeker(client):
    """A seeker just registered: the nearly empty profile of sign-up, signed in."""
    user = SeekerUserFactory(email="siti@example.id", full_name="Siti Aminah")
    client.force_login(user)
    return seeker_profile_ensure(user=user)


def _snapshot(profile: SeekerProfile) -> dict:
    fresh = SeekerProfile.objects.get(pk=profile.pk)
    return {
        field: getattr(fresh, field)
        for field in (
            "full_name",
            "phone",
            "nik_digest",
            "city",
            "district",
            "subdistrict",
            "latitude",
            "available_from",
            "available_until",
            "available_days",
        )
    } | {"skills": sorted(fresh.skill_links.values_list("skill__slug", "source"))}


# -- who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [OVERVIEW, "/saya/profil/tentang/", "/saya/profil/keahlian/"])
def test_signed_out_she_is_sent_to_sign_in_and_back(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"{reverse('sign-in')}?next={path}"


@pytest.mark.parametrize("path", [OVERVIEW, "/saya/profil/alamat/", "/saya/profil/kelurahan/"])
def test_an_employer_gets_the_403_page_and_no_profile(client, path):
    employer = EmployerUserFactory()
    client.force_login(employer)

    response = client.get(path, **ID)

    assert response.status_code == 403
    assert "pencari kerja" in response.content.decode()
    assert not SeekerProfile.objects.filter(user=employer).exists()


def test_an_employer_posting_a_step_changes_nothing(client):
    employer = EmployerUserFactory()
    client.force_login(employer)

    response = client.post(step("tentang"), {"full_name": "Bukan Pencari"}, **ID)

    assert response.status_code == 403
    assert SeekerProfile.objects.count() == 0


def test_an_unknown_step_is_not_found(client, new_seeker):
    assert client.get("/saya/profil/rahasia/", **ID).status_code == 404


# -- who she is: the NIK -------------------------------------------------------------------------


def test_the_first_step_saves_name_phone_and_nik_and_leads_on(client, new_seeker):
    response = client.post(
        step("tentang"),
        {"full_name": "Siti Aminah", "phone": "0812 3456 7890", "nik": VALID_NIK},
    )

    assert response.status_code == 302
    assert response.url == step("alamat")
    profile = SeekerProfile.objects.get(pk=new_seeker.pk)
    assert (profile.full_name, profile.phone, profile.nik_last4) == (
        "Siti Aminah",
        "0812 3456 7890",
        "0001",
    )
    assert profile.nik_digest == nik_digest(VALID_NIK)
    assert VALID_NIK not in profile.nik_encrypted


def test_after_saving_the_nik_is_shown_masked_and_never_in_full(client, new_seeker):
    client.post(step("tentang"), {"full_name": "Siti Aminah", "nik": VALID_NIK})

    pages = [client.get(step("tentang"), **ID), client.get(OVERVIEW, **ID)]

    for page in pages:
        body = page.content.decode()
        assert page.status_code == 200
        assert "************0001" in body
        assert VALID_NIK not in body
        assert 'name="nik"' not in body
    assert "ke Disnaker dengan KTP" in pages[0].content.decode()


def test_a_nik_posted_again_after_it_is_saved_is_ignored(client, new_seeker):
    client.post(step("tentang"), {"full_name": "Siti Aminah", "nik": VALID_NIK})
    other_nik = "3573015205900002"

    response = client.post(step("tentang"), {"full_name": "Siti A.", "nik": other_nik})

    assert response.status_code == 302
    profile = SeekerProfile.objects.get(pk=new_seeker.pk)
    assert (profile.full_name, profile.nik_digest, profile.nik_last4) == (
        "Siti A.",
        nik_digest(VALID_NIK),
        "0001",
    )


def test_a_wrong_nik_shows_the_step_again_with_her_typing_and_saves_nothing(client, new_seeker):
    before = _snapshot(new_seeker)

    response = client.post(
        step("tentang"),
        {"full_name": "Siti Rahayu", "phone": "0812 1111 2222", "nik": "357301520590000"},
        **ID,
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "NIK terdiri dari tepat 16 digit, sedangkan yang ini 15 digit" in body
    assert 'href="#id_nik"' in body  # the error summary links to the field
    assert 'value="Siti Rahayu"' in body
    assert 'value="357301520590000"' in body
    assert _snapshot(new_seeker) == before


def test_a_nik_another_seeker_holds_is_refused_without_saying_so(client, new_seeker):
    other = SeekerProfileFactory()
    client.force_login(other.user)
    client.post(step("tentang"), {"full_name": other.full_name, "nik": VALID_NIK})
    client.force_login(new_seeker.user)
    before = _snapshot(new_seeker)

    response = client.post(step("tentang"), {"full_name": "Siti", "nik": VALID_NIK}, **ID)

    assert response.status_code == 400
    assert "NIK ini tidak dapat disimpan di profil Anda" in response.content.decode()
    assert _snapshot(new_seeker) == before


def test_new_niks_from_the_web_count_against_the_apis_nik_limit(client, new_seeker, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "nik_user": "2/hour",
        },
    }
    cache.clear()
    held = ["3573015205900011", "3573015205900012", "3573015205900013"]
    for nik in held:  # other seekers hold these
        holder = SeekerProfileFactory()
        client.force_login(holder.user)
        client.post(step("tentang"), {"full_name": holder.full_name, "nik": nik})
    cache.clear()
    client.force_login(new_seeker.user)
    before = _snapshot(new_seeker)

    answers = [
        client.post(step("tentang"), {"full_name": "Siti", "nik": nik}, **ID).status_code
        for nik in held[:2]
    ]
    stopped = client.post(step("tentang"), {"full_name": "Siti", "nik": held[2]}, **ID)

    assert answers == [400, 400]
    assert stopped.status_code == 429
    assert "Terlalu banyak percobaan" in stopped.content.decode()
    assert _snapshot(new_seeker) == before
    cache.clear()


# -- where she lives -----------------------------------------------------------------------------


def test_the_address_step_takes_the_kelurahan_point_from_the_region_list(client, new_seeker):
    response = client.post(
        step("alamat"),
        {"district": "Kota Malang|Kedungkandang", "subdistrict": "Lesanpuro", "address": ""},
    )

    assert response.status_code == 302
    assert response.url == step("pekerjaan")
    profile = SeekerProfile.objects.get(pk=new_seeker.pk)
    assert (profile.city, profile.district, profile.subdistrict) == (
        "Kota Malang",
        "Kedungkandang",
        "Lesanpuro",
    )
    assert profile.latitude is not None
    assert profile.longitude is not None


def test_use_my_location_gives_her_phones_point(client, new_seeker):
    client.post(
        step("alamat"),
        {
            "district": "Kota Malang|Sukun",
            "subdistrict": "",
            "latitude": "-8.00391",
            "longitude": "112.61782",
        },
    )

    profile = SeekerProfile.objects.get(pk=new_seeker.pk)
    assert (profile.district, profile.latitude, profile.longitude) == (
        "Sukun",
        -8.00391,
        112.61782,
    )


def test_a_kelurahan_of_another_kecamatan_is_a_field_error_and_saves_nothing(client, new_seeker):
    before = _snapshot(new_seeker)

    response = client.post(
        step("alamat"), {"district": "Kota Malang|Sukun", "subdistrict": "Lesanpuro"}, **ID
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Lesanpuro tidak berada di kecamatan yang Anda pilih" in body
    assert 'href="#id_subdistrict"' in body
    assert _snapshot(new_seeker) == before


def test_a_district_outside_the_list_is_refused(client, new_seeker):
    response = client.post(step("alamat"), {"district": "Kota Malang|Atlantis"}, **ID)

    assert response.status_code == 400
    assert "Pilih kecamatan dari daftar" in response.content.decode()
    assert SeekerProfile.objects.get(pk=new_seeker.pk).district == ""


def test_without_javascript_the_kelurahan_picker_lists_every_kecamatans_kelurahan(
    client, new_seeker
):
    client.post(step("alamat"), {"district": "Kota Malang|Sukun", "subdistrict": "Bandungrejosari"})

    body = client.get(step("alamat"), **ID).content.decode()

    # Another kecamatan picked without JavaScript still finds its kelurahan.
    assert '<optgroup label="Kedungkandang">' in body
    assert '<option value="Lesanpuro">' in body
    assert '<optgroup label="Klojen">' in body
    assert '<option value="Kota Malang|Sukun" selected>' in body
    assert '<option value="Bandungrejosari" selected>' in body


def test_htmx_narrows_the_kelurahan_picker_to_the_picked_kecamatan(client, new_seeker):
    response = client.get(
        reverse("seeker-profile-subdistricts"),
        {"district": "Kota Malang|Kedungkandang"},
        HTTP_HX_REQUEST="true",
        **ID,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert '<option value="Lesanpuro">' in body
    assert "optgroup" not in body
    assert '<option value="Kauman">' not in body  # Klojen's


# -- work, time ----------------------------------------------------------------------------------


def test_work_and_distance_are_saved(client, new_seeker):
    response = client.post(
        step("pekerjaan"),
        {"wanted_work_types": ["home_based", "piece_rate"], "max_distance_km": "5"},
    )

    assert response.status_code == 302
    profile = SeekerProfile.objects.get(pk=new_seeker.pk)
    assert (profile.wanted_work_types, profile.max_distance_km) == (
        ["home_based", "piece_rate"],
        5,
    )


def test_hours_that_end_before_they_start_are_the_services_field_error(client, new_seeker):
    before = _snapshot(new_seeker)

    response = client.post(
        step("waktu"),
        {"available_days": ["mon", "tue"], "available_from": "13:00", "available_until": "09:00"},
        **ID,
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_available_until"' in body
    assert "Jam selesai waktu tersedia Anda harus lebih akhir" in body
    assert 'value="13:00"' in body
    assert _snapshot(new_seeker) == before


def test_days_and_hours_are_saved_in_week_order(client, new_seeker):
    client.post(
        step("waktu"),
        {"available_days": ["sat", "mon"], "available_from": "08:00", "available_until": "12:00"},
    )

    profile = SeekerProfile.objects.get(pk=new_seeker.pk)
    assert (profile.available_days, profile.available_from, profile.available_until) == (
        ["mon", "sat"],
        datetime.time(8, 0),
        datetime.time(12, 0),
    )


# -- skills --------------------------------------------------------------------------------------


def test_without_javascript_find_shows_matches_by_synonym_and_saves_nothing(
    client, new_seeker, sewing
):
    SkillFactory(slug="membuat-kue", name_id="Membuat Kue", synonyms=["kue"])

    response = client.post(step("keahlian"), {"q": "penjahit", "action": "search"}, **ID)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="suggest-menjahit"' in body
    assert "membuat-kue" not in body
    assert 'value="penjahit"' in body  # her word stays in the box
    assert SeekerSkill.objects.filter(seeker=new_seeker).count() == 0


def test_without_javascript_a_found_skill_is_ticked_and_saved(client, new_seeker, sewing):
    kasir = SkillFactory(slug="kasir", name_id="Kasir")
    SeekerSkillFactory(seeker=new_seeker, skill=kasir, level="intermediate", source="experience")

    # She searched with kasir ticked: it stays ticked beside the matches.
    found = client.post(
        step("keahlian"), {"skills": ["kasir"], "q": "jahit", "action": "search"}, **ID
    )
    assert 'id="skill-kasir"' in found.content.decode()

    response = client.post(step("keahlian"), {"skills": ["kasir", "menjahit"], "q": "jahit"})

    assert response.status_code == 302
    assert sorted(
        SeekerSkill.objects.filter(seeker=new_seeker).values_list("skill__slug", "level", "source")
    ) == [("kasir", "intermediate", "experience"), ("menjahit", "basic", "self")]


def test_an_unknown_skill_is_a_field_error_and_saves_nothing(client, new_seeker, sewing):
    before = _snapshot(new_seeker)

    response = client.post(step("keahlian"), {"skills": ["menjahit", "terbang"]}, **ID)

    assert response.status_code == 400
    assert 'href="#id_skills"' in response.content.decode()
    assert _snapshot(new_seeker) == before


def test_htmx_suggestions_understand_synonyms_and_skip_what_she_has(client, new_seeker, sewing):
    SkillFactory(slug="menjahit-tas", name_id="Menjahit Tas", synonyms=["tas"])

    response = client.get(
        reverse("seeker-skill-suggestions"),
        {"q": "penjahit", "skills": ["menjahit-tas"]},
        HTTP_HX_REQUEST="true",
        **ID,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="menjahit"' in body
    assert "menjahit-tas" not in body


def test_verified_skills_are_shown_with_their_training_and_cannot_be_removed(
    client, new_seeker, sewing
):
    programme = TrainingProgrammeFactory(title="Pelatihan Menjahit Dinsos Kota Malang")
    completion = TrainingCompletionFactory(programme=programme, seeker=new_seeker)
    SeekerSkillFactory(
        seeker=new_seeker,
        skill=sewing,
        source=SkillSource.TRAINING,
        level="intermediate",
        training_completion=completion,
    )

    page = client.get(step("keahlian"), **ID).content.decode()
    assert "Pelatihan Menjahit Dinsos Kota Malang" in page
    assert 'value="menjahit"' not in page  # no box to untick

    # Neither leaving it out nor sending it again changes it.
    client.post(step("keahlian"), {"skills": []})
    client.post(step("keahlian"), {"skills": ["menjahit"]})

    assert list(
        SeekerSkill.objects.filter(seeker=new_seeker).values_list(
            "skill__slug", "source", "level", "training_completion"
        )
    ) == [("menjahit", "training", "intermediate", completion.pk)]


# -- walking through, next, the apply flow -------------------------------------------------------


def test_the_last_step_returns_her_to_a_local_next_only(client, new_seeker, sewing):
    good = client.post(step("keahlian"), {"skills": ["menjahit"], "next": "/lowongan/7/"})
    evil = client.post(
        step("keahlian"), {"skills": ["menjahit"], "next": "https://evil.example/lowongan/"}
    )
    sneaky = client.post(step("keahlian"), {"skills": ["menjahit"], "next": "//evil.example/"})

    assert good.url == "/lowongan/7/"
    assert evil.url == OVERVIEW
    assert sneaky.url == OVERVIEW


def test_a_step_changed_from_the_overview_goes_back_there(client, new_seeker):
    response = client.post(step("pekerjaan"), {"max_distance_km": "10", "ubah": "1"})

    assert response.url == OVERVIEW


def test_apply_with_an_empty_profile_leads_to_the_profile_and_stores_nothing(
    client, new_seeker, search_backend
):
    vacancy = VacancyFactory()
    vacancy_url = reverse("vacancy-detail", args=[vacancy.pk])

    response = client.post(reverse("vacancy-apply", args=[vacancy.pk]))
    page = client.get(vacancy_url, **ID).content.decode()

    # A new profile is walked from the first step.
    assert response.status_code == 302
    assert response.url == f"{step('tentang')}?next=%2Flowongan%2F{vacancy.pk}%2F"
    assert Application.objects.count() == 0
    assert "Isi profil untuk melamar" in page
    assert "Lamar sekarang" not in page


def test_apply_with_a_profile_is_one_tap(client, sewing):
    profile = SeekerProfileFactory()
    SeekerSkillFactory(seeker=profile, skill=sewing)
    client.force_login(profile.user)
    vacancy = VacancyFactory()

    response = client.post(reverse("vacancy-apply", args=[vacancy.pk]))

    assert response.status_code == 302
    assert response.url == reverse("vacancy-applied", args=[vacancy.pk])
    assert Application.objects.filter(seeker=profile, vacancy=vacancy).count() == 1


def test_a_profile_lacking_only_skills_is_sent_to_the_skills_step(client, search_backend):
    profile = SeekerProfileFactory()
    client.force_login(profile.user)
    vacancy = VacancyFactory()

    response = client.post(reverse("vacancy-apply", args=[vacancy.pk]))

    assert response.url == f"{step('keahlian')}?next=%2Flowongan%2F{vacancy.pk}%2F"
    assert Application.objects.count() == 0
