"""Input and output shapes of job-seeker profiles.

Three views of a seeker: her own (everything, the NIK masked), staff (the same, masked), and
employers (``SeekerForEmployerSerializer``: name, area, phone and skills; never NIK or birth date).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jobs.api.skills import SkillRefField
from jobs.models import EducationLevel, Weekday, WorkType
from jobs.skills import skills_resolve
from seekers.models import Gender, SeekerProfile, SeekerSkill, SkillLevel, SkillSource
from seekers.services import SkillClaim

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PHONE_PATTERN = r"^\+?[0-9][0-9 \-]{6,18}[0-9]$"
PHONE_ERRORS: dict[str, StrOrPromise] = {
    "invalid": _("Enter a phone number of digits, e.g. 081234567890.")
}


# -- output -----------------------------------------------------------------------------------


class TrainingBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organiser = serializers.CharField()


class SeekerSkillBriefSerializer(serializers.ModelSerializer):
    """A skill as employers see it: whether a recorded training verified it, not which."""

    slug = serializers.CharField(source="skill.slug")
    name = serializers.CharField(source="skill.name")
    is_verified = serializers.BooleanField()

    class Meta:
        model = SeekerSkill
        fields = ["slug", "name", "level", "source", "is_verified"]
        read_only_fields = fields


class SeekerSkillOutputSerializer(SeekerSkillBriefSerializer):
    training = serializers.SerializerMethodField()

    class Meta(SeekerSkillBriefSerializer.Meta):
        fields = [*SeekerSkillBriefSerializer.Meta.fields, "training"]
        read_only_fields = fields

    def get_training(self, link: SeekerSkill) -> dict | None:
        completion = link.training_completion
        if completion is None:
            return None
        return TrainingBriefSerializer(completion.programme).data


class SeekerCompletionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    training = TrainingBriefSerializer(source="programme")
    certificate_number = serializers.CharField()
    completed_on = serializers.DateField()


class SeekerProfileOutputSerializer(serializers.ModelSerializer):
    """The whole profile, for the seeker herself and for labor-office staff (NIK masked)."""

    email = serializers.EmailField(source="user.email", read_only=True, allow_null=True)
    nik_masked = serializers.CharField(read_only=True)
    skills = SeekerSkillOutputSerializer(source="skill_links", many=True, read_only=True)
    training_completions = SeekerCompletionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = SeekerProfile
        fields = [
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
        ]
        read_only_fields = fields


class SeekerForEmployerSerializer(serializers.ModelSerializer):
    """An applicant as her employer sees her: no NIK, no birth date, no exact point.

    Reads ``skill_links`` with their skill: prefetch ``seekers.selectors.
    seeker_for_employer_prefetch("seeker__")`` (or ``"seeker__skill_links__skill"``).
    """

    name = serializers.CharField(source="display_name")
    skills = SeekerSkillBriefSerializer(source="skill_links", many=True)

    class Meta:
        model = SeekerProfile
        fields = ["id", "name", "district", "city", "phone", "skills"]
        read_only_fields = fields


# -- input ------------------------------------------------------------------------------------


class _ClaimList(serializers.ListSerializer[Any]):
    """A list of skill claims whose "too many" error is a plain message on the field (DRF's
    own puts it one level down, under ``non_field_errors``)."""

    max_length: int | None  # set by ListSerializer.__init__ (the stubs leave it out)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, list) and self.max_length is not None and len(data) > self.max_length:
            raise serializers.ValidationError(
                self.error_messages["max_length"].format(max_length=self.max_length),
                code="max_length",
            )
        return super().to_internal_value(data)


class SkillClaimInputSerializer(serializers.Serializer):
    class Meta:
        list_serializer_class = _ClaimList

    skill = SkillRefField()
    level = serializers.ChoiceField(choices=SkillLevel.choices, default=SkillLevel.BASIC)
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field, not Field.source
        choices=SkillSource.choices, default=SkillSource.SELF
    )


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class SeekerProfileInputSerializer(serializers.Serializer):
    """PATCH seekers/me/: every field optional; ``nik`` is write-only (only its mask is shown)."""

    full_name = serializers.CharField(max_length=150, required=False)
    nik = serializers.CharField(max_length=40, required=False, write_only=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    phone = serializers.RegexField(
        PHONE_PATTERN, required=False, allow_blank=True, error_messages=PHONE_ERRORS
    )
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True)
    subdistrict = serializers.CharField(max_length=100, required=False, allow_blank=True)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(
        min_value=-180, max_value=180, required=False, allow_null=True
    )
    education_level = serializers.ChoiceField(
        choices=EducationLevel.choices, required=False, allow_blank=True
    )
    wanted_work_types = serializers.ListField(
        child=serializers.ChoiceField(choices=WorkType.choices),
        required=False,
        max_length=len(WorkType.choices),
    )
    max_distance_km = serializers.IntegerField(min_value=1, max_value=200, required=False)
    available_days = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.choices), required=False, max_length=7
    )
    available_from = serializers.TimeField(required=False, allow_null=True)
    available_until = serializers.TimeField(required=False, allow_null=True)
    about = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    is_open_to_work = serializers.BooleanField(required=False)
    ak1_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    skills = SkillClaimInputSerializer(  # type: ignore[call-arg]  # many=True passes it on
        many=True, required=False, max_length=50
    )

    def validate_wanted_work_types(self, value: list[str]) -> list[str]:
        return _unique(value)

    def validate_available_days(self, value: list[str]) -> list[str]:
        return [day for day in Weekday.values if day in set(value)]

    def validate(self, attrs: dict) -> dict:
        claims = attrs.get("skills")
        if claims is not None:
            skills = skills_resolve(refs=[claim["skill"] for claim in claims], field="skills")
            attrs["skills"] = [
                SkillClaim(skill=skill, level=claim["level"], source=claim["source"])
                for skill, claim in zip(skills, claims, strict=True)
            ]
        return attrs
