"""HTTP interface of employers and vacancies: validate, call one service, serialize."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import signed_in_user
from jobs import selectors, services
from jobs.api.serializers import (
    DuplicateFlagOutputSerializer,
    DuplicateVacancyErrorSerializer,
    EmployerFilterSerializer,
    EmployerInputSerializer,
    EmployerOutputSerializer,
    EmployerVerifyInputSerializer,
    VacancyCopyInputSerializer,
    VacancyImportInputSerializer,
    VacancyImportResultSerializer,
    VacancyInputSerializer,
    VacancyListParamsSerializer,
    VacancyMergeInputSerializer,
    VacancyOutputSerializer,
    VacancyPublishInputSerializer,
)
from jobs.models import Employer, Vacancy, VacancyDuplicateFlag
from jobs.permissions import IsEmployer, IsStaff
from jobs.services.imports import (
    MAX_IMPORT_BYTES,
    ImportResult,
    import_template_file,
    vacancy_import,
)
from sicaker.api.pagination import PageNumberPagination
from sicaker.errors import Conflict, Invalid
from sicaker.spreadsheet import XLSX_TYPE, spreadsheet_download


def _paginated(
    request: Request,
    view: APIView,
    queryset: QuerySet[Any],
    serializer_class: type[serializers.BaseSerializer[Any]],
) -> Response:
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    response: Response = paginator.get_paginated_response(
        serializer_class(page, many=True, context={"request": request}).data
    )
    return response


# Employers ---------------------------------------------------------------------------------


class EmployerMeView(APIView):
    """The organisation of the signed-in employer account."""

    permission_classes = [IsEmployer]

    @extend_schema(responses=EmployerOutputSerializer)
    def get(self, request: Request) -> Response:
        employer = selectors.employer_get_own(user=signed_in_user(request))
        return Response(EmployerOutputSerializer(employer).data)

    @extend_schema(request=EmployerInputSerializer, responses={201: EmployerOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = EmployerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        employer = services.employer_create(
            owner=signed_in_user(request), data=serializer.validated_data
        )
        return Response(EmployerOutputSerializer(employer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EmployerInputSerializer, responses=EmployerOutputSerializer)
    def patch(self, request: Request) -> Response:
        employer = selectors.employer_get_own(user=signed_in_user(request))
        serializer = EmployerInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        employer = services.employer_update(employer=employer, data=serializer.validated_data)
        return Response(EmployerOutputSerializer(employer).data)


class EmployerListView(APIView):
    """All organisations, for labor-office staff."""

    permission_classes = [IsStaff]
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[EmployerFilterSerializer],
        responses=EmployerOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        params = EmployerFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = selectors.employer_list(
            user=signed_in_user(request), filters=params.validated_data
        )
        return _paginated(request, self, queryset, EmployerOutputSerializer)


class EmployerDetailView(APIView):
    """One organisation: staff see any, an employer only its own."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=EmployerOutputSerializer)
    def get(self, request: Request, pk: str) -> Response:
        employer = selectors.access_employer(user=signed_in_user(request), employer_id=int(pk))
        return Response(EmployerOutputSerializer(employer).data)


class EmployerVerifyView(APIView):
    """The labor office verifies an organisation (or withdraws the verification)."""

    permission_classes = [IsStaff]

    @extend_schema(request=EmployerVerifyInputSerializer, responses=EmployerOutputSerializer)
    def post(self, request: Request, pk: str) -> Response:
        employer = selectors.access_employer(user=signed_in_user(request), employer_id=int(pk))
        serializer = EmployerVerifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        employer = services.employer_set_verified(
            employer=employer,
            is_verified=serializer.validated_data["is_verified"],
            actor=signed_in_user(request),
        )
        return Response(EmployerOutputSerializer(employer).data)


# Vacancies ---------------------------------------------------------------------------------


def _owned_vacancy(request: Request, pk: str) -> Vacancy:
    """The vacancy, if the requester may see it (else 404) and owns it (else 403)."""
    vacancy = selectors.access_vacancy(user=request.user, vacancy_id=int(pk))
    if not selectors.vacancy_is_owned_by(vacancy=vacancy, user=request.user):
        raise PermissionDenied(_("Only the employer that posted this vacancy can change it."))
    return vacancy


