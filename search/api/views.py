"""Search endpoints: thin views over search.selectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import signed_in_user
from jobs.models import Vacancy
from search import services as search_services
from search.api.serializers import (
    AlertInputSerializer,
    AlertSerializer,
    CandidateMatchSerializer,
    SuggestedFilterSerializer,
    SuggestionSerializer,
    UnderstoodSerializer,
    VacancyHitSerializer,
    VacancyMatchSerializer,
    VacancySearchInputSerializer,
    vacancy_hits_data,
)
from search.models import JobAlert
from search.selectors import (
    MATCH_CANDIDATES,
    access_alert,
    alerts_for,
    candidate_match_page,
    matching_seeker_profile,
    vacancy_for_matching,
    vacancy_match_page,
    vacancy_search,
    vacancy_suggestions,
)
from sicaker.api.pagination import PageNumberPagination
from sicaker.errors import NotFound


class VacancySearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[VacancySearchInputSerializer],
        responses=inline_serializer(
            "VacancySearchPage",
            {
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "page_size": serializers.IntegerField(),
                "open_positions": serializers.IntegerField(),
                "facets": serializers.DictField(
                    child=serializers.DictField(child=serializers.IntegerField())
                ),
                "notices": serializers.ListField(child=serializers.CharField()),
                "did_you_mean": serializers.CharField(
                    help_text="The query with its typos corrected, when the results are those "
                    "of the corrected words; empty otherwise."
                ),
                "corrections": serializers.DictField(child=serializers.CharField()),
                "relaxed": serializers.ListField(
                    child=serializers.CharField(),
                    help_text="What was relaxed (radius widened, words dropped) because the "
                    "query as asked found nothing; empty when nothing was.",
                ),
                "understood": UnderstoodSerializer(),
                "suggested_filters": SuggestedFilterSerializer(many=True),
                "results": VacancyHitSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        params = VacancySearchInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.to_query()
        page, results = vacancy_search(query=query)
        return Response(
            {
                "count": page.total,
                "page": query.page,
                "page_size": query.page_size,
                "open_positions": page.open_positions,
                "facets": page.facets,
                "notices": page.notices,
                "did_you_mean": page.did_you_mean,
                "corrections": page.corrections,
                "relaxed": page.relaxed,
                "understood": UnderstoodSerializer(page.intents).data,
                "suggested_filters": SuggestedFilterSerializer(
                    page.suggested_filters, many=True
                ).data,
                "results": vacancy_hits_data(results),
            }
        )


class VacancySuggestView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="What the user typed so far.")],
        responses=SuggestionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        prefix = request.query_params.get("q", "")[:100]
        suggestions = vacancy_suggestions(prefix=prefix)
        return Response(SuggestionSerializer(suggestions, many=True).data)


class _RankedWindow(Sequence[Any]):
    """One page of a ranking fetched already, standing in for the whole ranking in DRF's
    paginator: its length is the ranking's total, slicing it at the page gives the page."""

    def __init__(self, total: int, offset: int, items: list[Any]) -> None:
        self.total, self.offset, self.items = total, offset, items

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            start = (index.start or 0) - self.offset
            stop = None if index.stop is None else index.stop - self.offset
            return self.items[max(start, 0) : stop]
        return self.items[index - self.offset]


class _RankedListView(ListAPIView):
    """A ranked list whose backend pages itself: only the asked page is ranked out and loaded
    (one engine request, one flat query), not the whole ranking."""

    def page(self, *, offset: int, limit: int) -> tuple[int, list[Any]]:
        raise NotImplementedError

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        paginator = self.paginator
        assert isinstance(paginator, PageNumberPagination)
        size = paginator.get_page_size(request) or MATCH_CANDIDATES
        asked = request.query_params.get(paginator.page_query_param, "1")
        if asked in paginator.last_page_strings:
            total, _items = self.page(offset=0, limit=0)
            number = max(1, -(-total // size))
        else:
            # Not a number: the paginator answers its usual 404 below.
            number = int(asked) if asked.isascii() and asked.isdigit() and int(asked) > 0 else 1
            # A ranking holds at most MATCH_CANDIDATES: any page past that one is empty (the
            # paginator answers 404), however large the number asked.
            number = min(number, MATCH_CANDIDATES + 1)
        offset = (number - 1) * size
        total, items = self.page(offset=offset, limit=size)
        window = _RankedWindow(total, offset, items)
        page = paginator.paginate_queryset(window, request, view=self)
        serializer = self.get_serializer(page, many=True)
        return paginator.get_paginated_response(serializer.data)


class SeekerMatchesView(_RankedListView):
    """Open vacancies ranked for the signed-in job seeker, with reasons."""

    serializer_class = VacancyMatchSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> Any:  # the schema's view of it; requests go through ``page``
        return Vacancy.objects.none()

    def page(self, *, offset: int, limit: int) -> tuple[int, list[Any]]:
        seeker = matching_seeker_profile(user=signed_in_user(self.request))
        if seeker is None:
            raise NotFound(_("Fill in your profile at /api/v1/seekers/me/ to get matches."))
        return vacancy_match_page(seeker=seeker, offset=offset, limit=limit)


class VacancyCandidatesView(_RankedListView):
    """Job seekers ranked for one vacancy: for its employer and the labor office."""

    serializer_class = CandidateMatchSerializer
    permission_classes = [IsAuthenticated]
    # Declared in the schema beside the usual errors: a draft has no candidates (409).
    schema_error_codes = ("409",)

    def get_queryset(self) -> Any:
        return Vacancy.objects.none()

    def page(self, *, offset: int, limit: int) -> tuple[int, list[Any]]:
        vacancy = vacancy_for_matching(
            user=signed_in_user(self.request), vacancy_id=self.kwargs["pk"]
        )
        return candidate_match_page(vacancy=vacancy, offset=offset, limit=limit)


class SeekerOnly(IsAuthenticated):
    message = _("Only job seekers can save job alerts.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return super().has_permission(request, view) and bool(
            getattr(request.user, "is_seeker", False)
        )


class AlertListView(ListAPIView):
    """The signed-in seeker's job alerts; POST saves a search as a new alert."""

    serializer_class = AlertSerializer
    permission_classes = [SeekerOnly]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return JobAlert.objects.none()
        return alerts_for(user=signed_in_user(self.request))

    @extend_schema(request=AlertInputSerializer, responses={201: AlertSerializer})
    def post(self, request: Request) -> Response:
        serializer = AlertInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alert = search_services.alert_create(
            user=signed_in_user(request), **serializer.validated_data
        )
        return Response(AlertSerializer(alert).data, status=201)


class AlertDetailView(APIView):
    permission_classes = [SeekerOnly]

    @extend_schema(responses=AlertSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            AlertSerializer(access_alert(user=signed_in_user(request), alert_id=pk)).data
        )

    @extend_schema(request=AlertInputSerializer, responses=AlertSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        alert = access_alert(user=signed_in_user(request), alert_id=pk)
        serializer = AlertInputSerializer(alert, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        alert = search_services.alert_update(alert=alert, **serializer.validated_data)
        return Response(AlertSerializer(alert).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        search_services.alert_delete(alert=access_alert(user=signed_in_user(request), alert_id=pk))
        return Response(status=204)
