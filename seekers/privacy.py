"""What the seekers app holds about a person, for her export and her erasure (UU PDP).

Registered in ``SeekersConfig.ready`` with ``sicaker.personal_data``. Erasure keeps her profile
row (applications and training completions point at it, and the office counts them per district,
training and status) but empties what names or locates her: name, NIK, contact, birth date,
address, sub-district and point, her own words, the AK/1 number and certificate numbers. City,
district, gender, education and skills stay: they are what the reports count, shared by many.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import User
from seekers import nik as nik_codec
from seekers.models import PersonalDataAccess, SeekerProfile, TrainingCompletion
from sicaker.indexing import mark_dirty
from sicaker.personal_data import Section, exclude, register


def _profile(user: User) -> SeekerProfile | None:
    return SeekerProfile.objects.filter(user=user).first()


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_profile(user: User) -> dict[str, Any] | None:
    profile = _profile(user)
    if profile is None:
        return None
    return {
        "full_name": profile.full_name,
        # Her own NIK, in full: it is her data (the export is only ever hers).
        "nik": nik_codec.decrypt_nik(profile.nik_encrypted) if profile.nik_encrypted else "",
        "birth_date": _date(profile.birth_date),
        "gender": profile.gender,
        "phone": profile.phone,
        "address": profile.address,
        "city": profile.city,
        "district": profile.district,
        "subdistrict": profile.subdistrict,
        "latitude": profile.latitude,
        "longitude": profile.longitude,
        "education_level": profile.education_level,
        "wanted_work_types": profile.wanted_work_types,
        "max_distance_km": profile.max_distance_km,
        "available_days": profile.available_days,
        "available_from": _date(profile.available_from),
        "available_until": _date(profile.available_until),
        "about": profile.about,
        "is_open_to_work": profile.is_open_to_work,
        "ak1_number": profile.ak1_number,
        "ak1_issued_on": _date(profile.ak1_issued_on),
        "ak1_reported_on": _date(profile.ak1_reported_on),
        "created_at": _date(profile.created_at),
        "updated_at": _date(profile.updated_at),
        "skills": [
            {
                "skill": link.skill.slug,
                "name": link.skill.name,
                "level": link.level,
                "source": link.source,
                "training_completion": link.training_completion_id,
            }
            for link in profile.skill_links.select_related("skill").order_by("skill__slug")
        ],
    }


def export_trainings(user: User) -> list[dict[str, Any]]:
    completions = TrainingCompletion.objects.filter(seeker__user=user).select_related("programme")
    return [
        {
            "id": completion.pk,
            "programme": completion.programme.title,
            "organiser": completion.programme.organiser,
            "certificate_number": completion.certificate_number,
            "completed_on": _date(completion.completed_on),
            "recorded_at": _date(completion.created_at),
        }
        for completion in completions.order_by("completed_on", "pk")
    ]


def export_access_log(user: User) -> list[dict[str, Any]]:
    return [
        {
            "office": access.actor_office,
            "purpose": access.purpose,
            "reason": access.reason,
            "at": _date(access.created_at),
        }
        for access in PersonalDataAccess.objects.filter(seeker__user=user).order_by("created_at")
    ]


def erase_profile(user: User) -> None:
    profile = SeekerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or profile.is_erased:
        return
    profile.full_name = ""
    profile.nik_encrypted = ""
    profile.nik_digest = None
    profile.nik_last4 = ""
    profile.birth_date = None
    profile.phone = ""
    profile.address = ""
    profile.subdistrict = ""
    profile.latitude = None
    profile.longitude = None
    profile.about = ""
    profile.ak1_number = ""
    profile.ak1_reported_on = None
    profile.ak1_issued_on = None
    profile.available_from = None
    profile.available_until = None
    profile.is_open_to_work = False  # out of the index and of every candidate list
    profile.erased_at = timezone.now()
    profile.save()
    for completion in TrainingCompletion.objects.filter(seeker=profile):
        # Unique per programme, so not blank: a number that says nothing about her.
        TrainingCompletion.objects.filter(pk=completion.pk).update(
            certificate_number=f"erased-{completion.pk}"
        )
    # Who looked stays (the office is accountable for it); what was typed about her goes.
    PersonalDataAccess.objects.filter(seeker=profile).update(reason="")
    mark_dirty(SeekerProfile, [profile.pk])


def register_sections() -> None:
    register(
        Section(
            name="profile",
            models=("seekers.SeekerProfile", "seekers.SeekerSkill"),
            export=export_profile,
            erase=erase_profile,
            order=50,
        )
    )
    register(
        Section(name="trainings", models=("seekers.TrainingCompletion",), export=export_trainings)
    )
    register(
        Section(name="access_log", models=("seekers.PersonalDataAccess",), export=export_access_log)
    )
    exclude(
        "seekers.TrainingProgramme",
        "points at the officer who created the programme; holds no job seeker's data",
    )
