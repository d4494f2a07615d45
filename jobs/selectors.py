"""Reads of employers and vacancies, scoped to who asks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import (
    DuplicateFlagStatus,
    Employer,
    Skill,
    Vacancy,
    VacancyDuplicateFlag,
    VacancyQuerySet,
    VacancySkill,
    VacancyStatus,
)
from sicaker.errors import NotFound

MAX_PK = 2**63 - 1  # ids in URLs are digits of any length; larger ones cannot exist


def _is_staff(user: User | AnonymousUser | None) -> bool:
    return isinstance(user, User) and user.is_officer


def vacancy_is_open_for_applications(*, vacancy: Vacancy) -> bool:
    """Published, still valid today (Asia/Jakarta local date) and with a position open."""
    return vacancy.is_open() and vacancy.positions_filled < vacancy.positions


def vacancy_is_public(*, vacancy: Vacancy) -> bool:
    """Anyone may see it: published and valid_through not yet passed."""
    return vacancy.is_open()


# Employers ---------------------------------------------------------------------------------


def employer_of(*, user: User | AnonymousUser) -> Employer | None:
    """The organisation an employer account registered, if any."""
    if not isinstance(user, User):
        return None
    return Employer.objects.filter(owner=user).first()


def employer_get_own(*, user: User) -> Employer:
    employer = employer_of(user=user)
    if employer is None:
        raise NotFound(
            _("You have not registered your organisation yet; create it with POST employers/me/.")
        )
    return employer


def employer_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Employer]:
    """Organisations for labor-office staff (nothing for anyone else), by name.

    Filters: is_verified, city and district (case-insensitive), kind.
    """
    if not _is_staff(user):
        return Employer.objects.none()
    queryset = Employer.objects.order_by("name", "pk")
    if filters.get("is_verified") is not None:
        queryset = queryset.filter(is_verified=filters["is_verified"])
    if filters.get("city"):
        queryset = queryset.filter(city__iexact=filters["city"].strip())
    if filters.get("district"):
        queryset = queryset.filter(district__iexact=filters["district"].strip())
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    return queryset


def vacancy_counts_by_status(*, employer: Employer) -> dict[str, int]:
    """How many of the organisation's vacancies are in each status (every status present)."""
    counts = dict.fromkeys(VacancyStatus.values, 0)
    rows = (
        Vacancy.objects.filter(employer=employer)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for status, count in rows:
        counts[status] = count
    return counts


def access_employer(*, user: User, employer_id: int) -> Employer:
    """An organisation the user may see: staff see all, an employer only its own."""
    queryset = Employer.objects.all()
    if not _is_staff(user):
        queryset = queryset.filter(owner_id=user.pk) if user.is_authenticated else queryset.none()
    employer = queryset.filter(pk=employer_id).first() if employer_id <= MAX_PK else None
    if employer is None:
        raise NotFound(_("No such employer."))
    return employer


# Vacancies ---------------------------------------------------------------------------------


def vacancy_queryset() -> VacancyQuerySet:
    """Vacancies with everything their API output needs, in a fixed number of queries."""
    return Vacancy.objects.select_related("employer").prefetch_related(
        Prefetch(
            "skill_links",
            queryset=VacancySkill.objects.select_related("skill").order_by(
                "skill__name_id", "skill_id"
            ),
        )
    )


def public_vacancies() -> VacancyQuerySet:
    return vacancy_queryset().open()


def vacancy_list(*, user: User | AnonymousUser, filters: dict[str, Any]) -> QuerySet[Vacancy]:
    """The vacancies a list shows, newest first, narrowed by validated ``filters``.

    Who sees what:
    - ``mine`` (an employer): all of its own vacancies in every status (nothing for others);
    - staff naming a ``status``: every vacancy in that status, expired or not;
    - everyone else: published and unexpired vacancies only.
    Filters: status, work_type, city, district (case-insensitive), skill (slug, required or
    preferred), employer (id), pay_min (the vacancy can pay at least this much), q (title or
    description contains; ranked search is the search app's job).
    """
    queryset = _filtered(_listable(user=user, filters=filters), filters)
    # Never-published drafts first on every database (PostgreSQL sorts NULL first when
    # descending, SQLite last).
    return queryset.order_by(F("published_at").desc(nulls_first=True), "-created_at", "-pk")


def _listable(*, user: User | AnonymousUser, filters: dict[str, Any]) -> QuerySet[Vacancy]:
    """The vacancies this user may list with these filters (who sees what, above)."""
    if filters.get("mine", False):
        if not (isinstance(user, User) and user.is_employer):
            return Vacancy.objects.none()
        return vacancy_queryset().filter(employer__owner_id=user.pk)
    if filters.get("status") and _is_staff(user):
        return vacancy_queryset()
    return public_vacancies()


def _filtered(queryset: QuerySet[Vacancy], filters: dict[str, Any]) -> QuerySet[Vacancy]:
    """``queryset`` narrowed by the list's filters."""
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("work_type"):
        queryset = queryset.filter(work_type=filters["work_type"])
    if filters.get("city"):
        queryset = queryset.filter(city__iexact=filters["city"].strip())
    if filters.get("district"):
        queryset = queryset.filter(district__iexact=filters["district"].strip())
    if filters.get("skill"):
        queryset = queryset.filter(
            Exists(
                VacancySkill.objects.filter(vacancy=OuterRef("pk"), skill__slug=filters["skill"])
            )
        )
    if filters.get("employer"):
        queryset = queryset.filter(employer_id=filters["employer"])
    if filters.get("pay_min") is not None:
        queryset = queryset.alias(best_pay=Coalesce("pay_max", "pay_min")).filter(
            best_pay__gte=filters["pay_min"]
        )
    if filters.get("q"):
        text = filters["q"].strip()
        queryset = queryset.filter(Q(title__icontains=text) | Q(description__icontains=text))
    return queryset


def vacancy_not_found() -> NotFound:
    """The one answer for a vacancy that does not exist or that the requester may not see."""
    return NotFound(_("No such vacancy, or it is no longer open."))


def access_vacancy(*, user: User | AnonymousUser, vacancy_id: int) -> Vacancy:
    """A vacancy the user may see: a public one, or any for its employer and for staff.

    Anything else is the same not-found error, so nobody learns another employer's drafts exist.
    """
    vacancy = vacancy_queryset().filter(pk=vacancy_id).first() if vacancy_id <= MAX_PK else None
    if vacancy is None or not (
        vacancy_is_public(vacancy=vacancy)
        or _is_staff(user)
        or (isinstance(user, User) and vacancy.employer.owner_id == user.pk)
    ):
        raise vacancy_not_found()
    return vacancy


def access_own_vacancy(*, user: User, vacancy_id: int) -> Vacancy:
    """One of the signed-in employer's own vacancies, in any status, for her pages; another
    employer's (even a public one) is the same not-found as a missing one."""
    vacancy = (
        vacancy_queryset().filter(pk=vacancy_id, employer__owner_id=user.pk).first()
        if vacancy_id <= MAX_PK and user.is_employer
        else None
    )
    if vacancy is None:
        raise vacancy_not_found()
    return vacancy


def vacancy_is_owned_by(*, vacancy: Vacancy, user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and vacancy.employer.owner_id == user.pk


def vacancy_closed_note_for(*, vacancy: Vacancy, user: User | AnonymousUser | None) -> str:
    """The labor office's reason for closing the vacancy (``closed_note``), for the vacancy's
    employer and for staff; "" for anyone else. The public never reads a closed vacancy
    anyway; applicants and other employers do not learn why the office closed it."""
    if not vacancy.closed_note or user is None:
        return ""
    if _is_staff(user) or vacancy_is_owned_by(vacancy=vacancy, user=user):
        return vacancy.closed_note
    return ""


# The public summary of the home page ----------------------------------------------------------


def open_vacancy_counts() -> dict[str, int]:
    """How many vacancies are open today and how many positions they still have."""
    totals = public_vacancies().aggregate(
        vacancies=Count("pk"), positions=Sum(F("positions") - F("positions_filled"))
    )
    return {"vacancies": totals["vacancies"] or 0, "positions": totals["positions"] or 0}


def skills_with_most_open_positions(*, limit: int = 8) -> list[tuple[Skill, int]]:
    """The skills open vacancies ask for, most open positions first (ties by name)."""
    rows = (
        VacancySkill.objects.filter(
            vacancy__in=Vacancy.objects.open(),
            skill__is_active=True,
        )
        .values("skill_id")
        .annotate(open=Sum(F("vacancy__positions") - F("vacancy__positions_filled")))
        .filter(open__gt=0)
        .order_by("-open", "skill_id")[:limit]
    )
    counts = {row["skill_id"]: row["open"] for row in rows}
    skills = Skill.objects.in_bulk(list(counts))
    return sorted(
        ((skills[pk], count) for pk, count in counts.items()),
        key=lambda pair: (-pair[1], pair[0].name),
    )


def access_vacancy_page(*, user: User | AnonymousUser, vacancy_id: int) -> Vacancy:
    """A vacancy for its public page: what ``access_vacancy`` allows, plus one that was
    published and has since closed or expired (its page says so and points to open ones).

    A draft that was never published stays the same not-found error for anyone but its employer
    and staff, so nobody learns it exists.
    """
    vacancy = vacancy_queryset().filter(pk=vacancy_id).first() if vacancy_id <= MAX_PK else None
    if vacancy is None or not (
        vacancy_is_public(vacancy=vacancy)
        or (vacancy.status != VacancyStatus.DRAFT and vacancy.published_at is not None)
        or _is_staff(user)
        or vacancy_is_owned_by(vacancy=vacancy, user=user)
    ):
        raise vacancy_not_found()
    return vacancy


# The labor office's queue and counts ---------------------------------------------------------


def employer_verification_state(employer: Employer) -> dict[str, Any]:
    """Where the labor office's verification stands: verified, waiting, or refused with the
    reason the office gave. The same rule as the office's queue (``employers_awaiting_verification``
    below): an edit after a refusal asks again, so she is waiting, no longer refused."""
    refused = employer.refused_at is not None and (
        employer.updated_at is None or employer.updated_at <= employer.refused_at
    )
    if employer.is_verified and not employer.pending_changes:
        state = "verified"
    elif refused:
        state = "refused"
    else:
        state = "waiting"
    reason = employer.refusal_reason if state == "refused" else ""
    return {"state": state, "reason": reason, "pending": dict(employer.pending_changes)}


def employers_awaiting_verification(*, user: User) -> QuerySet[Employer]:
    """For labor-office staff (nobody else): organisations not yet verified, and verified ones
    with changes of identity waiting (``pending_changes``), oldest request first. A refused one
    leaves the queue until the employer edits it again."""
    if not _is_staff(user):
        return Employer.objects.none()
    return (
        Employer.objects.filter(Q(is_verified=False) | ~Q(pending_changes={}))
        .filter(Q(refused_at__isnull=True) | Q(updated_at__gt=F("refused_at")))
        .select_related("owner")
        .order_by("updated_at", "pk")
    )


def vacancies_for_office(
    *, user: User, status: str = "", employer: str = "", q: str = ""
) -> QuerySet[Vacancy]:
    """For labor-office staff (nobody else): every vacancy of every employer, in every status,
    expired or not, newest first. Filters: ``status``; ``employer``, part of the organisation's
    name (case-insensitive); ``q``, part of the title or description."""
    if not _is_staff(user):
        return Vacancy.objects.none()
    queryset = Vacancy.objects.select_related("employer")
    if status:
        queryset = queryset.filter(status=status)
    if employer.strip():
        queryset = queryset.filter(employer__name__icontains=employer.strip())
    if q.strip():
        text = q.strip()
        queryset = queryset.filter(Q(title__icontains=text) | Q(description__icontains=text))
    return queryset.order_by("-created_at", "-pk")


def vacancies_published_count(*, start: Any, end: Any) -> int:
    """How many vacancies were first published in ``[start, end)`` (aware datetimes)."""
    return Vacancy.objects.filter(published_at__gte=start, published_at__lt=end).count()


# Possible duplicates, for the labor office ---------------------------------------------------


def duplicate_flags_for_office(*, user: User | AnonymousUser) -> QuerySet[VacancyDuplicateFlag]:
    """Pairs of near-identical vacancies of different employers awaiting review, most similar
    first, while both are still published (a closed one has nothing left to review); nothing
    for anyone but staff."""
    if not _is_staff(user):
        return VacancyDuplicateFlag.objects.none()
    return (
        VacancyDuplicateFlag.objects.filter(
            status=DuplicateFlagStatus.OPEN,
            vacancy__status=VacancyStatus.PUBLISHED,
            duplicate_of__status=VacancyStatus.PUBLISHED,
        )
        .select_related("vacancy__employer", "duplicate_of__employer")
        .order_by("-similarity", "-created_at", "pk")
    )


def access_duplicate_flag(*, user: User | AnonymousUser, flag_id: int) -> VacancyDuplicateFlag:
    """A flagged pair, for staff; for anyone else (and for an unknown id) the same not-found."""
    flag = (
        VacancyDuplicateFlag.objects.filter(pk=flag_id).first()
        if _is_staff(user) and flag_id <= MAX_PK
        else None
    )
    if flag is None:
        raise NotFound(_("No such possible duplicate."))
    return flag
