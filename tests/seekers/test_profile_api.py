"""A job seeker's own profile (NIK, address, skills) and the staff list of seekers."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from seekers.api.serializers import SeekerForEmployerSerializer
from seekers.models import SeekerProfile, SeekerSkill
from seekers.nik import decrypt_nik
from tests.factories import (
    EmployerUserFactory,
    OfficerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    SeekerUserFactory,
    TrainingCompletionFactory,
)
from tests.factories.seekers import VALID_NIK

ME = "/api/v1/seekers/me/"
LIST = "/api/v1/seekers/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

pytestmark = pytest.mark.django_db


def detail(profile) -> str:
    return f"/api/v1/seekers/{profile.pk}/"


def stored(profile) -> dict:
    """The profile as the database holds it (what a refused request must leave alone)."""
    return dict(SeekerProfile.objects.filter(pk=profile.pk).values().get())


def skill_rows(profile) -> list[tuple]:
    return sorted(
        SeekerSkill.objects.filter(seeker=profile).values_list("skill__slug", "level", "source")
    )


@pytest.fixture
def me(api_client, seeker):
    api_client.force_authenticate(seeker.user)
    return api_client


# -- reading and editing her own profile ----------------------------------------------------


def test_the_seeker_reads_her_whole_profile(me, seeker):
    response = me.get(ME)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "email",
        "full_name",
        "nik_masked",
        "birth_date",
        "gender",
        "phone",
        "address",
        "city",
        "district",
        "subdistrict",
        "latitude",
        "longitude",
        "education_level",
        "wanted_work_types",
        "max_distance_km",
        "available_days",
        "available_from",
        "available_until",
        "about",
        "is_open_to_work",
        "ak1_number",
        "ak1_reported_on",
        "skills",
        "training_completions",
        "created_at",
        "updated_at",
    }
    assert (body["id"], body["full_name"], body["nik_masked"], body["skills"]) == (
        seeker.pk,
        "Sri Wahyuni",
        "",
        [],
    )


def test_a_seeker_without_a_profile_gets_one_on_first_visit(api_client):
    user = SeekerUserFactory(full_name="Wati Lestari")
    api_client.force_authenticate(user)

    response = api_client.get(ME)

    assert response.status_code == 200
    assert response.json()["full_name"] == "Wati Lestari"
    assert SeekerProfile.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("role", ["employer", "officer", "anonymous"])
def test_only_job_seekers_have_seekers_me(api_client, role):
    if role != "anonymous":
        api_client.force_authenticate(
            EmployerUserFactory() if role == "employer" else OfficerFactory()
        )
    expected = 401 if role == "anonymous" else 403

    assert api_client.get(ME).status_code == expected
    assert api_client.patch(ME, {"full_name": "X"}, format="json").status_code == expected
    assert SeekerProfile.objects.count() == 0


def test_the_seeker_edits_her_profile(me, seeker):
    response = me.patch(
        ME,
        {
            "full_name": "Sri Wahyuni Rahayu",
            "birth_date": "1990-05-12",
            "gender": "female",
            "phone": "081299990000",
            "education_level": "smk",
            "wanted_work_types": ["piece_rate", "home_based", "piece_rate"],
            "max_distance_km": 5,
            "available_days": ["sat", "mon"],
            "available_from": "09:00",
            "available_until": "14:00",
            "about": "Bisa obras.",
            "is_open_to_work": False,
            "ak1_number": "AK1-3573-0001",
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert {
        key: body[key]
        for key in (
            "full_name",
            "birth_date",
            "gender",
            "phone",
            "education_level",
            "wanted_work_types",
            "max_distance_km",
            "available_days",
            "available_from",
            "available_until",
            "about",
            "is_open_to_work",
            "ak1_number",
        )
    } == {
        "full_name": "Sri Wahyuni Rahayu",
        "birth_date": "1990-05-12",
        "gender": "female",
        "phone": "081299990000",
        "education_level": "smk",
        "wanted_work_types": ["piece_rate", "home_based"],
        "max_distance_km": 5,
        "available_days": ["mon", "sat"],
        "available_from": "09:00:00",
        "available_until": "14:00:00",
        "about": "Bisa obras.",
        "is_open_to_work": False,
        "ak1_number": "AK1-3573-0001",
    }
    user = User.objects.get(pk=seeker.user_id)
    # Her account's name follows; its sign-in number does not (only a proven one replaces it)
    assert (user.full_name, user.phone) == ("Sri Wahyuni Rahayu", None)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"max_distance_km": 0}, "max_distance_km"),
        ({"max_distance_km": 201}, "max_distance_km"),
        ({"available_days": ["mon", "funday"]}, "available_days"),
        ({"wanted_work_types": ["office"]}, "wanted_work_types"),
        ({"available_from": "14:00", "available_until": "09:00"}, "available_until"),
        ({"available_until": "07:00"}, "available_until"),  # the stored start is 08:00
        ({"latitude": 91, "longitude": 112.6}, "latitude"),
        ({"latitude": -8.0, "longitude": 181}, "longitude"),
        ({"latitude": -8.0}, "longitude"),
        ({"gender": "other"}, "gender"),
        ({"education_level": "phd"}, "education_level"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"phone": "call me"}, "phone"),
        ({"full_name": "   "}, "full_name"),
    ],
)
def test_invalid_profile_values_are_refused_and_nothing_changes(me, seeker, payload, field):
    before = stored(seeker)

    response = me.patch(ME, payload, format="json", **EN)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert stored(seeker) == before


# -- NIK ------------------------------------------------------------------------------------


def test_the_nik_is_stored_encrypted_and_shown_masked(me, seeker):
    response = me.patch(ME, {"nik": "3573 0152 0590 0001"}, format="json")

    assert response.status_code == 200
    assert response.json()["nik_masked"] == "************0001"
    assert "nik" not in response.json()
    assert VALID_NIK not in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nik_encrypted, nik_digest, nik_last4 FROM seekers_seekerprofile WHERE id = %s",
            [seeker.pk],
        )
        encrypted, digest, last4 = cursor.fetchone()
    assert VALID_NIK not in encrypted and VALID_NIK[:12] not in encrypted
    assert VALID_NIK not in digest and len(digest) == 64
    assert last4 == "0001"
    assert decrypt_nik(encrypted) == VALID_NIK
    assert me.get(ME).json()["nik_masked"] == "************0001"


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        (
            "357301520590001",
            "A NIK has exactly 16 digits, this one has 15; check it against your KTP.",
        ),
        (
            "35730152059000011",
            "A NIK has exactly 16 digits, this one has 17; check it against your KTP.",
        ),
        ("35730152O5900001", "A NIK contains digits only; copy the 16 digits from your KTP."),
        ("3573-0152-0590-0001", "A NIK contains digits only; copy the 16 digits from your KTP."),
        (
            "0973015205900001",
            "The first two digits of a NIK are a province code between 11 and "
            "94; check the number on your KTP.",
        ),
        (
            "9573015205900001",
            "The first two digits of a NIK are a province code between 11 and "
            "94; check the number on your KTP.",
        ),
    ],
)
def test_a_malformed_nik_is_refused_saying_what_to_check(me, seeker, nik, message):
    before = stored(seeker)

    response = me.patch(ME, {"nik": nik}, format="json", **EN)

    assert response.status_code == 400
    assert response.json()["fields"] == {"nik": [message]}
    assert stored(seeker) == before


@pytest.mark.parametrize(
    "nik",
    [
        "3573013205900001",  # day 32
        "3573017205900001",  # a woman's day 72 - 40 = 32
        "3573010005900001",  # day 0
        "3573011513900001",  # month 13
        "3573013002900001",  # 30 February
        "3573012902010001",  # 29 February 1901 / 2001
    ],
)
def test_a_nik_whose_birth_date_is_not_a_real_date_is_refused(me, seeker, nik):
    response = me.patch(ME, {"nik": nik}, format="json", **EN)

    assert response.status_code == 400
    assert response.json()["fields"]["nik"] == [
        "Digits 7 to 12 of a NIK are the birth date as DDMMYY (day + 40 for women) and do not "
        "form a real date here; check the number on your KTP."
    ]
    assert stored(seeker)["nik_digest"] is None


@pytest.mark.parametrize(
    "nik",
    ["1171010101000001", "9471016902000001", "3573012902000001", "3573017112990001"],
)
def test_plausible_niks_are_accepted(me, nik):
    # Aceh 11 (1 Jan), Papua 94 (a woman born 29 Feb 2000), 29 Feb 2000, a woman born 31 Dec.
    response = me.patch(ME, {"nik": nik}, format="json")

    assert response.status_code == 200
    assert response.json()["nik_masked"] == f"************{nik[-4:]}"


def test_a_nik_registered_by_another_seeker_is_refused_without_saying_so(me, seeker, api_client):
    other = SeekerProfileFactory()
    api_client.force_authenticate(other.user)
    assert api_client.patch(ME, {"nik": VALID_NIK}, format="json").status_code == 200
    api_client.force_authenticate(seeker.user)
    before = stored(seeker)

    response = api_client.patch(ME, {"nik": VALID_NIK, "about": "Halo"}, format="json", **EN)

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are invalid; see 'fields' for how to fix each one.",
        "fields": {
            "nik": [
                "This NIK cannot be saved to your profile. Check the 16 digits against your "
                "KTP; if they are right, bring your KTP to the labor office and they will "
                "record it for you."
            ]
        },
    }
    assert "regist" not in response.content.decode().lower()
    assert stored(seeker) == before


def test_sending_her_own_nik_again_is_fine(me):
    me.patch(ME, {"nik": VALID_NIK}, format="json")

    response = me.patch(ME, {"nik": VALID_NIK, "about": "Lagi"}, format="json")

    assert (response.status_code, response.json()["nik_masked"]) == (200, "************0001")


# -- skills ---------------------------------------------------------------------------------


def test_skills_replace_her_declared_skills_only(me, seeker, skills):
    SeekerSkillFactory(seeker=seeker, skill=skills["membatik"], source="self")
    SeekerSkillFactory(seeker=seeker, skill=skills["obras"], source="experience")
    completion = TrainingCompletionFactory(seeker=seeker)
    SeekerSkillFactory(
        seeker=seeker, skill=skills["menjahit"], source="training", training_completion=completion
    )

    response = me.patch(
        ME,
        {
            "skills": [
                {"skill": "obras", "level": "advanced", "source": "experience"},
                {"skill": "menjahit", "level": "advanced"},
            ]
        },
        format="json",
        **EN,
    )

    assert response.status_code == 200
    assert skill_rows(seeker) == [
        ("menjahit", "basic", "training"),
        ("obras", "advanced", "experience"),
    ]
    # Ordered by the Indonesian name: Mengobras, Menjahit.
    assert [
        (s["slug"], s["name"], s["source"], s["is_verified"], s["training"] is not None)
        for s in response.json()["skills"]
    ] == [
        ("obras", "Overlocking", "experience", False, False),
        ("menjahit", "Sewing", "training", True, True),
    ]


def test_an_empty_skill_list_keeps_verified_skills(me, seeker, skills):
    SeekerSkillFactory(seeker=seeker, skill=skills["membatik"], source="self")
    SeekerSkillFactory(seeker=seeker, skill=skills["menjahit"], source="training")

    response = me.patch(ME, {"skills": []}, format="json")

    assert response.status_code == 200
    assert skill_rows(seeker) == [("menjahit", "basic", "training")]


def test_skills_are_named_by_slug_or_id(me, seeker, skills):
    response = me.patch(
        ME,
        {"skills": [{"skill": skills["membatik"].pk}, {"skill": "OBRAS", "level": "basic"}]},
        format="json",
    )

    assert response.status_code == 200
    assert skill_rows(seeker) == [("membatik", "basic", "self"), ("obras", "basic", "self")]


def test_a_seeker_cannot_verify_a_skill_herself(me, seeker, skills):
    SeekerSkillFactory(seeker=seeker, skill=skills["membatik"], source="self")
    version = stored(seeker)["search_version"]

    response = me.patch(
        ME,
        {"skills": [{"skill": "menjahit", "source": "training"}], "about": "Saya penjahit"},
        format="json",
        **EN,
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "skills": [
            "A verified skill comes only from a training recorded by the labor office; declare "
            '"menjahit" as "self" or "experience".'
        ]
    }
    assert skill_rows(seeker) == [("membatik", "basic", "self")]
    assert (stored(seeker)["about"], stored(seeker)["search_version"]) == ("", version)


@pytest.mark.parametrize(
    ("skills_payload", "message"),
    [
        (
            [{"skill": "astrologi"}],
            "Unknown skill: astrologi. Use a slug or id from GET /api/v1/skills/.",
        ),
        (
            [{"skill": "obras"}, {"skill": "obras", "level": "advanced"}],
            "Each skill can be listed once; remove the repeats of: obras.",
        ),
    ],
)
def test_unknown_or_repeated_skills_are_refused(me, seeker, skills, skills_payload, message):
    SeekerSkillFactory(seeker=seeker, skill=skills["membatik"], source="self")

    response = me.patch(ME, {"skills": skills_payload}, format="json", **EN)

    assert response.status_code == 400
    assert response.json()["fields"] == {"skills": [message]}
    assert skill_rows(seeker) == [("membatik", "basic", "self")]


def test_an_edit_marks_her_dirty_for_search(me, seeker):
    version = stored(seeker)["search_version"]

    me.patch(ME, {"about": "Siap kerja borongan."}, format="json")

    assert stored(seeker)["search_version"] == version + 1


# -- address and point ----------------------------------------------------------------------


def test_a_known_kelurahan_fills_the_point_and_the_official_spelling(me, seeker):
    response = me.patch(
        ME, {"city": "malang", "district": "KLOJEN", "subdistrict": "kauman"}, format="json"
    )

    body = response.json()
    assert (body["city"], body["district"], body["subdistrict"]) == (
        "Kota Malang",
        "Klojen",
        "Kauman",
    )
    assert (body["latitude"], body["longitude"]) == (-7.981, 112.627)


def test_a_known_kecamatan_with_an_unknown_kelurahan_gets_the_kecamatan_point(me):
    body = me.patch(
        ME,
        {"city": "Kota Madiun", "district": "Taman", "subdistrict": "Gang Mawar"},
        format="json",
    ).json()

    assert (body["district"], body["subdistrict"]) == ("Taman", "Gang Mawar")
    assert (body["latitude"], body["longitude"]) == (-7.64, 111.5282)


def test_an_unknown_address_is_kept_without_a_point(me):
    body = me.patch(
        ME, {"city": "Kota Surabaya", "district": "Wonokromo", "subdistrict": ""}, format="json"
    ).json()

    assert (body["city"], body["district"]) == ("Kota Surabaya", "Wonokromo")
    assert (body["latitude"], body["longitude"]) == (None, None)


def test_a_point_she_gives_wins_over_the_regions_list(me):
    body = me.patch(
        ME,
        {"city": "Kota Malang", "district": "Klojen", "latitude": -7.99, "longitude": 112.63},
        format="json",
    ).json()

    assert (body["latitude"], body["longitude"]) == (-7.99, 112.63)


# -- staff ----------------------------------------------------------------------------------


@pytest.fixture
def population(skills):
    """Sri (Sukun, verified sewing), Wati (Sukun, self-declared sewing), Ani (Klojen, batik)."""
    sri = SeekerProfileFactory(full_name="Sri", district="Sukun")
    wati = SeekerProfileFactory(full_name="Wati", district="Sukun")
    ani = SeekerProfileFactory(full_name="Ani", district="Klojen")
    completion = TrainingCompletionFactory(seeker=sri)
    SeekerSkillFactory(
        seeker=sri, skill=skills["menjahit"], source="training", training_completion=completion
    )
    SeekerSkillFactory(seeker=wati, skill=skills["menjahit"], source="self")
    SeekerSkillFactory(seeker=ani, skill=skills["membatik"], source="self")
    SeekerProfile.objects.filter(pk=sri.pk).update(
        nik_last4="0001", nik_digest="d" * 64, nik_encrypted="gAAAA-opaque"
    )
    return {"sri": sri, "wati": wati, "ani": ani, "completion": completion}


def _names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["full_name"] for item in response.json()["results"]]


def test_staff_filter_the_seeker_list(api_client, population):
    api_client.force_authenticate(OfficerFactory())
    training = population["completion"].programme_id

    assert _names(api_client.get(LIST)) == ["Ani", "Sri", "Wati"]
    assert _names(api_client.get(LIST, {"district": "sukun"})) == ["Sri", "Wati"]
    assert _names(api_client.get(LIST, {"city": "KOTA MALANG"})) == ["Ani", "Sri", "Wati"]
    assert _names(api_client.get(LIST, {"city": "Kota Madiun"})) == []
    assert _names(api_client.get(LIST, {"skill": "menjahit"})) == ["Sri", "Wati"]
    assert _names(api_client.get(LIST, {"skill": "menjahit", "verified": "true"})) == ["Sri"]
    assert _names(api_client.get(LIST, {"verified": "true"})) == ["Sri"]
    assert _names(api_client.get(LIST, {"verified": "false"})) == ["Ani", "Wati"]
    assert _names(api_client.get(LIST, {"training": training})) == ["Sri"]
    assert _names(api_client.get(LIST, {"district": "Klojen", "skill": "menjahit"})) == []


def test_staff_see_the_nik_masked_only(api_client, population):
    api_client.force_authenticate(OfficerFactory())

    listed = api_client.get(LIST, {"skill": "menjahit", "verified": "true"})
    one = api_client.get(detail(population["sri"]))

    assert listed.json()["results"][0]["nik_masked"] == "************0001"
    assert one.status_code == 200
    assert one.json()["nik_masked"] == "************0001"
    assert "nik" not in one.json()
    assert "gAAAA-opaque" not in one.content.decode()


def test_the_staff_list_queries_do_not_grow_with_page_size(api_client, population, skills):
    for index in range(3):
        extra = SeekerProfileFactory(full_name=f"Zahra {index}")
        SeekerSkillFactory(seeker=extra, skill=skills["obras"], source="self")
        TrainingCompletionFactory(seeker=extra)
    api_client.force_authenticate(OfficerFactory())

    with CaptureQueriesContext(connection) as small:
        api_client.get(LIST, {"page_size": 1})
    with CaptureQueriesContext(connection) as large:
        response = api_client.get(LIST, {"page_size": 6})

    assert len(response.json()["results"]) == 6
    assert len(large) == len(small)


@pytest.mark.parametrize("role", ["seeker", "employer"])
def test_others_cannot_list_seekers_or_see_one(api_client, population, role):
    api_client.force_authenticate(
        population["wati"].user if role == "seeker" else EmployerUserFactory()
    )

    listed = api_client.get(LIST)
    one = api_client.get(detail(population["sri"]))
    own = api_client.get(detail(population["wati"]))
    missing = api_client.get("/api/v1/seekers/999999/")

    assert listed.status_code == 403
    assert (one.status_code, own.status_code, missing.status_code) == (404, 404, 404)
    assert one.json() == missing.json()


def test_anonymous_cannot_list_seekers(api_client, population):
    assert api_client.get(LIST).status_code == 401
    assert api_client.get(detail(population["sri"])).status_code == 401


def test_employers_get_the_applicant_without_nik_or_birth_date(population):
    sri = SeekerProfile.objects.get(pk=population["sri"].pk)
    sri.birth_date = datetime.date(1990, 5, 12)

    data = SeekerForEmployerSerializer(sri).data

    assert data == {
        "id": sri.pk,
        "name": "Sri",
        "district": "Sukun",
        "city": "Kota Malang",
        "phone": sri.phone,
        "skills": [
            {
                "slug": "menjahit",
                "name": "Menjahit",
                "level": "basic",
                "source": "training",
                "is_verified": True,
            }
        ],
    }
