"""Her profile without JavaScript in a real Chromium at 360x740: the vacancy leads her through
the steps (plain pickers, the skill search by its button), then back to apply; axe on each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from jobs.models import Skill
from seekers.models import SeekerProfile, SkillSource
from seekers.services.profiles import seeker_profile_ensure
from tests.factories.accounts import PASSWORD, SeekerUserFactory
from tests.factories.seekers import (
    SeekerSkillFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
)
from tests.web.conftest import assert_accessible

pytestmark = [pytest.mark.browser]


def test_without_javascript_she_fills_her_profile_then_applies(new_page, web_world):
    uniforms = web_world["uniforms"]
    profile = seeker_profile_ensure(
        user=SeekerUserFactory(email="ani@example.id", full_name="Ani Lestari")
    )
    # A baking training recorded by the labor office: a verified skill she cannot edit.
    completion = TrainingCompletionFactory(
        seeker=profile, programme=TrainingProgrammeFactory(title="Pelatihan Kue Basah DP3A")
    )
    SeekerSkillFactory(
        seeker=profile,
        skill=Skill.objects.get(slug="membuat-kue"),
        source=SkillSource.TRAINING,
        training_completion=completion,
    )
    page = new_page(javascript=False)

    page.goto(f"/masuk/?next=/lowongan/{uniforms.pk}/")
    page.get_by_label("Email").fill("ani@example.id")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(rf"/lowongan/{uniforms.pk}/$"))
    page.get_by_role("link", name="Isi profil untuk melamar").click()

    # 1. Her name is there from sign-up; the NIK can wait.
    expect(page.locator("h1")).to_have_text("Tentang Anda")
    assert_accessible(page)
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 2. Without JavaScript the kelurahan list holds every kecamatan's; a wrong pair is refused.
    expect(page.locator("h1")).to_have_text("Tempat tinggal")
    expect(page.get_by_role("button", name="Pakai lokasi saya")).to_be_hidden()
    page.get_by_label("Kecamatan").select_option("Kota Malang|Sukun")
    page.get_by_label("Kelurahan").select_option("Lesanpuro")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Lesanpuro tidak berada di kecamatan yang Anda pilih"
    )
    expect(page.get_by_label("Kecamatan")).to_have_value("Kota Malang|Sukun")
    assert_accessible(page)
    page.get_by_label("Kelurahan").select_option("Bandungrejosari")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 3 and 4 as they are.
    expect(page.locator("h1")).to_have_text("Pekerjaan yang dicari")
    expect(page.get_by_label("10 km")).to_be_checked()
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.locator("h1")).to_have_text("Waktu luang")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # 5. The verified skill with its training, no box to untick; "Cari" finds by synonym.
    expect(page.locator("h1")).to_have_text("Keahlian Anda")
    expect(page.locator(".verified-skills")).to_contain_text("Pelatihan: Pelatihan Kue Basah DP3A")
    expect(page.get_by_role("checkbox", name=re.compile("Membuat Kue"))).to_have_count(0)
    page.get_by_label("Cari keahlian").fill("penjahit")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.get_by_role("checkbox", name=re.compile(r"^Menjahit")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Simpan profil saya").click()

    # Back on the vacancy: one tap.
    expect(page).to_have_url(re.compile(rf"/lowongan/{uniforms.pk}/$"))
    page.get_by_role("button", name="Lamar sekarang").click()
    expect(page.locator("h1")).to_have_text("Lamaran Anda terkirim")

    saved = SeekerProfile.objects.get(pk=profile.pk)
    assert (saved.district, saved.subdistrict, saved.nik_last4) == ("Sukun", "Bandungrejosari", "")
    assert sorted(saved.skill_links.values_list("skill__slug", "source")) == [
        ("membuat-kue", "training"),
        ("menjahit", "self"),
    ]
    assert list(Application.objects.filter(seeker=profile).values_list("vacancy_id", "status")) == [
        (uniforms.pk, "submitted")
    ]
