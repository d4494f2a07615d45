"""The open data of the API: the change stream of the public vacancies, and their snapshot.

Anonymous (no token is read), rate-limited per client address (scope ``open_data``), cacheable
(``ETag`` and ``Cache-Control``; a matching ``If-None-Match`` answers 304). The README's "Open
data" section is the consumer's guide; ``examples/follow_stream.py`` is a consumer.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import FileResponse, HttpResponseBase
from django.utils.http import http_date
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.throttling import AuthRateThrottle
from jobs.models import EducationLevel, EmployerKind, PayUnit, VacancyChangeKind, WorkType
from jobs.open_data.snapshot import snapshot_build, snapshot_info, snapshot_path
from jobs.open_data.stream import MAX_PAGE_SIZE, PAGE_SIZE, CursorTooOld, decode_cursor, read_stream
from sicaker.api.schema import ErrorSerializer
from sicaker.errors import Unavailable

logger = logging.getLogger(__name__)

OPEN_DATA_SCOPE = "open_data"
# A full page never changes (until the log is pruned past it); the newest page grows.
FULL_PAGE_MAX_AGE = 300
TAIL_PAGE_MAX_AGE = 10
SNAPSHOT_MAX_AGE = 60


class OpenDataRateThrottle(AuthRateThrottle):
    """Per client address, at the ``open_data`` rate (``OPEN_DATA_THROTTLE_RATE``), read live."""


class CursorExpired(APIException):
    status_code = status.HTTP_410_GONE
    default_code = "cursor_expired"
    default_detail = gettext_lazy(
        "The changes after this cursor are no longer kept; download the snapshot and follow "
        "the stream from its cursor."
    )


# -- what the answers look like (for the schema; the payloads are built in jobs.open_data) ----


class OpenEmployerSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The organisation's business name.")
    kind = serializers.ChoiceField(choices=EmployerKind.choices)
    is_verified = serializers.BooleanField(help_text="Verified by the labor office.")


class OpenSkillSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_id = serializers.CharField(help_text="Indonesian name.")
    name_en = serializers.CharField(help_text="English name.")
    is_required = serializers.BooleanField(help_text="Required (true) or preferred (false).")


class OpenVacancySerializer(serializers.Serializer):
    """A public vacancy: what its page shows, and its schema.org JobPosting."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="Its public page.")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    employer = OpenEmployerSerializer()
    work_type = serializers.ChoiceField(choices=WorkType.choices)
    work_days = serializers.ListField(child=serializers.CharField())
    hours_start = serializers.CharField(allow_null=True, help_text="HH:MM, local time.")
    hours_end = serializers.CharField(allow_null=True, help_text="HH:MM, local time.")
    positions_open = serializers.IntegerField()
    pay_min = serializers.IntegerField(allow_null=True, help_text="Rupiah.")
    pay_max = serializers.IntegerField(allow_null=True, help_text="Rupiah.")
    pay_unit = serializers.ChoiceField(choices=[*PayUnit.choices, ("", "")])
    min_education = serializers.ChoiceField(choices=EducationLevel.choices)
    valid_through = serializers.DateField(help_text="The last day it is open.")
    published_at = serializers.DateTimeField(allow_null=True)
    address = serializers.CharField(allow_blank=True, help_text="Where the work is.")
    subdistrict = serializers.CharField(allow_blank=True)
    district = serializers.CharField()
    city = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    skills = OpenSkillSerializer(many=True)
    job_posting = serializers.DictField(
        child=serializers.JSONField(),
        help_text="schema.org JobPosting (as the page's JSON-LD): https://schema.org/JobPosting",
    )


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Resume after this change: ?since=<cursor>.")
    change = serializers.ChoiceField(
        choices=VacancyChangeKind.choices,
        help_text=(
            "published or changed: upsert `vacancy`; closed, expired or deleted: the vacancy "
            "is no longer public, remove it."
        ),
    )
    vacancy_id = serializers.IntegerField()
    changed_at = serializers.DateTimeField()
    vacancy = OpenVacancySerializer(allow_null=True)


class StreamPageSerializer(serializers.Serializer):
    items = ChangeSerializer(many=True)
    next_cursor = serializers.CharField(help_text="Pass as ?since= for the next page.")
    has_more = serializers.BooleanField(help_text="More changes wait: ask again right away.")


class StreamParamsSerializer(serializers.Serializer):
    since = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=(
            "An opaque cursor: a `next_cursor`, an item's `cursor`, or the snapshot's `cursor`. "
            "Left out (or empty): from the beginning of the kept log."
        ),
    )
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=PAGE_SIZE
    )


class SnapshotInfoSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    cursor = serializers.CharField(help_text="Follow the stream from here: ?since=<cursor>.")
    count = serializers.IntegerField(help_text="Vacancies (lines) in the file.")
    size_bytes = serializers.IntegerField()
    sha256 = serializers.CharField()
    url = serializers.CharField(help_text="The file: GET open/vacancies/snapshot/.")


# -- the views ---------------------------------------------------------------------------------


def _matches(request: Request, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    return etag in {tag.strip() for tag in wanted.split(",")} or wanted.strip() == "*"


def _cache_headers(response: HttpResponseBase, *, etag: str, max_age: int) -> HttpResponseBase:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Accept-Encoding"
    return response


_IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="An ETag of an earlier answer: 304 with no body when nothing changed.",
)
_NOT_MODIFIED = OpenApiResponse(description="Not modified since the ETag you sent.")
_GONE = OpenApiResponse(
    ErrorSerializer,
    description="The cursor is older than the kept change log: take the snapshot again.",
)
_UNAVAILABLE = OpenApiResponse(
    ErrorSerializer,
    description="No snapshot can be served yet (the server cannot write it): try again later.",
)


