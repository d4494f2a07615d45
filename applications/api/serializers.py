"""Input and output serializers of the applications API (explicit fields, never ``__all__``)."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from applications.models import Application, ApplicationEvent, ApplicationStatus, Invitation
from applications.reports import GROUP_BY_CHOICES
from applications.selectors import ApplicationFilters
from jobs.models import Vacancy
from seekers.api.serializers import SeekerForEmployerSerializer
from sicaker.api.fields import IdField

NOTE_MAX_LENGTH = 2000
# format_lazy keeps the messages translated per request; DRF fills {input} afterwards.
_STATUS_CHOICE_ERRORS: dict[str, Any] = {
    "invalid_choice": format_lazy(
        _('"{{input}}" is not a status; use one of: {statuses}.'),
        statuses=", ".join(ApplicationStatus.values),
    ),
}


# --- input -------------------------------------------------------------------------------------


class ApplicationCreateInputSerializer(serializers.Serializer):
    # Only the id: the view looks it up as ``GET vacancies/{id}/`` does, so an unknown id, a
    # draft, a closed and an expired vacancy all get that same 404 and applying reveals nothing.
    vacancy = serializers.IntegerField(
        error_messages={"invalid": _("Give the vacancy's id as a number.")},
    )
    cover_note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ApplicationTransitionInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ApplicationStatus.choices, error_messages=_STATUS_CHOICE_ERRORS
    )
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ApplicationWithdrawInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class DateRangeQuerySerializer(serializers.Serializer):
    """Local calendar days (YYYY-MM-DD), both ends inclusive."""

    date_from = serializers.DateField(required=False, input_formats=["iso-8601"])
    date_to = serializers.DateField(required=False, input_formats=["iso-8601"])

    def validate(self, attrs: dict) -> dict:
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise serializers.ValidationError(
                {"date_to": [_("date_to is before date_from; swap them or widen the range.")]}
            )
        return attrs


class ApplicationListQuerySerializer(DateRangeQuerySerializer):
    status = serializers.ChoiceField(
        choices=ApplicationStatus.choices, required=False, error_messages=_STATUS_CHOICE_ERRORS
    )
    vacancy = IdField(required=False)
    employer = IdField(required=False)
    district = serializers.CharField(required=False, max_length=100)
    training = IdField(required=False)

    def to_filters(self) -> ApplicationFilters:
        data = self.validated_data
        return ApplicationFilters(
            status=data.get("status"),
            vacancy_pk=data.get("vacancy"),
            employer_pk=data.get("employer"),
            district=data.get("district"),
            training_pk=data.get("training"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class ReportQuerySerializer(DateRangeQuerySerializer):
    group_by = serializers.ChoiceField(
        choices=GROUP_BY_CHOICES,
        default="status",
        error_messages={
            "invalid_choice": format_lazy(
                _('"{{input}}" is not a grouping; use one of: {choices}.'),
                choices=", ".join(GROUP_BY_CHOICES),
            ),
        },
    )


# --- output ------------------------------------------------------------------------------------


class ApplicationEmployerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class ApplicationVacancySerializer(serializers.ModelSerializer):
    employer = ApplicationEmployerSerializer()

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "title",
            "employer",
            "work_type",
            "city",
            "district",
            "status",
            "valid_through",
        ]
        read_only_fields = fields


class ApplicationEventActorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()


class ApplicationEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationEvent
        fields = ["from_status", "to_status", "note", "actor_role", "created_at"]
        read_only_fields = fields


class StaffApplicationEventSerializer(ApplicationEventSerializer):
    """For the audit: labor-office staff also see which user made each change."""

    # The same answer reaches the seeker and the employer without ``actor`` (the schema says so).
    schema_optional_fields = ("actor",)

    actor = ApplicationEventActorSerializer(allow_null=True)

    class Meta(ApplicationEventSerializer.Meta):
        fields = [*ApplicationEventSerializer.Meta.fields, "actor"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    """What the applying seeker sees: her application and the vacancy it is for."""

    vacancy = ApplicationVacancySerializer()

    class Meta:
        model = Application
        fields = ["id", "status", "cover_note", "submitted_at", "status_changed_at", "vacancy"]
        read_only_fields = fields


class ApplicationWithApplicantSerializer(ApplicationSerializer):
    """What the vacancy's employer and staff see: also the applicant, without her NIK."""

    # The seeker's own applications come without ``seeker`` (the schema says so).
    schema_optional_fields = ("seeker",)

    seeker = SeekerForEmployerSerializer()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "seeker"]
        read_only_fields = fields


class ApplicationDetailSerializer(ApplicationSerializer):
    events = ApplicationEventSerializer(many=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "events"]
        read_only_fields = fields


class ApplicationWithApplicantDetailSerializer(ApplicationWithApplicantSerializer):
    events = ApplicationEventSerializer(many=True)

    class Meta(ApplicationWithApplicantSerializer.Meta):
        fields = [*ApplicationWithApplicantSerializer.Meta.fields, "events"]
        read_only_fields = fields


class StaffApplicationDetailSerializer(ApplicationWithApplicantSerializer):
    events = StaffApplicationEventSerializer(many=True)

    class Meta(ApplicationWithApplicantSerializer.Meta):
        fields = [*ApplicationWithApplicantSerializer.Meta.fields, "events"]
        read_only_fields = fields


class ApplicationsReportRowSerializer(serializers.Serializer):
    """One group: its key (status, "city/district", an id, or null), label and counts."""

    key = serializers.JSONField(allow_null=True)
    # A field named like Field.label: DRF's metaclass takes it out of the class first.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    submitted = serializers.IntegerField()
    reviewed = serializers.IntegerField()
    shortlisted = serializers.IntegerField()
    interview = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class ApplicationsReportSerializer(serializers.Serializer):
    """The report's shape (documentation; ``applications.reports`` builds the data)."""

    group_by = serializers.ChoiceField(choices=GROUP_BY_CHOICES)
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    total = serializers.IntegerField()
    rows = ApplicationsReportRowSerializer(many=True)


class MarketSkillRowSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    open_vacancies = serializers.IntegerField()
    open_positions = serializers.IntegerField()
    seekers_verified = serializers.IntegerField()
    seekers_self_declared = serializers.IntegerField()
    applications = serializers.IntegerField()
    acceptances = serializers.IntegerField()


class MarketTrainingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organiser = serializers.CharField()
    city = serializers.CharField()
    graduates = serializers.IntegerField()
    graduates_applied = serializers.IntegerField()
    graduates_accepted = serializers.IntegerField()
    acceptance_rate = serializers.FloatField()


class MarketReportSerializer(serializers.Serializer):
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    skills = MarketSkillRowSerializer(many=True)
    trainings = MarketTrainingRowSerializer(many=True)


# --- invitations -------------------------------------------------------------------------------


class InvitationInputSerializer(serializers.Serializer):
    seeker = IdField(
        help_text=_("The candidate's id, as in GET vacancies/{id}/matches/ (candidate.id)."),
    )


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation to apply. The candidate is only her id: the employer learns her name and
    contact once she applies (GET vacancies/{id}/matches/ keeps the same rule)."""

    vacancy = ApplicationVacancySerializer()
    seeker = serializers.IntegerField(
        source="seeker_id", help_text=_("The invited candidate's id.")
    )

    class Meta:
        model = Invitation
        fields = ["id", "vacancy", "seeker", "created_at"]
        read_only_fields = fields
