"""Staff-assisted registration: an officer registers participants, one or a training's list."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff, signed_in_user
from seekers.models import SkillLevel
from seekers.selectors import training_get
from seekers.services.assisted import (
    ConsentOnPaper,
    Participant,
    ParticipantOutcome,
    ParticipantResult,
    participant_register,
    participants_register_batch,
)

MAX_PARTICIPANTS = 2_000  # as the web upload


class ParticipantInputSerializer(serializers.Serializer):
    """One participant. Blanks pass here: the service checks every field at once and says
    what is wrong with each (in a list, the row is refused, the others go on)."""

    full_name = serializers.CharField(max_length=150, allow_blank=True)
    nik = serializers.CharField(
        max_length=40, allow_blank=True, help_text="16 digits, as on her KTP."
    )
    phone = serializers.CharField(
        max_length=30, allow_blank=True, help_text="Her mobile number: 08..., +628..."
    )
    district = serializers.CharField(
        max_length=100, allow_blank=True, help_text="Kecamatan, e.g. Sukun."
    )
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    paper_form_number = serializers.CharField(
        max_length=40, allow_blank=True, help_text="The number of the consent form she signed."
    )
    certificate_number = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text="With a training: her certificate number; her completion is then recorded.",
    )


class ConsentOnPaperSerializer(serializers.Serializer):
    """What she ticked on the paper form; (a) job matching is on every form."""

    consent_shown_to_employers = serializers.BooleanField(
        help_text="(b) appearing to employers as an anonymous candidate."
    )
    consent_contact_by_phone = serializers.BooleanField(
        help_text="(c) being contacted by SMS/WhatsApp."
    )
    signed_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: today."
    )


class RegisterParticipantSerializer(ParticipantInputSerializer, ConsentOnPaperSerializer):
    pass


class ParticipantResultSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="participant.line")
    outcome = serializers.ChoiceField(choices=[o.value for o in ParticipantOutcome])
    seeker_id = serializers.IntegerField(source="seeker.pk", allow_null=True, default=None)
    nik_masked = serializers.CharField(source="seeker.nik_masked", default="")
    is_completion_recorded = serializers.SerializerMethodField()
    field_errors = serializers.DictField(
        source="errors", child=serializers.ListField(child=serializers.CharField())
    )

    def get_is_completion_recorded(self, result: ParticipantResult) -> bool:
        return result.completion is not None


class TrainingParticipantsSerializer(ConsentOnPaperSerializer):
    completed_on = serializers.DateField()
    level = serializers.ChoiceField(choices=SkillLevel.choices, default=SkillLevel.BASIC)
    participants = serializers.ListField(
        child=ParticipantInputSerializer(), min_length=1, max_length=MAX_PARTICIPANTS
    )


class BatchResultSerializer(serializers.Serializer):
    registered = serializers.IntegerField()
    linked = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = ParticipantResultSerializer(many=True)


def _consent(data: dict[str, Any]) -> ConsentOnPaper:
    return ConsentOnPaper(
        shown_to_employers=data.pop("consent_shown_to_employers"),
        contact_by_phone=data.pop("consent_contact_by_phone"),
        signed_on=data.pop("signed_on"),
    )


class ParticipantRegisterView(APIView):
    """POST participants/: an officer registers a participant who came in person (staff only).

    Her NIK already registered: that account is linked (200, ``linked``), nothing duplicated.
    Otherwise a new account without a password (201, ``registered``): she gets an SMS with a
    one-time link to claim it; until then employers do not see her."""

    permission_classes = [IsStaff]

    @extend_schema(
        request=RegisterParticipantSerializer,
        responses={201: ParticipantResultSerializer, 200: ParticipantResultSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterParticipantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent = _consent(data)
        result = participant_register(
            actor=signed_in_user(request), participant=Participant(line=1, **data), consent=consent
        )
        code = status.HTTP_201_CREATED if result.outcome == "registered" else status.HTTP_200_OK
        return Response(ParticipantResultSerializer(result).data, status=code)


class TrainingParticipantsView(APIView):
    """POST trainings/{id}/participants/: a training's participant list in one step (staff).

    Row by row: a new NIK makes an account (claim link by SMS), a known NIK is linked, and each
    row's completion of the training is recorded when it has a certificate number; a bad row
    writes nothing and is reported with its field messages, the others go on."""

    permission_classes = [IsStaff]

    @extend_schema(request=TrainingParticipantsSerializer, responses={200: BatchResultSerializer})
    def post(self, request: Request, pk: int) -> Response:
        programme = training_get(pk=pk)
        serializer = TrainingParticipantsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent = _consent(data)
        participants = [
            Participant(line=number, **row)
            for number, row in enumerate(data["participants"], start=1)
        ]
        results = participants_register_batch(
            actor=signed_in_user(request),
            participants=participants,
            consent=consent,
            programme=programme,
            completed_on=data["completed_on"],
            level=data["level"],
        )
        counts = {outcome.value: 0 for outcome in ParticipantOutcome}
        for result in results:
            counts[result.outcome] += 1
        return Response(BatchResultSerializer({**counts, "results": results}).data)
