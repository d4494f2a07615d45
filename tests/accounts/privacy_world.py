"""Siti's world for the privacy tests: a trained seeker with a NIK, a phone, a point on the map,
two applications (one accepted), notices about them, a job alert and a look at her NIK."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import User
from applications.models import Application, ApplicationStatus
from applications.services import application_submit, application_transition
from consents.models import Purpose, RecordedVia
from consents.services import consent_grant
from jobs.models import Vacancy
from search.models import JobAlert
from search.services import alert_create
from seekers.models import SeekerProfile
from seekers.services import seeker_profile_update
from seekers.services.access import seeker_nik_reveal
from tests.factories import (
    OfficerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    SkillFactory,
    TrainingCompletionFactory,
    VacancyFactory,
)

NAME = "Siti Nurhalimah Wijayakusuma"
NIK = "3573015205900001"
PHONE = "081298765432"
EMAIL = "siti.wijayakusuma@example.id"
LATITUDE, LONGITUDE = -7.9712345, 112.6254321
ADDRESS = "Jl. Kenanga Gg. Melati No. 17"
COVER_NOTE = f"Saya {NAME}, sudah ikut pelatihan menjahit."


@dataclass
class World:
    siti: SeekerProfile
    user: User
    other: SeekerProfile
    officer: User
    sewing: Vacancy
    batik: Vacancy
    accepted: Application
    open: Application
    alert: JobAlert


def build_world() -> World:
    officer = OfficerFactory(full_name="Budi Petugas")
    siti = SeekerProfileFactory(
        full_name=NAME,
        user__full_name=NAME,
        user__email=EMAIL,
        user__phone="+6281298765432",
        phone=PHONE,
        address=ADDRESS,
        district="Sukun",
        city="Kota Malang",
        latitude=LATITUDE,
        longitude=LONGITUDE,
        about=f"Ibu rumah tangga, {NAME}",
        birth_date=datetime.date(1990, 5, 12),
    )
    seeker_profile_update(profile=siti, actor=siti.user, changes={}, nik=NIK)
    siti.refresh_from_db()
    completion = TrainingCompletionFactory(seeker=siti, certificate_number="MJT-2026-0042")
    SeekerSkillFactory(
        seeker=siti,
        skill=SkillFactory(slug="menjahit-ak1", name_id="Menjahit", name_en="Sewing"),
        source="training",
        level="intermediate",
        training_completion=completion,
    )
    consent_grant(
        user=siti.user,
        purpose=Purpose.CONTACT_BY_PHONE,
        actor=officer,
        via=RecordedVia.OFFICER,
        paper_form_number="FORM-KB-0917",
    )
    other = SeekerProfileFactory(full_name="Dewi Lestari", district="Klojen")
    TrainingCompletionFactory(seeker=other)
    sewing = VacancyFactory(title="Penjahit borongan")
    batik = VacancyFactory(title="Pembatik rumahan")
    accepted = application_submit(vacancy=sewing, seeker=siti, cover_note=COVER_NOTE)
    application_transition(
        application=accepted, to_status=ApplicationStatus.SHORTLISTED, actor=sewing.employer.owner
    )
    application_transition(
        application=accepted,
        to_status=ApplicationStatus.ACCEPTED,
        actor=sewing.employer.owner,
        note=f"Selamat Bu {NAME}, datang Senin.",
    )
    open_application = application_submit(vacancy=batik, seeker=siti, cover_note=COVER_NOTE)
    application_submit(vacancy=sewing, seeker=other, cover_note="")
    alert = alert_create(user=siti.user, name="Jahit dekat rumah", text="jahit")
    seeker_nik_reveal(seeker=siti, actor=officer, reason="Memeriksa identitas untuk kartu AK/1")
    siti.refresh_from_db()
    return World(
        siti=siti,
        user=siti.user,
        other=other,
        officer=officer,
        sewing=sewing,
        batik=batik,
        accepted=Application.objects.get(pk=accepted.pk),
        open=open_application,
        alert=alert,
    )
