"""Training programmes and recorded completions, which make a seeker's skills verified."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seekers.models import SeekerProfile, SeekerSkill, TrainingCompletion, TrainingProgramme
from tests.factories import (
    EmployerUserFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    TrainingCompletionFactory,
)

LIST = "/api/v1/trainings/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

pytestmark = pytest.mark.django_db


def detail(programme) -> str:
    return f"/api/v1/trainings/{programme.pk}/"


def completions(programme) -> str:
    return f"/api/v1/trainings/{programme.pk}/completions/"


def skill_rows(seeker) -> list[tuple]:
    return sorted(
        SeekerSkill.objects.filter(seeker=seeker).values_list(
            "skill__slug", "level", "source", "training_completion__programme_id"
        )
    )


def completion_payload(seeker, **overrides) -> dict:
    return {
        "seeker": seeker.pk,
        "certificate_number": "DP3AKB/2026/001",
        "completed_on": "2026-03-05",
        **overrides,
    }


# -- programmes -----------------------------------------------------------------------------

NEW_PROGRAMME = {
    "title": "Pelatihan Membatik Ibu Rumah Tangga",
    "organiser": "Dinsos P3AP2KB Kota Malang",
    "city": "Kota Malang",
    "starts_on": "2026-05-04",
    "ends_on": "2026-05-08",
    "description": "40 peserta dari lima kecamatan.",
}


def test_staff_create_a_training_naming_skills_by_slug_or_id(api_client, officer, skills):
    api_client.force_authenticate(officer)

    response = api_client.post(
        LIST, {**NEW_PROGRAMME, "skills": ["membatik", skills["menjahit"].pk]}, format="json"
    )

    assert response.status_code == 201
    programme = TrainingProgramme.objects.get()
    assert response.json() == {
        "id": programme.pk,
        **NEW_PROGRAMME,
        "skills": [
            {"id": skills["membatik"].pk, "slug": "membatik", "name": "Membatik"},
            {"id": skills["menjahit"].pk, "slug": "menjahit", "name": "Menjahit"},
        ],
    }
    assert programme.created_by == officer


def test_any_signed_in_user_lists_trainings_filtered_by_city(api_client, programme, skills):
    other = TrainingProgramme.objects.create(
        title="Pelatihan Batik",
        organiser="PKK",
        city="Kota Madiun",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 4, 2),
    )
    other.skills.set([skills["membatik"]])
    api_client.force_authenticate(EmployerUserFactory())

    everything = api_client.get(LIST)
    in_balikpapan = api_client.get(LIST, {"city": "kota balikpapan"}, **EN)

    assert [item["id"] for item in everything.json()["results"]] == [other.pk, programme.pk]
    assert in_balikpapan.json()["results"] == [
        {
            "id": programme.pk,
            "title": "Pelatihan Menjahit Kampung KB",
            "organiser": "DP3AKB Kota Balikpapan",
            "city": "Kota Balikpapan",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-05",
            "description": "",
            "skills": [
                {"id": skills["obras"].pk, "slug": "obras", "name": "Overlocking"},
                {"id": skills["menjahit"].pk, "slug": "menjahit", "name": "Sewing"},
            ],
        }
    ]


def test_anonymous_cannot_list_trainings(api_client, programme):
    assert api_client.get(LIST).status_code == 401


def test_a_training_cannot_end_before_it_starts(api_client, officer, programme, skills):
    api_client.force_authenticate(officer)

    created = api_client.post(
        LIST,
        {**NEW_PROGRAMME, "ends_on": "2026-05-01", "skills": ["membatik"]},
        format="json",
        **EN,
    )
    patched = api_client.patch(detail(programme), {"ends_on": "2026-02-28"}, format="json", **EN)

    message = {"ends_on": ["A training cannot end before it starts; check both dates."]}
    assert (created.status_code, created.json()["fields"]) == (400, message)
    assert (patched.status_code, patched.json()["fields"]) == (400, message)
    assert list(TrainingProgramme.objects.values_list("pk", "ends_on")) == [
        (programme.pk, datetime.date(2026, 3, 5))
    ]


def test_an_unknown_skill_is_named(api_client, officer, skills):
    api_client.force_authenticate(officer)

    response = api_client.post(
        LIST, {**NEW_PROGRAMME, "skills": ["membatik", "astrologi", 99999]}, format="json", **EN
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "skills": ["Unknown skill: astrologi, 99999. Use a slug or id from GET /api/v1/skills/."]
    }
    assert TrainingProgramme.objects.count() == 0


def test_staff_edit_a_training(api_client, officer, programme, skills):
    api_client.force_authenticate(officer)

    response = api_client.patch(
        detail(programme), {"title": "Menjahit Angkatan 2", "skills": ["menjahit"]}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["title"], [s["slug"] for s in response.json()["skills"]]) == (
        "Menjahit Angkatan 2",
        ["menjahit"],
    )


@pytest.mark.parametrize("role", ["seeker", "employer"])
def test_others_cannot_create_or_edit_trainings_and_nothing_changes(
    api_client, programme, seeker, skills, role
):
    user = seeker.user if role == "seeker" else EmployerUserFactory()
    api_client.force_authenticate(user)

    created = api_client.post(LIST, {**NEW_PROGRAMME, "skills": ["membatik"]}, format="json")
    patched = api_client.patch(detail(programme), {"title": "Diubah"}, format="json")

    assert (created.status_code, patched.status_code) == (403, 403)
    assert list(TrainingProgramme.objects.values_list("title", flat=True)) == [
        "Pelatihan Menjahit Kampung KB"
    ]


# -- completions ----------------------------------------------------------------------------


def test_a_completion_makes_every_skill_of_the_training_verified(
    api_client, officer, programme, seeker
):
    version = seeker.search_version
    api_client.force_authenticate(officer)

    response = api_client.post(completions(programme), completion_payload(seeker), format="json")

    assert response.status_code == 201
    completion = TrainingCompletion.objects.get()
    assert response.json() == {
        "id": completion.pk,
        "training": programme.pk,
        "seeker": {
            "id": seeker.pk,
            "full_name": "Sri Wahyuni",
            "district": "Sukun",
            "city": "Kota Malang",
            "nik_masked": "",
        },
        "certificate_number": "DP3AKB/2026/001",
        "completed_on": "2026-03-05",
        "recorded_by": "Budi Santoso",
        "created_at": response.json()["created_at"],
    }
    assert skill_rows(seeker) == [
        ("menjahit", "basic", "training", programme.pk),
        ("obras", "basic", "training", programme.pk),
    ]
    seeker.refresh_from_db()
    assert seeker.search_version == version + 1

    api_client.force_authenticate(seeker.user)
    mine = api_client.get("/api/v1/seekers/me/").json()
    assert [skill["slug"] for skill in mine["skills"]] == ["obras", "menjahit"]  # by name_id
    assert mine["skills"][1] == {
        "slug": "menjahit",
        "name": "Menjahit",
        "level": "basic",
        "source": "training",
        "is_verified": True,
        "training": {
            "id": programme.pk,
            "title": "Pelatihan Menjahit Kampung KB",
            "organiser": "DP3AKB Kota Balikpapan",
        },
    }
    assert mine["training_completions"] == [
        {
            "id": completion.pk,
            "certificate_number": "DP3AKB/2026/001",
            "completed_on": "2026-03-05",
            "training": {
                "id": programme.pk,
                "title": "Pelatihan Menjahit Kampung KB",
                "organiser": "DP3AKB Kota Balikpapan",
            },
        }
    ]


def test_a_completion_upgrades_declared_skills_and_keeps_the_higher_level(
    api_client, officer, programme, seeker, skills
):
    SeekerSkillFactory(seeker=seeker, skill=skills["menjahit"], level="advanced", source="self")
    SeekerSkillFactory(seeker=seeker, skill=skills["obras"], level="basic", source="experience")
    SeekerSkillFactory(seeker=seeker, skill=skills["membatik"], level="basic", source="self")
    api_client.force_authenticate(officer)

    response = api_client.post(
        completions(programme), completion_payload(seeker, level="intermediate"), format="json"
    )

    assert response.status_code == 201
    assert skill_rows(seeker) == [
        ("membatik", "basic", "self", None),
        ("menjahit", "advanced", "training", programme.pk),
        ("obras", "intermediate", "training", programme.pk),
    ]


def test_a_skill_verified_earlier_keeps_its_first_training(
    api_client, officer, programme, seeker, skills
):
    first = TrainingCompletionFactory(
        seeker=seeker,
        programme__starts_on=datetime.date(2025, 1, 6),
        programme__ends_on=datetime.date(2025, 1, 10),
    )
    SeekerSkillFactory(
        seeker=seeker, skill=skills["menjahit"], source="training", training_completion=first
    )
    api_client.force_authenticate(officer)

    api_client.post(completions(programme), completion_payload(seeker), format="json")

    assert skill_rows(seeker) == [
        ("menjahit", "basic", "training", first.programme_id),
        ("obras", "basic", "training", programme.pk),
    ]


def test_a_completion_is_recorded_once_per_seeker(api_client, officer, programme, seeker):
    api_client.force_authenticate(officer)
    api_client.post(completions(programme), completion_payload(seeker), format="json")
    before = skill_rows(seeker)

    response = api_client.post(
        completions(programme),
        completion_payload(seeker, certificate_number="LAIN-002"),
        format="json",
        **EN,
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "detail": "This seeker's completion of this training is already recorded.",
    }
    assert TrainingCompletion.objects.count() == 1
    assert skill_rows(seeker) == before


def test_a_certificate_number_is_used_once_per_training(api_client, officer, programme, seeker):
    other = SeekerProfileFactory()
    api_client.force_authenticate(officer)
    api_client.post(completions(programme), completion_payload(seeker), format="json")

    response = api_client.post(
        completions(programme),
        completion_payload(other, certificate_number=" DP3AKB/2026/001 "),
        format="json",
        **EN,
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Certificate number DP3AKB/2026/001 is already recorded for another participant of this "
        "training; check the number on the certificate."
    )
    assert not TrainingCompletion.objects.filter(seeker=other).exists()
    assert skill_rows(other) == []


def test_the_same_certificate_number_in_another_training_is_fine(
    api_client, officer, programme, seeker, skills
):
    other_programme = TrainingProgramme.objects.create(
        title="Batik",
        organiser="PKK",
        city="Kota Malang",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 2),
    )
    other_programme.skills.set([skills["membatik"]])
    api_client.force_authenticate(officer)
    api_client.post(completions(programme), completion_payload(seeker), format="json")

    response = api_client.post(
        completions(other_programme), completion_payload(SeekerProfileFactory()), format="json"
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        (
            "2026-02-28",
            "A training cannot be completed before it starts (2026-03-01); check the date.",
        ),
        ("2099-01-01", "The completion date cannot be in the future; check the date."),
    ],
)
def test_an_impossible_completion_date_is_refused_and_nothing_changes(
    api_client, officer, programme, seeker, completed_on, message
):
    api_client.force_authenticate(officer)

    response = api_client.post(
        completions(programme),
        completion_payload(seeker, completed_on=completed_on),
        format="json",
        **EN,
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"completed_on": [message]}
    assert TrainingCompletion.objects.count() == 0
    assert skill_rows(seeker) == []


def test_an_unknown_seeker_or_training_is_refused(api_client, officer, programme, seeker):
    api_client.force_authenticate(officer)

    no_seeker = api_client.post(
        completions(programme),
        {**completion_payload(seeker), "seeker": 999999},
        format="json",
        **EN,
    )
    no_training = api_client.post(
        "/api/v1/trainings/999999/completions/", completion_payload(seeker), format="json"
    )

    assert no_seeker.status_code == 400
    assert no_seeker.json()["fields"] == {
        "seeker": ["No job seeker has id 999999; use an id from GET seekers/."]
    }
    assert no_training.status_code == 404
    assert TrainingCompletion.objects.count() == 0


@pytest.mark.parametrize("role", ["seeker", "employer", "anonymous"])
def test_only_staff_record_or_list_completions_and_nothing_changes(
    api_client, programme, seeker, role
):
    if role != "anonymous":
        api_client.force_authenticate(seeker.user if role == "seeker" else EmployerUserFactory())
    expected = 401 if role == "anonymous" else 403

    recorded = api_client.post(completions(programme), completion_payload(seeker), format="json")
    listed = api_client.get(completions(programme))

    assert (recorded.status_code, listed.status_code) == (expected, expected)
    assert TrainingCompletion.objects.count() == 0
    assert skill_rows(seeker) == []
    assert SeekerProfile.objects.get(pk=seeker.pk).search_version == seeker.search_version


def test_staff_list_the_completions_of_a_training(api_client, officer, programme, seeker):
    api_client.force_authenticate(officer)
    api_client.post(completions(programme), completion_payload(seeker), format="json")
    api_client.post(
        completions(programme),
        completion_payload(
            SeekerProfileFactory(full_name="Wati"),
            certificate_number="X-2",
            completed_on=str(timezone.localdate()),
        ),
        format="json",
    )

    response = api_client.get(completions(programme))

    assert response.status_code == 200
    assert [
        (item["seeker"]["full_name"], item["certificate_number"])
        for item in response.json()["results"]
    ] == [
        ("Wati", "X-2"),
        ("Sri Wahyuni", "DP3AKB/2026/001"),
    ]
