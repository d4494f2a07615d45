"""Every write and business rule of applications: submitting, moving along, withdrawing.

The workflow is one table (``ALLOWED_TRANSITIONS``) and one service (``application_transition``)
that locks the row, checks the table and the actor, writes an ``ApplicationEvent`` and runs the
side effects in the same transaction. Each service has one marked place, right after its event
write and still inside the transaction, where the notifications outbox is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application, ApplicationEvent, ApplicationStatus, Invitation
from applications.notifications import (
    notify_application_status_changed,
    notify_application_submitted,
    notify_application_withdrawn,
    notify_vacancy_invitation,
)
from jobs.models import Vacancy
from jobs.selectors import vacancy_is_open_for_applications, vacancy_is_public, vacancy_not_found
from jobs.services import vacancy_fill_position
from seekers.models import SeekerProfile
from sicaker.errors import Conflict, Forbidden, Invalid, NotFound

S = ApplicationStatus


class Party(StrEnum):
    """Who may make a change: the vacancy's employer or the applying seeker herself."""

    EMPLOYER = "employer"
    SEEKER = "seeker"


# from status -> {to status: the party allowed to make that change}. Not listed = forbidden.
# Employers move forward one or more steps or reject; the seeker may withdraw from any
# non-final status. accepted, rejected and withdrawn are final. Labor-office staff appear
# nowhere: they watch and report, they do not move applications (see applications/README.md).
ALLOWED_TRANSITIONS: Mapping[str, Mapping[str, Party]] = MappingProxyType(
    {
        S.SUBMITTED: MappingProxyType(
            {
                S.REVIEWED: Party.EMPLOYER,
                S.SHORTLISTED: Party.EMPLOYER,
                S.REJECTED: Party.EMPLOYER,
                S.WITHDRAWN: Party.SEEKER,
            }
        ),
        S.REVIEWED: MappingProxyType(
            {
                S.SHORTLISTED: Party.EMPLOYER,
                S.INTERVIEW: Party.EMPLOYER,
                S.REJECTED: Party.EMPLOYER,
                S.WITHDRAWN: Party.SEEKER,
            }
        ),
        S.SHORTLISTED: MappingProxyType(
            {
                S.INTERVIEW: Party.EMPLOYER,
                S.ACCEPTED: Party.EMPLOYER,
                S.REJECTED: Party.EMPLOYER,
                S.WITHDRAWN: Party.SEEKER,
            }
        ),
        S.INTERVIEW: MappingProxyType(
            {
                S.ACCEPTED: Party.EMPLOYER,
                S.REJECTED: Party.EMPLOYER,
                S.WITHDRAWN: Party.SEEKER,
            }
        ),
        S.ACCEPTED: MappingProxyType({}),
        S.REJECTED: MappingProxyType({}),
        S.WITHDRAWN: MappingProxyType({}),
    }
)

FINAL_STATUSES = frozenset(status for status, moves in ALLOWED_TRANSITIONS.items() if not moves)


def transition_allowed(*, from_status: str, to_status: str) -> bool:
    """Whether the table lets an application move from ``from_status`` to ``to_status``."""
    return to_status in ALLOWED_TRANSITIONS.get(from_status, {})


def application_can_withdraw(*, application: Application) -> bool:
    """Whether the seeker may still withdraw ``application``: its status is not final (the
    table's rule, the one ``application_withdraw`` enforces under the row lock). The web page
    offers the button by this, the API refuses by the same table."""
    return transition_allowed(from_status=application.status, to_status=S.WITHDRAWN)


# The party that may set each target status, derived from the table (it is the same party
# whatever the starting status), so a wrong-role request is refused before the table is asked.
_PARTY_OF_TARGET: Mapping[str, Party] = MappingProxyType(
    {
        to_status: party
        for moves in ALLOWED_TRANSITIONS.values()
        for to_status, party in moves.items()
    }
)