class _OpenDataView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataRateThrottle]
    throttle_scope = OPEN_DATA_SCOPE


@extend_schema(
    parameters=[StreamParamsSerializer, _IF_NONE_MATCH],
    responses={200: StreamPageSerializer, 304: _NOT_MODIFIED, 410: _GONE},
    description=(
        "Every change to the public vacancies, in order: published, changed (both carry the "
        "whole public vacancy with its schema.org JobPosting), closed, expired, deleted. Pass "
        "`next_cursor` as `since` to continue; after any pause nothing is missed or repeated. "
        "Start from the snapshot's cursor (open/vacancies/snapshot/meta/), or without `since` "
        "for the whole kept log. Anonymous; rate-limited per client; cacheable (ETag)."
    ),
    auth=[],
)
class VacancyStreamView(_OpenDataView):
    """``open/vacancies/stream/``: the change stream of the public vacancies."""

    def get(self, request: Request) -> HttpResponseBase:
        params = StreamParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        since_text = params.validated_data.get("since")
        since = decode_cursor(since_text) if since_text else None
        try:
            page = read_stream(since=since, limit=params.validated_data["limit"])
        except CursorTooOld as error:
            raise CursorExpired() from error
        etag = f'"{since if since is not None else "-"}.{page.last_seq}.{len(page.items)}"'
        max_age = FULL_PAGE_MAX_AGE if page.has_more else TAIL_PAGE_MAX_AGE
        if _matches(request, etag):
            return _cache_headers(
                Response(status=status.HTTP_304_NOT_MODIFIED), etag=etag, max_age=max_age
            )
        body = {"items": page.items, "next_cursor": page.next_cursor, "has_more": page.has_more}
        return _cache_headers(Response(body), etag=etag, max_age=max_age)


def _current_snapshot() -> dict[str, Any]:
    """The current snapshot's metadata; the first request after installing builds it.

    A server that cannot write OPEN_DATA_DIR answers 503 with the reason, not a crash: the
    operator fixes the directory, the consumer retries."""
    try:
        return snapshot_info() or snapshot_build()
    except OSError as error:
        logger.exception("the open-data snapshot could not be written to OPEN_DATA_DIR")
        raise Unavailable(
            gettext_lazy(
                "The open-data snapshot is not available on this server yet; please try again "
                "later."
            )
        ) from error


def _snapshot_headers(response: HttpResponseBase, info: dict[str, Any]) -> HttpResponseBase:
    response["X-Snapshot-Cursor"] = info["cursor"]
    response["X-Snapshot-Generated-At"] = info["generated_at"]
    response["X-Snapshot-Count"] = str(info["count"])
    return _cache_headers(response, etag=f'"{info["sha256"]}"', max_age=SNAPSHOT_MAX_AGE)


class FileNegotiation(BaseContentNegotiation):
    """The snapshot is one file whatever the client accepts (no 406, no ``?format=``); its
    errors are JSON."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(
        self, request: Request, renderers: Any, format_suffix: str | None = None
    ) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


@extend_schema(
    parameters=[_IF_NONE_MATCH],
    responses={
        (200, "application/gzip"): OpenApiTypes.BINARY,
        304: _NOT_MODIFIED,
        503: _UNAVAILABLE,
    },
    description=(
        "Every public vacancy as gzip-compressed JSON Lines (one vacancy a line, as in the "
        "stream's `vacancy`, by id), rebuilt every 15 minutes. `X-Snapshot-Cursor` is the "
        "stream cursor it is consistent with: load the file, then follow "
        "open/vacancies/stream/?since=<that cursor>. `X-Snapshot-Generated-At` says when it was "
        "made. Anonymous; rate-limited per client; cacheable (ETag)."
    ),
    auth=[],
)
class VacancySnapshotView(_OpenDataView):
    """``open/vacancies/snapshot/``: the snapshot file."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = FileNegotiation

    def get(self, request: Request) -> HttpResponseBase:
        info = _current_snapshot()
        if _matches(request, f'"{info["sha256"]}"'):
            return _snapshot_headers(Response(status=status.HTTP_304_NOT_MODIFIED), info)
        response = FileResponse(
            snapshot_path(info).open("rb"),
            as_attachment=True,
            filename="vacancies.jsonl.gz",
            content_type="application/gzip",
        )
        response["Last-Modified"] = http_date(snapshot_path(info).stat().st_mtime)
        return _snapshot_headers(response, info)


@extend_schema(
    parameters=[_IF_NONE_MATCH],
    responses={200: SnapshotInfoSerializer, 304: _NOT_MODIFIED, 503: _UNAVAILABLE},
    description=(
        "The current snapshot: when it was made, the stream cursor it is consistent with, how "
        "many vacancies it holds, its size and SHA-256. Anonymous; rate-limited; cacheable."
    ),
    auth=[],
)
class VacancySnapshotMetaView(_OpenDataView):
    """``open/vacancies/snapshot/meta/``: the snapshot's metadata."""

    def get(self, request: Request) -> HttpResponseBase:
        info = _current_snapshot()
        if _matches(request, f'"{info["sha256"]}"'):
            return _snapshot_headers(Response(status=status.HTTP_304_NOT_MODIFIED), info)
        body = {
            "generated_at": info["generated_at"],
            "cursor": info["cursor"],
            "count": info["count"],
            "size_bytes": info["size_bytes"],
            "sha256": info["sha256"],
            "url": request.build_absolute_uri("../"),
        }
        return _snapshot_headers(Response(body), info)