def _fresh(vacancy: Vacancy, request: Request) -> dict[str, Any]:
    """Output of a vacancy re-read with its employer and skills (after a service changed it)."""
    return VacancyOutputSerializer(
        selectors.vacancy_queryset().get(pk=vacancy.pk), context={"request": request}
    ).data


class VacancyListView(APIView):
    """Public list of open vacancies; an employer's own (?mine=true); staff by ?status=.
    POST: an employer creates a draft."""

    pagination_class = PageNumberPagination

    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self.request.method == "GET" else [IsEmployer()]

    @extend_schema(
        parameters=[VacancyListParamsSerializer], responses=VacancyOutputSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        params = VacancyListParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = selectors.vacancy_list(user=request.user, filters=params.validated_data)
        return _paginated(request, self, queryset, VacancyOutputSerializer)

    @extend_schema(request=VacancyInputSerializer, responses={201: VacancyOutputSerializer})
    def post(self, request: Request) -> Response:
        employer = selectors.employer_of(user=signed_in_user(request))
        if employer is None:
            raise Conflict(
                _("Register your organisation first (POST employers/me/), then post vacancies.")
            )
        serializer = VacancyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vacancy = services.vacancy_create(
            employer=employer, actor=signed_in_user(request), data=serializer.validated_data
        )
        return Response(_fresh(vacancy, request), status=status.HTTP_201_CREATED)


class VacancyDetailView(APIView):
    """One vacancy: public when open; its employer and staff see it in every status."""

    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(responses=VacancyOutputSerializer)
    def get(self, request: Request, pk: str) -> Response:
        vacancy = selectors.access_vacancy(user=request.user, vacancy_id=int(pk))
        return Response(VacancyOutputSerializer(vacancy, context={"request": request}).data)

    @extend_schema(request=VacancyInputSerializer, responses=VacancyOutputSerializer)
    def patch(self, request: Request, pk: str) -> Response:
        vacancy = _owned_vacancy(request, pk)
        serializer = VacancyInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        vacancy = services.vacancy_update(
            vacancy=vacancy, actor=signed_in_user(request), data=serializer.validated_data
        )
        return Response(_fresh(vacancy, request))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: str) -> Response:
        vacancy = _owned_vacancy(request, pk)
        services.vacancy_delete(vacancy=vacancy, actor=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VacancyPublishView(APIView):
    """Publish a draft. A near-copy of one of your open vacancies is refused with 409
    ``duplicate_vacancy`` naming it (add the positions there with POST .../merge/, or send
    ``publish_anyway``); a near-copy of another employer's is published and flagged to the
    labor office."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=VacancyPublishInputSerializer,
        responses={200: VacancyOutputSerializer, 409: DuplicateVacancyErrorSerializer},
    )
    def post(self, request: Request, pk: str) -> Response:
        vacancy = _owned_vacancy(request, pk)
        serializer = VacancyPublishInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vacancy = services.vacancy_publish(
            vacancy=vacancy,
            actor=signed_in_user(request),
            publish_anyway=serializer.validated_data["publish_anyway"],
        )
        return Response(_fresh(vacancy, request))


class VacancyMergeView(APIView):
    """Instead of publishing a draft that nearly copies your open vacancy: add the draft's
    positions to that vacancy, and the draft is deleted."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=VacancyMergeInputSerializer, responses=VacancyOutputSerializer)
    def post(self, request: Request, pk: str) -> Response:
        draft = _owned_vacancy(request, pk)
        serializer = VacancyMergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        into = _owned_vacancy(request, str(serializer.validated_data["into"]))
        merged = services.vacancy_merge_into(draft=draft, into=into, actor=signed_in_user(request))
        return Response(_fresh(merged, request))


class DuplicateFlagListView(APIView):
    """Near-identical open vacancies of different employers, for the labor office to review:
    each pair with its similarity (0 to 1), most similar first."""

    permission_classes = [IsStaff]
    pagination_class = PageNumberPagination

    @extend_schema(responses=DuplicateFlagOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        queryset = selectors.duplicate_flags_for_office(user=signed_in_user(request))
        return _paginated(request, self, queryset, DuplicateFlagOutputSerializer)


class DuplicateFlagDismissView(APIView):
    """The labor office marks a flagged pair as not a duplicate: it leaves the review list."""

    permission_classes = [IsStaff]

    @extend_schema(request=None, responses=DuplicateFlagOutputSerializer)
    def post(self, request: Request, pk: str) -> Response:
        flag = selectors.access_duplicate_flag(user=signed_in_user(request), flag_id=int(pk))
        flag = services.duplicate_flag_dismiss(flag=flag, actor=signed_in_user(request))
        flag = VacancyDuplicateFlag.objects.select_related(
            "vacancy__employer", "duplicate_of__employer"
        ).get(pk=flag.pk)
        return Response(DuplicateFlagOutputSerializer(flag).data)


def import_employer(request: Request, employer_id: int | None) -> Employer:
    """Whose vacancies an import creates: the employer's own organisation, or, for staff, the
    one named (required for them)."""
    user = signed_in_user(request)
    if user.is_officer:
        if employer_id is None:
            raise Invalid({"employer": [_("Name the organisation to import vacancies for.")]})
        return selectors.access_employer(user=user, employer_id=employer_id)
    if not user.is_employer:
        raise PermissionDenied(_("Only employer accounts and the labor office can import."))
    employer = selectors.employer_of(user=user)
    if employer is None:
        raise Conflict(
            _("Register your organisation first (POST employers/me/), then import vacancies.")
        )
    return employer


class VacancyImportView(APIView):
    """Create draft vacancies from a CSV or XLSX file laid out as the template: each row is
    checked as a single create would be, and answered row by row (created, existing: imported
    before, or refused with a message per column). A refused row writes nothing; importing the
    same file again creates nothing new."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request={"multipart/form-data": VacancyImportInputSerializer},
        responses=VacancyImportResultSerializer,
    )
    def post(self, request: Request) -> Response:
        serializer = VacancyImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        employer = import_employer(request, serializer.validated_data.get("employer"))
        upload = serializer.validated_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise Invalid(
                {
                    "file": [
                        _("The file is larger than %(size)d KB; split it into smaller files.")
                        % {"size": MAX_IMPORT_BYTES // 1000}
                    ]
                }
            )
        result = vacancy_import(
            employer=employer,
            actor=signed_in_user(request),
            content=upload.read(MAX_IMPORT_BYTES + 1),
            filename=upload.name or "",
        )
        return Response(import_result_data(result))


def import_result_data(result: ImportResult) -> dict[str, Any]:
    return VacancyImportResultSerializer(
        {
            "created": result.count("created"),
            "existing": result.count("existing"),
            "refused": result.count("refused"),
            "rows": [asdict(row) for row in result.rows],
        }
    ).data


class VacancyImportTemplateView(APIView):
    """The import template: the header row (and, in XLSX, a sheet saying what each column
    takes). Anyone may download it: it holds no data."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
        }
    )
    def get(self, request: Request, kind: str) -> HttpResponse:
        return spreadsheet_download(import_template_file(kind), filename=f"lowongan-impor.{kind}")


class VacancyCloseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=VacancyOutputSerializer)
    def post(self, request: Request, pk: str) -> Response:
        vacancy = selectors.access_vacancy(user=request.user, vacancy_id=int(pk))
        if not (
            signed_in_user(request).is_officer
            or selectors.vacancy_is_owned_by(vacancy=vacancy, user=request.user)
        ):
            raise PermissionDenied(
                _("Only the employer that posted this vacancy, or the labor office, can close it.")
            )
        vacancy = services.vacancy_close(vacancy=vacancy, actor=signed_in_user(request))
        return Response(_fresh(vacancy, request))


class VacancyCopyView(APIView):
    """Reopen as a copy: a new draft with this vacancy's fields and skills and a new closing
    date (its employer only; 409 for a vacancy the labor office closed)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=VacancyCopyInputSerializer, responses={201: VacancyOutputSerializer})
    def post(self, request: Request, pk: str) -> Response:
        vacancy = _owned_vacancy(request, pk)
        serializer = VacancyCopyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        copy = services.vacancy_copy(
            vacancy=vacancy,
            actor=signed_in_user(request),
            valid_through=serializer.validated_data["valid_through"],
        )
        return Response(_fresh(copy, request), status=status.HTTP_201_CREATED)
