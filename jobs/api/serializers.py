"""Input and output shapes of the jobs API (explicit fields; input and output kept apart)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobs.api.skills import SkillBriefSerializer
from jobs.models import (
    EducationLevel,
    Employer,
    EmployerKind,
    PayUnit,
    Vacancy,
    VacancyDuplicateFlag,
    VacancyStatus,
    Weekday,
    WorkType,
)
from jobs.selectors import vacancy_closed_note_for
from jobs.services.vacancies import MAX_POSITIONS
from sicaker.api.fields import IdField


class _LocationInput(serializers.Serializer):
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100)
    district = serializers.CharField(max_length=100)
    subdistrict = serializers.CharField(max_length=100, required=False, allow_blank=True)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(
        min_value=-180, max_value=180, required=False, allow_null=True
    )

    def validate(self, attrs: dict) -> dict:
        has_latitude = attrs.get("latitude") is not None
        has_longitude = attrs.get("longitude") is not None
        if has_latitude != has_longitude:
            raise serializers.ValidationError(
                {
                    "latitude": [
                        _(
                            "Give both latitude and longitude, or neither (it is then looked "
                            "up from the address)."
                        )
                    ]
                }
            )
        return attrs


# Employers ---------------------------------------------------------------------------------


class EmployerInputSerializer(_LocationInput):
    """POST (full) and PATCH (partial) of employers/me/."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=EmployerKind.choices)
    nib = serializers.RegexField(
        r"^\d{13}$",
        max_length=13,
        required=False,
        allow_blank=True,
        error_messages={
            "invalid": _("A NIB has exactly 13 digits; leave it empty if you have none.")
        },
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class EmployerPendingChangesSerializer(serializers.Serializer):
    """Changes of identity waiting for the labor office; only the fields asked for appear."""

    name = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    nib = serializers.CharField(required=False)
    address = serializers.CharField(required=False)
    city = serializers.CharField(required=False)
    district = serializers.CharField(required=False)
    subdistrict = serializers.CharField(required=False)
    latitude = serializers.FloatField(required=False)
    longitude = serializers.FloatField(required=False)


class EmployerOutputSerializer(serializers.ModelSerializer):
    pending_changes = EmployerPendingChangesSerializer(
        help_text=_(
            "A new name, kind, NIB or city asked for after verification: it waits for the labor "
            "office, and the organisation is shown with its verified details until then."
        )
    )

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "kind",
            "nib",
            "description",
            "phone",
            "email",
            "address",
            "city",
            "district",
            "subdistrict",
            "latitude",
            "longitude",
            "is_verified",
            "verified_at",
            "pending_changes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class EmployerSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Employer
        fields = ["id", "name", "kind", "is_verified"]
        read_only_fields = fields


class EmployerVerifyInputSerializer(serializers.Serializer):
    is_verified = serializers.BooleanField(required=False, default=True)


class EmployerFilterSerializer(serializers.Serializer):
    is_verified = serializers.BooleanField(required=False, allow_null=True, default=None)
    city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    district = serializers.CharField(required=False, allow_blank=True, max_length=100)
    kind = serializers.ChoiceField(choices=EmployerKind.choices, required=False, allow_blank=True)


# Vacancies ---------------------------------------------------------------------------------


class _SkillReferences(serializers.ListField):
    """A list of at most 30 skill slugs or ids (resolved, and checked, by the service)."""

    child = serializers.CharField(max_length=80)

    def __init__(self, **kwargs: Any) -> None:
        # ListField.__init__ reads max_length from its arguments only (None when left out), so
        # a class attribute would be overwritten and the list left unbounded.
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)


