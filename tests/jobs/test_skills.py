"""The skill taxonomy: load_skills, search by name/synonym/stem, and staff-only edits."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from jobs.models import Skill
from tests.factories import EmployerUserFactory, OfficerFactory, SeekerUserFactory, SkillFactory
from tests.factories.accounts import AdminFactory

LIST = "/api/v1/skills/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

pytestmark = pytest.mark.django_db


def detail(skill: Skill) -> str:
    return f"/api/v1/skills/{skill.pk}/"


def _load() -> str:
    out = io.StringIO()
    call_command("load_skills", stdout=out)
    return out.getvalue().strip()


def _snapshot() -> list[tuple]:
    return list(
        Skill.objects.order_by("slug").values_list(
            "slug", "name_id", "name_en", "category", "synonyms", "updated_at"
        )
    )


@pytest.fixture
def taxonomy():
    _load()


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["slug"] for item in response.json()["results"]]


# -- load_skills ----------------------------------------------------------------------------


def test_load_skills_loads_the_taxonomy_and_a_rerun_changes_nothing():
    first = _load()
    loaded = _snapshot()
    second = _load()

    assert first == "Skills: 102 created, 0 updated, 0 unchanged."
    assert second == "Skills: 0 created, 0 updated, 102 unchanged."
    assert len(loaded) == 102
    assert _snapshot() == loaded
    menjahit = Skill.objects.get(slug="menjahit")
    assert (menjahit.name_id, menjahit.name_en, menjahit.category) == (
        "Menjahit",
        "Sewing",
        "garment",
    )
    assert "penjahit" in menjahit.synonyms


def test_load_skills_updates_by_slug_and_never_deletes():
    SkillFactory(slug="menjahit", name_id="Jahit", name_en="Stitch", synonyms=["lama"])
    SkillFactory(slug="merangkai-bunga", name_id="Merangkai Bunga", name_en="Flower arranging")

    assert _load() == "Skills: 101 created, 1 updated, 0 unchanged."

    menjahit = Skill.objects.get(slug="menjahit")
    assert (menjahit.name_id, menjahit.name_en) == ("Menjahit", "Sewing")
    assert "lama" not in menjahit.synonyms
    assert Skill.objects.filter(slug="merangkai-bunga").exists()
    assert Skill.objects.count() == 103


def test_load_skills_refuses_a_malformed_file_and_writes_nothing(tmp_path):
    path = tmp_path / "skills.json"
    path.write_text(
        json.dumps(
            [
                {
                    "slug": "a",
                    "name_id": "A",
                    "name_en": "A",
                    "category": "garment",
                    "synonyms": [],
                },
                {"slug": "b", "name_id": "B", "name_en": "B", "category": "astrology"},
            ]
        )
    )

    with pytest.raises(Exception, match="unknown category 'astrology'"):
        call_command("load_skills", file=path)

    assert Skill.objects.count() == 0


# -- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["penjahit", "jahitan", "Menjahit", "MENJAHIT", "tailor", "Sewing"])
def test_a_sewing_word_in_any_form_finds_menjahit_first(api_client, taxonomy, q):
    assert _slugs(api_client.get(LIST, {"q": q}))[0] == "menjahit"


def test_q_matches_a_synonym_of_another_language(api_client, taxonomy):
    assert _slugs(api_client.get(LIST, {"q": "overlock"})) == ["obras"]


def test_q_matches_part_of_a_name_or_synonym(api_client, taxonomy):
    assert _slugs(api_client.get(LIST, {"q": "makram"})) == ["makrame"]
    assert "menjahit" in _slugs(api_client.get(LIST, {"q": "jahi"}))


def test_q_matches_every_skill_sharing_the_stem(api_client, taxonomy):
    slugs = _slugs(api_client.get(LIST, {"q": "pembatik"}))

    assert slugs[0] == "membatik"
    assert set(slugs) == {"membatik", "batik-cap", "batik-tulis", "pewarnaan-batik"}


def test_q_without_a_match_is_an_empty_page(api_client, taxonomy):
    response = api_client.get(LIST, {"q": "xyzzy"})

    assert response.json()["count"] == 0
    assert response.json()["results"] == []


def test_the_name_follows_the_request_language(api_client, taxonomy):
    indonesian = api_client.get(LIST, {"q": "menjahit"}).json()["results"][0]
    english = api_client.get(LIST, {"q": "menjahit"}, **EN).json()["results"][0]

    assert (indonesian["name"], english["name"]) == ("Menjahit", "Sewing")
    assert set(english) == {"id", "slug", "name", "name_id", "name_en", "category", "synonyms"}
    assert english["name_id"] == "Menjahit"


def test_category_filter(api_client, taxonomy):
    response = api_client.get(LIST, {"category": "herbal", "page_size": 100})

    assert response.json()["count"] == 5
    assert {item["category"] for item in response.json()["results"]} == {"herbal"}


def test_an_unknown_category_is_a_400(api_client, taxonomy):
    response = api_client.get(LIST, {"category": "astrology"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["category"]


def test_anyone_can_page_through_the_taxonomy(api_client, taxonomy):
    response = api_client.get(LIST, {"page_size": 100})

    assert response.json()["count"] == 102
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize("page_size", [2, 50])
def test_search_queries_do_not_grow_with_the_taxonomy_or_page(
    api_client, taxonomy, django_assert_num_queries, page_size
):
    api_client.get(LIST, {"q": "batik"})  # stems cached: the count is about SQL only

    # One read of the taxonomy to match, the page count, the page.
    with django_assert_num_queries(3):
        response = api_client.get(LIST, {"q": "a", "page_size": page_size})

    assert len(response.json()["results"]) == page_size


# -- staff edits ----------------------------------------------------------------------------

NEW_SKILL = {
    "slug": "merangkai-bunga",
    "name_id": "Merangkai Bunga",
    "name_en": "Flower Arranging",
    "category": "craft",
    "synonyms": ["rangkai bunga", " Florist ", "florist"],
}


@pytest.mark.parametrize("factory", [OfficerFactory, AdminFactory])
def test_staff_add_a_skill_and_it_is_found_by_its_synonym(api_client, factory):
    api_client.force_authenticate(factory())

    response = api_client.post(LIST, NEW_SKILL, format="json")

    assert response.status_code == 201
    skill = Skill.objects.get(slug="merangkai-bunga")
    assert response.json() == {
        "id": skill.pk,
        "slug": "merangkai-bunga",
        "name": "Merangkai Bunga",
        "name_id": "Merangkai Bunga",
        "name_en": "Flower Arranging",
        "category": "craft",
        "synonyms": ["rangkai bunga", "Florist"],
    }
    api_client.force_authenticate(None)
    assert _slugs(api_client.get(LIST, {"q": "florist"})) == ["merangkai-bunga"]


@pytest.mark.parametrize("factory", [SeekerUserFactory, EmployerUserFactory])
def test_others_cannot_add_or_edit_skills_and_nothing_changes(api_client, factory):
    skill = SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing")
    api_client.force_authenticate(factory())

    created = api_client.post(LIST, NEW_SKILL, format="json")
    edited = api_client.patch(detail(skill), {"name_id": "Jahit"}, format="json")

    assert (created.status_code, edited.status_code) == (403, 403)
    assert list(Skill.objects.values_list("slug", "name_id")) == [("menjahit", "Menjahit")]


def test_anonymous_writes_are_refused_as_unauthenticated(api_client):
    skill = SkillFactory(slug="menjahit", name_id="Menjahit")

    assert api_client.post(LIST, NEW_SKILL, format="json").status_code == 401
    assert api_client.patch(detail(skill), {"name_id": "X"}, format="json").status_code == 401
    assert Skill.objects.get().name_id == "Menjahit"


def test_staff_edit_names_and_synonyms(api_client):
    skill = SkillFactory(slug="menjahit", name_id="Jahit", name_en="Sewing", synonyms=["jahit"])
    api_client.force_authenticate(OfficerFactory())

    response = api_client.patch(
        detail(skill), {"name_id": "Menjahit", "synonyms": ["penjahit", "tailor"]}, format="json"
    )

    assert response.status_code == 200
    skill.refresh_from_db()
    assert (skill.slug, skill.name_id, skill.name_en, skill.synonyms) == (
        "menjahit",
        "Menjahit",
        "Sewing",
        ["penjahit", "tailor"],
    )


def test_the_slug_cannot_change_after_create(api_client):
    skill = SkillFactory(slug="menjahit", name_id="Menjahit")
    api_client.force_authenticate(OfficerFactory())

    response = api_client.patch(
        detail(skill), {"slug": "jahit", "name_id": "X"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "slug": ["The slug of a skill cannot be changed after it is created."]
    }
    skill.refresh_from_db()
    assert (skill.slug, skill.name_id) == ("menjahit", "Menjahit")


def test_a_synonym_of_another_skill_is_refused_naming_it(api_client):
    SkillFactory(slug="menjahit", name_id="Menjahit", synonyms=["penjahit", "tailor"])
    bordir = SkillFactory(slug="bordir", name_id="Membordir", synonyms=["bordiran"])
    api_client.force_authenticate(OfficerFactory())

    edited = api_client.patch(
        detail(bordir), {"synonyms": ["bordiran", "Tailor"]}, format="json", **EN
    )
    created = api_client.post(LIST, {**NEW_SKILL, "synonyms": ["PENJAHIT"]}, format="json", **EN)

    message = (
        '"%s" is already used by the skill "Menjahit" (menjahit); remove it here or from that '
        "skill first."
    )
    assert edited.status_code == 400
    assert edited.json()["fields"] == {"synonyms": [message % "Tailor"]}
    assert created.status_code == 400
    assert created.json()["fields"] == {"synonyms": [message % "PENJAHIT"]}
    bordir.refresh_from_db()
    assert bordir.synonyms == ["bordiran"]
    assert not Skill.objects.filter(slug="merangkai-bunga").exists()


def test_a_skill_keeps_its_own_synonyms_on_edit(api_client):
    skill = SkillFactory(slug="menjahit", name_id="Menjahit", synonyms=["penjahit"])
    api_client.force_authenticate(OfficerFactory())

    response = api_client.patch(detail(skill), {"synonyms": ["penjahit", "jahit"]}, format="json")

    assert response.status_code == 200
    assert response.json()["synonyms"] == ["penjahit", "jahit"]


def test_a_taken_slug_is_refused(api_client):
    SkillFactory(slug="merangkai-bunga", name_id="Bunga")
    api_client.force_authenticate(OfficerFactory())

    response = api_client.post(LIST, NEW_SKILL, format="json", **EN)

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "slug": ['A skill with the slug "merangkai-bunga" already exists; choose another.']
    }
    assert Skill.objects.get().name_id == "Bunga"
