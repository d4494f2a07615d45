"""Reads of applications, always scoped to the user who asks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application, ApplicationEvent, Invitation
from seekers.models import SeekerProfile
from seekers.selectors import seeker_for_employer_prefetch
from sicaker.errors import NotFound
from sicaker.ids import is_storable_id


@dataclass(frozen=True)
class ApplicationFilters:
    """Optional filters of the application list; dates are local (Asia/Jakarta) calendar days."""

    status: str | None = None
    vacancy_pk: int | None = None
    employer_pk: int | None = None
    district: str | None = None
    training_pk: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def local_day_start(day: datetime.date) -> datetime.datetime | None:
    """The first instant of ``day`` in the current (local) time zone, as an aware datetime;
    None when that instant is outside what a datetime can hold in UTC (the first and last days
    of the calendar, 0001-01-01 and 9999-12-31, in a zone east or west of UTC)."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    try:
        start.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return start


def submitted_day_bounds(
    date_from: datetime.date | None, date_to: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The half-open range ``[start, end)`` of local days ``date_from``..``date_to``; an end that
    is left out, or lies beyond the calendar (``date_to=9999-12-31``, ``date_from=0001-01-01``),
    is None: no bound, which is the correct answer, since nothing was submitted out there."""
    start = local_day_start(date_from) if date_from is not None else None
    end = None
    if date_to is not None and date_to < datetime.date.max:
        end = local_day_start(date_to + datetime.timedelta(days=1))
    return start, end


def filter_submitted_between(
    queryset: QuerySet[Application],
    *,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    prefix: str = "",
) -> QuerySet[Application]:
    """Keep applications submitted on local days ``date_from``..``date_to`` (both inclusive).

    A half-open range on the timestamp instead of ``__date`` so the index on submitted_at is used.
    """
    start, end = submitted_day_bounds(date_from, date_to)
    if start is not None:
        queryset = queryset.filter(**{f"{prefix}submitted_at__gte": start})
    if end is not None:
        queryset = queryset.filter(**{f"{prefix}submitted_at__lt": end})
    return queryset


def applications_visible_to(*, user: User) -> QuerySet[Application]:
    """The applications ``user`` may see: her own (seeker), those to its vacancies (employer),
    all of them (labor-office staff), none otherwise."""
    queryset = Application.objects.all()
    if not user.is_authenticated:
        return queryset.none()
    if user.is_officer:
        return queryset
    if user.is_seeker:
        return queryset.filter(seeker__user=user)
    if user.is_employer:
        return queryset.filter(vacancy__employer__owner=user)
    return queryset.none()


def _with_related(queryset: QuerySet[Application]) -> QuerySet[Application]:
    # Everything the output serializers read, so a page costs the same queries at any size;
    # the seekers app says what its SeekerForEmployerSerializer needs.
    return queryset.select_related("vacancy__employer", "seeker").prefetch_related(
        seeker_for_employer_prefetch("seeker__")
    )


def application_list(*, user: User, filters: ApplicationFilters) -> QuerySet[Application]:
    """The applications ``user`` may see, filtered, newest first.

    ``district`` is the seeker's district (kecamatan, case-insensitive); ``training`` keeps
    applications whose seeker completed that programme; ``employer`` is the vacancy's employer.
    """
    return _with_related(application_list_filtered(user=user, filters=filters)).order_by(
        "-submitted_at", "-pk"
    )


def application_list_filtered(*, user: User, filters: ApplicationFilters) -> QuerySet[Application]:
    """The rows of ``application_list`` (same scope and filters), unordered and without the
    related rows loaded: for callers that read a few columns with ``values_list``."""
    queryset = applications_visible_to(user=user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.vacancy_pk is not None:
        queryset = queryset.filter(vacancy_id=filters.vacancy_pk)
    if filters.employer_pk is not None:
        queryset = queryset.filter(vacancy__employer_id=filters.employer_pk)
    if filters.district:
        queryset = queryset.filter(seeker__district__iexact=filters.district.strip())
    if filters.training_pk is not None:
        # One completion per seeker and programme (a DB constraint), so no duplicate rows.
        queryset = queryset.filter(seeker__training_completions__programme_id=filters.training_pk)
    return filter_submitted_between(queryset, date_from=filters.date_from, date_to=filters.date_to)


def access_application(*, user: User, application_id: int) -> Application:
    """The application ``application_id`` if ``user`` may see it, with its events timeline.

    Raises one NotFound whether it does not exist or belongs to someone else, so nobody
    learns that another person's application exists.
    """
    events = ApplicationEvent.objects.select_related("actor").order_by("created_at", "pk")
    return _visible_one(
        _with_related(applications_visible_to(user=user)).prefetch_related(
            Prefetch("events", queryset=events)
        ),
        application_id,
    )


def access_application_to_change(*, user: User, application_id: int) -> Application:
    """As ``access_application`` (the same NotFound), for a write that is answered with the
    application read afresh: with its vacancy, employer and seeker, without the timeline and
    the seeker's skills a response shows."""
    return _visible_one(
        applications_visible_to(user=user).select_related("vacancy__employer", "seeker"),
        application_id,
    )


def _visible_one(visible: QuerySet[Application], application_id: int) -> Application:
    application = visible.filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("No application with this id is visible to you."))
    return application


def application_counts_by_vacancy(
    *, user: User, vacancy_pks: list[int]
) -> dict[int, dict[str, int]]:
    """vacancy pk -> {status: count} of the applications ``user`` may see (one query)."""
    rows = (
        applications_visible_to(user=user)
        .filter(vacancy_id__in=vacancy_pks)
        .values_list("vacancy_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {pk: {} for pk in vacancy_pks}
    for vacancy_pk, status, count in rows:
        counts[vacancy_pk][status] = count
    return counts


def invitations_visible_to(*, user: User) -> QuerySet[Invitation]:
    """The invitations ``user`` may see, newest first: those she received (seeker), those sent
    for its vacancies (employer), all of them (labor-office staff), none otherwise."""
    queryset = Invitation.objects.select_related("vacancy__employer").order_by("-created_at", "-pk")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_officer:
        return queryset
    if user.is_employer:
        return queryset.filter(vacancy__employer__owner=user)
    if user.is_seeker:
        return queryset.filter(seeker__user=user)
    return queryset.none()


def invited_seeker_pks(*, user: User, vacancy_pk: int) -> set[int]:
    """The seekers invited to vacancy ``vacancy_pk``, for its own employer (nobody else)."""
    if not user.is_employer:
        return set()
    return set(
        Invitation.objects.filter(vacancy_id=vacancy_pk, vacancy__employer__owner=user).values_list(
            "seeker_id", flat=True
        )
    )


def candidate_get(*, seeker_pk: int) -> SeekerProfile:
    """A candidate (``SeekerProfile.objects.candidates()``) an employer may invite (no details
    shown); anyone else, or no one, is the same not-found."""
    seeker = (
        SeekerProfile.objects.filter(pk=seeker_pk).candidates().select_related("user").first()
        if is_storable_id(seeker_pk)
        else None
    )
    if seeker is None:
        raise NotFound(_("No such candidate."))
    return seeker