class VacancyInputSerializer(_LocationInput):
    """POST (full) and PATCH (partial) of vacancies; the location defaults to the employer's."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    work_type = serializers.ChoiceField(choices=WorkType.choices)
    work_days = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.choices), required=False, max_length=7
    )
    hours_start = serializers.TimeField(required=False, allow_null=True)
    hours_end = serializers.TimeField(required=False, allow_null=True)
    positions = serializers.IntegerField(min_value=1, max_value=MAX_POSITIONS, required=False)
    pay_min = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True
    )
    pay_max = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True
    )
    pay_unit = serializers.ChoiceField(choices=PayUnit.choices, required=False, allow_blank=True)
    min_education = serializers.ChoiceField(choices=EducationLevel.choices, required=False)
    valid_through = serializers.DateField()
    required_skills = _SkillReferences(required=False)
    preferred_skills = _SkillReferences(required=False)
    # On a vacancy the address may be left out entirely: the employer's is used.
    city = serializers.CharField(max_length=100, required=False)
    district = serializers.CharField(max_length=100, required=False)

    def validate_work_days(self, value: list[str]) -> list[str]:
        order = list(Weekday.values)
        return sorted(set(value), key=order.index)


class VacancyCopyInputSerializer(serializers.Serializer):
    """Reopen as a copy: everything is copied but the closing date, chosen again."""

    valid_through = serializers.DateField()


class VacancyOutputSerializer(serializers.ModelSerializer):
    employer = EmployerSummarySerializer()
    positions_open = serializers.IntegerField()
    closed_note = serializers.SerializerMethodField(
        help_text=_(
            "Why the labor office closed the vacancy (closed_reason office), shown to the "
            "vacancy's employer and to labor-office staff; empty for anyone else."
        )
    )
    required_skills = serializers.SerializerMethodField()
    preferred_skills = serializers.SerializerMethodField()

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "title",
            "description",
            "employer",
            "work_type",
            "work_days",
            "hours_start",
            "hours_end",
            "address",
            "city",
            "district",
            "subdistrict",
            "latitude",
            "longitude",
            "positions",
            "positions_filled",
            "positions_open",
            "pay_min",
            "pay_max",
            "pay_unit",
            "min_education",
            "valid_through",
            "status",
            "closed_reason",
            "closed_note",
            "published_at",
            "closed_at",
            "required_skills",
            "preferred_skills",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _skills(self, vacancy: Vacancy, *, is_required: bool) -> list[dict]:
        # skill_links is prefetched (with the skill) by the selectors: no query per vacancy.
        return list(
            SkillBriefSerializer(
                [
                    link.skill
                    for link in vacancy.skill_links.all()
                    if link.is_required == is_required
                ],
                many=True,
            ).data
        )

    def get_closed_note(self, vacancy: Vacancy) -> str:
        request = self.context.get("request")
        return vacancy_closed_note_for(vacancy=vacancy, user=getattr(request, "user", None))

    @extend_schema_field(SkillBriefSerializer(many=True))
    def get_required_skills(self, vacancy: Vacancy) -> list[dict]:
        return self._skills(vacancy, is_required=True)

    @extend_schema_field(SkillBriefSerializer(many=True))
    def get_preferred_skills(self, vacancy: Vacancy) -> list[dict]:
        return self._skills(vacancy, is_required=False)


class VacancyListParamsSerializer(serializers.Serializer):
    """Query parameters of GET vacancies/ (bad values are a 400 that says which)."""

    mine = serializers.BooleanField(required=False, default=False)
    status = serializers.ChoiceField(
        choices=VacancyStatus.choices, required=False, allow_blank=True
    )
    work_type = serializers.ChoiceField(choices=WorkType.choices, required=False, allow_blank=True)
    city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    district = serializers.CharField(required=False, allow_blank=True, max_length=100)
    skill = serializers.SlugField(required=False, allow_blank=True, max_length=80)
    employer = IdField(required=False)
    pay_min = serializers.IntegerField(required=False, min_value=0)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


class VacancyPublishInputSerializer(serializers.Serializer):
    publish_anyway = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Publish even though the vacancy nearly copies one of your open vacancies (the "
            "answer without it is 409 duplicate_vacancy, naming that vacancy)."
        ),
    )


class DuplicateOfSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    positions_open = serializers.IntegerField()
    similarity = serializers.FloatField(help_text=_("0 to 1: the share of word runs in common."))


class DuplicateVacancyErrorSerializer(serializers.Serializer):
    """The 409 of a publish that nearly copies the employer's own open vacancy."""

    code = serializers.CharField(help_text="duplicate_vacancy")
    detail = serializers.CharField()
    duplicates = DuplicateOfSerializer(many=True)


class VacancyMergeInputSerializer(serializers.Serializer):
    into = IdField(help_text=_("Your open vacancy that gets this draft's positions."))


class FlaggedVacancySerializer(serializers.ModelSerializer):
    employer = EmployerSummarySerializer()

    class Meta:
        model = Vacancy
        fields = ["id", "title", "description", "employer", "status", "published_at"]
        read_only_fields = fields


class DuplicateFlagOutputSerializer(serializers.ModelSerializer):
    vacancy = FlaggedVacancySerializer(help_text=_("The vacancy published later."))
    duplicate_of = FlaggedVacancySerializer(help_text=_("The open vacancy it nearly copies."))

    class Meta:
        model = VacancyDuplicateFlag
        fields = ["id", "similarity", "status", "vacancy", "duplicate_of", "created_at"]
        read_only_fields = fields


class VacancyImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("A .csv or .xlsx file laid out as the template (at most 1 MB, 500 rows).")
    )
    employer = IdField(
        required=False,
        help_text=_("Labor-office staff: the organisation the vacancies are imported for."),
    )


class ImportedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("The row's number in the file."))
    status = serializers.ChoiceField(choices=["created", "existing", "refused"])
    reference = serializers.CharField()
    vacancy_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    # A field, not Serializer.errors: DRF's metaclass moves declared fields out of the class.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Per column (as named in the file): what to fix."),
    )


class VacancyImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    existing = serializers.IntegerField()
    refused = serializers.IntegerField()
    rows = ImportedRowSerializer(many=True)
