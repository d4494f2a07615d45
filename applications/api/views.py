"""Application endpoints: apply, list, read, move along, withdraw, and the staff report."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.permissions import signed_in_user
from applications import services
from applications.api.renderers import ApplicationsListCSVRenderer, ApplicationsReportCSVRenderer
from applications.api.serializers import (
    ApplicationCreateInputSerializer,
    ApplicationDetailSerializer,
    ApplicationListQuerySerializer,
    ApplicationSerializer,
    ApplicationsReportSerializer,
    ApplicationTransitionInputSerializer,
    ApplicationWithApplicantDetailSerializer,
    ApplicationWithApplicantSerializer,
    ApplicationWithdrawInputSerializer,
    DateRangeQuerySerializer,
    InvitationInputSerializer,
    InvitationSerializer,
    MarketReportSerializer,
    ReportQuerySerializer,
    StaffApplicationDetailSerializer,
)
from applications.exports import applications_csv_chunks, applications_csv_filename
from applications.market import market_report
from applications.models import Application
from applications.permissions import IsLaborOfficeStaff, require_seeker_profile
from applications.reports import applications_report
from applications.selectors import (
    access_application,
    access_application_to_change,
    application_list,
    candidate_get,
    invitations_visible_to,
)
from jobs.selectors import access_vacancy, vacancy_is_owned_by
from sicaker.api.pagination import PageNumberPagination
from sicaker.errors import Invalid, NotFound
from sicaker.spreadsheet import csv_download

_DETAIL_DOC = (
    "The seeker sees no `seeker` block; the employer and staff see the applicant (no NIK); "
    "staff also see each event's `actor`."
)


@extend_schema_view(
    list=extend_schema(
        parameters=[ApplicationListQuerySerializer],
        responses=ApplicationWithApplicantSerializer(many=True),
        description="Scoped to who asks. The seeker's items have no `seeker` block.",
    ),
    retrieve=extend_schema(responses=StaffApplicationDetailSerializer, description=_DETAIL_DOC),
    create=extend_schema(
        request=ApplicationCreateInputSerializer, responses={201: ApplicationDetailSerializer}
    ),
    transition=extend_schema(
        request=ApplicationTransitionInputSerializer,
        responses=StaffApplicationDetailSerializer,
        description=_DETAIL_DOC,
    ),
    withdraw=extend_schema(
        request=ApplicationWithdrawInputSerializer, responses=ApplicationDetailSerializer
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """``applications/``: a seeker applies and follows; an employer moves applicants along;
    labor-office staff watch every application (read-only)."""

    # Read by the router from the viewset (DRF ignores a router-level setting): ids are digits.
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Application]:
        if getattr(self, "swagger_fake_view", False):  # schema generation, no real user
            return Application.objects.none()
        query = ApplicationListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return application_list(user=signed_in_user(self.request), filters=query.to_filters())

    def get_serializer_class(self) -> type[BaseSerializer]:
        if getattr(self, "swagger_fake_view", False):
            return ApplicationWithApplicantDetailSerializer
        user = signed_in_user(self.request)
        if self.action == "list":
            return ApplicationSerializer if user.is_seeker else ApplicationWithApplicantSerializer
        if user.is_officer:
            return StaffApplicationDetailSerializer
        if user.is_seeker:
            return ApplicationDetailSerializer
        return ApplicationWithApplicantDetailSerializer

    def _detail_response(self, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
        # Re-read through the access helper: fresh status, timeline and related rows.
        application = access_application(user=signed_in_user(self.request), application_id=pk)
        return Response(self.get_serializer(application).data, status=status_code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail_response(_as_id(pk))

    def create(self, request: Request) -> Response:
        seeker = require_seeker_profile(user=signed_in_user(request))
        data = ApplicationCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # What the seeker may see, else the same 404 as GET vacancies/{id}/.
        vacancy = access_vacancy(
            user=signed_in_user(request), vacancy_id=data.validated_data["vacancy"]
        )
        application = services.application_submit(
            vacancy=vacancy,
            seeker=seeker,
            cover_note=data.validated_data["cover_note"],
        )
        return self._detail_response(application.pk, status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        actor = signed_in_user(request)
        application = access_application_to_change(user=actor, application_id=_as_id(pk))
        data = ApplicationTransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_transition(
            application=application,
            to_status=data.validated_data["status"],
            actor=actor,
            note=data.validated_data["note"],
        )
        return self._detail_response(application.pk)

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        actor = signed_in_user(request)
        application = access_application_to_change(user=actor, application_id=_as_id(pk))
        data = ApplicationWithdrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_withdraw(
            application=application, actor=actor, note=data.validated_data["note"]
        )
        return self._detail_response(application.pk)


def _as_id(pk: str) -> int:
    # The router only lets digits through ([0-9]+), so this cannot fail.
    return int(pk)


class _CSVErrorsAsJSON(APIView):
    """Errors (400, 401, 403) stay in the JSON envelope even when a spreadsheet was asked for."""

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Response:
        if (
            getattr(response, "exception", False)
            and getattr(getattr(request, "accepted_renderer", None), "format", None) == "csv"
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


@extend_schema(
    parameters=[ApplicationListQuerySerializer],
    responses={(200, "text/csv"): OpenApiTypes.STR},
    description=(
        "Staff only. The list of `GET applications/` with the same filters as a spreadsheet: "
        "one row per application, newest first (application, submitted, status, last status "
        "change, vacancy number and title, employer number and name, applicant, district, "
        "city; no NIK, no contact). UTF-8 with a byte-order mark, streamed; the file is named "
        "`applications-<today>.csv`. Bad filters answer 400 in the JSON error envelope."
    ),
)
class ApplicationsExportView(_CSVErrorsAsJSON, APIView):
    """``applications/export/``: the filtered applications list as CSV, for labor-office staff."""

    permission_classes = [IsLaborOfficeStaff]
    renderer_classes = [ApplicationsListCSVRenderer, JSONRenderer]

    def get(self, request: Request) -> Any:
        query = ApplicationListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        chunks = applications_csv_chunks(user=signed_in_user(request), filters=query.to_filters())
        return csv_download(chunks, filename=applications_csv_filename())


@extend_schema(
    parameters=[ReportQuerySerializer],
    responses={
        (200, "application/json"): ApplicationsReportSerializer,
        (200, "text/csv"): OpenApiTypes.STR,
    },
)
class ApplicationsReportView(_CSVErrorsAsJSON, APIView):
    """``reports/applications/``: applications received per group, as JSON or a spreadsheet."""

    permission_classes = [IsLaborOfficeStaff]
    renderer_classes = [JSONRenderer, ApplicationsReportCSVRenderer]

    def get(self, request: Request) -> Response:
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = applications_report(
            group_by=query.validated_data["group_by"],
            date_from=query.validated_data.get("date_from"),
            date_to=query.validated_data.get("date_to"),
        )
        headers = {}
        if request.accepted_renderer.format == ApplicationsReportCSVRenderer.format:
            period = "-".join(filter(None, [report["date_from"], report["date_to"]]))
            filename = "-".join(filter(None, ["applications-by", report["group_by"], period]))
            headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return Response(report, headers=headers)


@extend_schema(parameters=[DateRangeQuerySerializer], responses=MarketReportSerializer)
class MarketReportView(APIView):
    """``reports/market/``: open positions and seekers per skill, and where trainings lead."""

    permission_classes = [IsLaborOfficeStaff]

    def get(self, request: Request) -> Response:
        query = DateRangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = market_report(
            date_from=query.validated_data.get("date_from"),
            date_to=query.validated_data.get("date_to"),
        )
        return Response(MarketReportSerializer(report).data)


# Invitations ----------------------------------------------------------------------------------


def _own_vacancy_for_invitations(request: Request, pk: int) -> Any:
    """The vacancy if the requester sees it (else 404) and is its employer (else 403)."""
    vacancy = access_vacancy(user=request.user, vacancy_id=pk)
    if not vacancy_is_owned_by(vacancy=vacancy, user=request.user):
        raise PermissionDenied(
            _("Only the employer that posted this vacancy can invite candidates to it.")
        )
    return vacancy


class VacancyInvitationsView(APIView):
    """GET: the invitations sent for one vacancy; POST: invite a candidate to apply (she gets a
    notification). Its employer only: 403 for anyone else who can see the vacancy, 404 for who
    cannot. The same service as the web page's "Undang melamar" (``invitation_send``)."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    @extend_schema(responses=InvitationSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        vacancy = _own_vacancy_for_invitations(request, pk)
        queryset = invitations_visible_to(user=signed_in_user(request)).filter(vacancy=vacancy)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        response: Response = paginator.get_paginated_response(
            InvitationSerializer(page, many=True).data
        )
        return response

    @extend_schema(
        request=InvitationInputSerializer,
        responses={201: InvitationSerializer, 200: InvitationSerializer},
        description=(
            "201 with the new invitation; 200 with the existing one when she was invited "
            "already (no second message). 409 when the vacancy takes no applications, the "
            "organisation is not verified, or she applied already."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        vacancy = _own_vacancy_for_invitations(request, pk)
        serializer = InvitationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            seeker = candidate_get(seeker_pk=serializer.validated_data["seeker"])
        except NotFound as error:
            raise Invalid(
                {
                    "seeker": [
                        _("No candidate has this id; pick one from GET vacancies/{id}/matches/.")
                    ]
                }
            ) from error
        invitation, is_new = services.invitation_send(
            vacancy=vacancy, seeker=seeker, actor=signed_in_user(request)
        )
        return Response(
            InvitationSerializer(invitation).data,
            status=status.HTTP_201_CREATED if is_new else status.HTTP_200_OK,
        )


@extend_schema(responses=InvitationSerializer(many=True))
class InvitationListView(APIView):
    """The invitations the signed-in seeker received, or the signed-in employer sent (all her
    vacancies), newest first; labor-office staff see all of them."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    def get(self, request: Request) -> Response:
        queryset = invitations_visible_to(user=signed_in_user(request))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        response: Response = paginator.get_paginated_response(
            InvitationSerializer(page, many=True).data
        )
        return response