def employer_moves(*, status: str) -> list[str]:
    """The statuses the vacancy's employer may move an application in ``status`` to (the
    table's order), for the pages that offer only the allowed moves."""
    return [to for to, party in ALLOWED_TRANSITIONS[status].items() if party == Party.EMPLOYER]


def _party_of(*, actor: User, application: Application) -> Party | None:
    if actor.pk is not None and application.seeker.user_id == actor.pk:
        return Party.SEEKER
    if actor.pk is not None and application.vacancy.employer.owner_id == actor.pk:
        return Party.EMPLOYER
    return None


def _event_record(
    *, application: Application, actor: User | None, from_status: str, to_status: str, note: str
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        actor_role=getattr(actor, "role", "") or "",
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def application_submit(*, vacancy: Vacancy, seeker: SeekerProfile, cover_note: str) -> Application:
    """Apply ``seeker`` to ``vacancy``.

    Rules: a vacancy the seeker cannot see (a draft, closed or expired) is NotFound, the
    same answer ``GET vacancies/{id}/`` gives her, so applying reveals nothing that reading does
    not; a visible vacancy must have a position open, else Conflict; one application per
    seeker and vacancy, enforced by the database constraint (a concurrent double submit creates
    exactly one; the other gets Conflict). Side effects: the first event ("" -> submitted),
    by the seeker's user.
    """
    if not vacancy_is_public(vacancy=vacancy):
        raise vacancy_not_found()
    if not vacancy_is_open_for_applications(vacancy=vacancy):
        raise Conflict(
            _("All positions of this vacancy are filled; look for another open vacancy.")
        )
    with transaction.atomic():
        try:
            # A savepoint, so the unique violation does not break an enclosing transaction.
            with transaction.atomic():
                application = Application.objects.create(
                    vacancy=vacancy, seeker=seeker, cover_note=cover_note
                )
        except IntegrityError as error:
            # Recognised by what it is (her application now exists), not by the wording of
            # one database's message; any other integrity error is not a double submit.
            if not Application.objects.filter(vacancy=vacancy, seeker=seeker).exists():
                raise
            raise Conflict(
                _(
                    "You have already applied to this vacancy; follow that application in "
                    "your list of applications."
                )
            ) from error
        _event_record(
            application=application,
            actor=seeker.user,
            from_status="",
            to_status=S.SUBMITTED,
            note="",
        )
        notify_application_submitted(application=application)
    return application


def application_transition(
    *, application: Application, to_status: str, actor: User, note: str = ""
) -> Application:
    """Move ``application`` to ``to_status`` on behalf of ``actor``.

    Rules: the row is locked (select_for_update); labor-office staff may not move
    applications (Forbidden); someone who is neither the applicant nor the vacancy's
    employer gets NotFound; employer statuses only by the vacancy's employer and
    ``withdrawn`` only by the seeker herself (Forbidden); a repeat of the current status
    is a no-op without an event; any other change not in ``ALLOWED_TRANSITIONS`` is a
    Conflict. Side effects: ``status``/``status_changed_at`` updated, one ApplicationEvent
    (who, when, from, to, note); moving to ``accepted`` fills one position of the vacancy
    (``jobs.services.vacancy_fill_position``, which closes it when the last one is filled) in
    the same transaction — a full vacancy raises Conflict and nothing changes.
    """
    if to_status not in S.values:
        raise Invalid(
            {
                "status": [
                    _("Unknown status; use one of: %(statuses)s.")
                    % {"statuses": ", ".join(S.values)}
                ]
            }
        )
    if actor.is_officer:
        raise Forbidden(
            _(
                "Labor-office staff can view applications but not move them; the employer "
                "moves an application and the seeker may withdraw it."
            )
        )
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("seeker", "vacancy__employer")
            .filter(pk=application.pk)
            .first()
        )
        party = None if locked is None else _party_of(actor=actor, application=locked)
        if locked is None or party is None:
            raise NotFound(_("No application with this id is visible to you."))
        required = _PARTY_OF_TARGET.get(to_status)
        if required is not None and required != party:
            if required == Party.SEEKER:
                raise Forbidden(
                    _(
                        "Only the job seeker can withdraw her application; to turn it down, "
                        "reject it instead."
                    )
                )
            raise Forbidden(
                _(
                    "Only the employer of the vacancy can set this status; to leave the "
                    "process, withdraw your application instead."
                )
            )
        from_status = locked.status
        if to_status == from_status:
            return locked
        if not transition_allowed(from_status=from_status, to_status=to_status):
            raise Conflict(_transition_refusal(from_status=from_status, to_status=to_status))

        if to_status == S.ACCEPTED:
            locked.vacancy = vacancy_fill_position(vacancy=locked.vacancy)
        locked.status = to_status
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        _event_record(
            application=locked,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
        # The outbox: the notification commits (or rolls back) with the status change.
        if to_status == S.WITHDRAWN:
            notify_application_withdrawn(application=locked, note=note)
        else:
            notify_application_status_changed(application=locked, note=note)
    return locked


def _transition_refusal(*, from_status: str, to_status: str) -> str:
    if from_status in FINAL_STATUSES:
        return _(
            "This application is already %(status)s, which is final; it cannot change any more."
        ) % {"status": S(from_status).label}
    allowed = ", ".join(str(s) for s in ALLOWED_TRANSITIONS[from_status])
    return _(
        "An application that is %(from)s cannot become %(to)s; from here it can become: "
        "%(allowed)s."
    ) % {"from": S(from_status).label, "to": S(to_status).label, "allowed": allowed}


def application_withdraw(*, application: Application, actor: User, note: str = "") -> Application:
    """The seeker withdraws her application.

    Rules and side effects are those of ``application_transition`` to ``withdrawn``: only the
    seeker herself, from any non-final status (accepted or rejected → Conflict);
    withdrawing an already withdrawn application is a no-op (a retried request stays safe).
    """
    return application_transition(
        application=application, to_status=S.WITHDRAWN, actor=actor, note=note
    )


def invitation_send(
    *, vacancy: Vacancy, seeker: SeekerProfile, actor: User
) -> tuple[Invitation, bool]:
    """The vacancy's employer invites a matching job seeker to apply; she is notified.

    Rules: only the vacancy's own employer (anyone else: NotFound, as for the vacancy); the
    vacancy must be open for applications and its employer verified by the labor office
    (Conflict), the same rule that shows candidates at all; the seeker must be open to work
    (NotFound otherwise, she is no candidate); a seeker who already applied is not invited
    (Conflict: her application is in the pipeline). Inviting the same seeker to the same
    vacancy again is a no-op (the unique constraint decides under concurrency): the existing
    invitation is returned with ``False``. Side effects: an ``Invitation`` and, in the same
    transaction, a notification to her in the outbox.
    """
    if actor.pk is None or vacancy.employer.owner_id != actor.pk:
        raise vacancy_not_found()
    if not vacancy.employer.is_verified:
        raise Conflict(
            _(
                "Candidates can be invited once the labor office has verified your "
                "organisation; ask your Disnaker to verify it."
            )
        )
    if not vacancy_is_open_for_applications(vacancy=vacancy):
        raise Conflict(
            _("This vacancy takes no applications now; publish or reopen it to invite anyone.")
        )
    if not SeekerProfile.objects.filter(pk=seeker.pk).candidates().exists():
        raise NotFound(_("No such candidate."))
    if Application.objects.filter(vacancy=vacancy, seeker=seeker).exists():
        raise Conflict(
            _("She has already applied to this vacancy; find her among the applications.")
        )
    existing = Invitation.objects.filter(vacancy=vacancy, seeker=seeker).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    vacancy=vacancy, seeker=seeker, invited_by=actor
                )
        except IntegrityError:
            existing = Invitation.objects.filter(vacancy=vacancy, seeker=seeker).first()
            if existing is None:
                raise
            return existing, False
        notify_vacancy_invitation(invitation=invitation)
    return invitation, True
