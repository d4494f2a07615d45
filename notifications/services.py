"""Writing notifications (inside the caller's transaction) and delivering them (from tasks)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from celery import signature
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import KombuError

from accounts.models import User
from consents.models import Purpose
from consents.selectors import consent_is_given, users_with_consent
from notifications.gateways import PermanentDeliveryError, TransientDeliveryError, gateway_for
from notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    FanOut,
    FanOutChunk,
    Kind,
    Notification,
    Preference,
    QuietHours,
)
from notifications.rendering import render_message

logger = logging.getLogger(__name__)

# Without a stored preference: email on, SMS/WhatsApp off (they cost the office money).
DEFAULT_CHANNELS = {Channel.EMAIL: True, Channel.SMS: False, Channel.WHATSAPP: False}
PHONE_CHANNELS = (Channel.SMS, Channel.WHATSAPP)
# Messages she needs to use the account she asked for, sent on these channels whatever her
# preferences and her consent (c) to be contacted by SMS/WhatsApp: the link to claim the account
# an officer opened for her is part of the registration she asked for, not a contact.
ESSENTIAL_CHANNELS: dict[str, tuple[str, ...]] = {Kind.ACCOUNT_CLAIM: (Channel.SMS,)}
CLAIM_SECONDS = 120

# (context, recipient ids) -> the ids that still want a notification of this kind.
RecipientCheck = Callable[[dict, list[int]], set[int]]
_RECIPIENT_CHECKS: dict[str, RecipientCheck] = {}


def register_recipient_check(kind: str, check: RecipientCheck) -> None:
    """Let the layer that owns a kind's cause say who still wants it, asked right before the
    notifications are written (fan-out) and again before each delivery is sent.

    The outbox knows no domain model: the search app registers, for alert matches, "still has an
    active alert this vacancy fits", so a deleted or paused alert makes nobody hear of it."""
    _RECIPIENT_CHECKS[kind] = check


def _still_wanted(kind: str, context: dict, recipient_ids: Iterable[int]) -> set[int]:
    recipient_ids = sorted(set(recipient_ids))
    check = _RECIPIENT_CHECKS.get(kind)
    if check is None or not recipient_ids:
        return set(recipient_ids)
    return set(check(context, recipient_ids))


# What apply_async raises when the broker cannot be reached (not what a task run in process does).
_BROKER_ERRORS = (KombuError, ConnectionError, TimeoutError)


def _address(user: User, channel: str, kind: str = "") -> str:
    """Where a channel reaches her: her email, or her sign-in number once proven (SMS and
    WhatsApp go only to a number a code came back from); "" when she has none.

    An essential message goes to the number as recorded: the claim link is how a number an
    officer typed in at the counter gets proven in the first place."""
    if channel == Channel.EMAIL:
        return user.email or ""
    if kind in ESSENTIAL_CHANNELS:
        return user.phone or ""
    return (user.phone or "") if user.phone_verified_at is not None else ""


def _enabled_channels(
    user: User, kind: str, preferences: dict[tuple[int, str], Preference]
) -> list[str]:
    if kind in ESSENTIAL_CHANNELS:
        return [channel for channel in ESSENTIAL_CHANNELS[kind] if _address(user, channel, kind)]
    preference = preferences.get((user.pk, kind))
    channels: list[str] = []
    for channel, default in DEFAULT_CHANNELS.items():
        is_on = getattr(preference, channel) if preference else default
        if is_on and _address(user, channel):
            channels.append(channel)
    return channels


def _deliveries_for(
    notifications: Iterable[Notification], users: dict[int, User]
) -> list[Delivery]:
    notifications = list(notifications)
    preferences = {
        (preference.user_id, preference.kind): preference
        for preference in Preference.objects.filter(
            user_id__in={n.recipient_id for n in notifications},
            kind__in={n.kind for n in notifications},
        )
    }
    deliveries = []
    for notification in notifications:
        user = users[notification.recipient_id]
        for channel in _enabled_channels(user, notification.kind, preferences):
            deliveries.append(
                Delivery(
                    notification=notification,
                    channel=channel,
                    address=_address(user, channel, notification.kind),
                )
            )
    return _with_phone_consent(deliveries)


def _needs_phone_consent(delivery: Delivery) -> bool:
    return (
        delivery.channel in PHONE_CHANNELS and delivery.notification.kind not in ESSENTIAL_CHANNELS
    )


def _with_phone_consent(deliveries: list[Delivery]) -> list[Delivery]:
    """Drop the SMS and WhatsApp deliveries of those who have not given consent (c) to be
    contacted that way (UU PDP): their email and inbox stay. One query, only when there is an
    SMS or WhatsApp delivery to check."""
    asking = {d.notification.recipient_id for d in deliveries if _needs_phone_consent(d)}
    if not asking:
        return deliveries
    consenting = users_with_consent(purpose=Purpose.CONTACT_BY_PHONE, user_ids=sorted(asking))
    return [
        d
        for d in deliveries
        if not _needs_phone_consent(d) or d.notification.recipient_id in consenting
    ]


# The tasks (notifications/tasks.py) call these services; the services enqueue them by name, so
# neither module imports the other. NotificationsConfig.ready() registers the tasks.
SEND_DELIVERY_TASK = "notifications.send_delivery"
FAN_OUT_CHUNK_TASK = "notifications.fan_out_chunk"


def _enqueue_deliveries(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        try:
            signature(SEND_DELIVERY_TASK, args=[delivery_id]).apply_async()
        except _BROKER_ERRORS as error:  # broker down: resend_pending picks it up later
            logger.warning("notifications: could not enqueue delivery %s: %s", delivery_id, error)
            return
        except Exception:
            # Run in process (no broker configured): one bad delivery never stops the rest.
            logger.exception("notifications: delivery %s failed", delivery_id)


def notification_create(
    *, recipient: User, kind: str, context: dict, dedup_key: str
) -> Notification | None:
    """Write one notification and its deliveries in the caller's transaction (the outbox).

    A second call with the same ``dedup_key`` writes nothing and returns None. Deliveries are
    enqueued after commit; if the broker is down they wait for ``resend_pending``."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, context=context, dedup_key=dedup_key
            )
    except IntegrityError:
        return None
    deliveries = Delivery.objects.bulk_create(
        _deliveries_for([notification], {recipient.pk: recipient})
    )
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: _enqueue_deliveries(ids))
    return notification


def fan_out_create(
    *, key: str, kind: str, context: dict, recipient_ids: list[int]
) -> FanOut | None:
    """Record a notification to many recipients as chunks, in the caller's transaction.

    Chunks are enqueued after commit; each is idempotent, and ``resend_pending`` re-enqueues
    chunks a dead worker left unfinished. A second call with the same key does nothing."""
    try:
        with transaction.atomic():
            fan_out = FanOut.objects.create(key=key, kind=kind, context=context)
    except IntegrityError:
        return None
    size = settings.NOTIFICATION_FAN_OUT_CHUNK
    recipient_ids = sorted(set(recipient_ids))
    chunks = FanOutChunk.objects.bulk_create(
        FanOutChunk(
            fan_out=fan_out, index=number, recipient_ids=recipient_ids[start : start + size]
        )
        for number, start in enumerate(range(0, len(recipient_ids), size))
    )
    ids = [chunk.pk for chunk in chunks]
    transaction.on_commit(lambda: _enqueue_chunks(ids))
    return fan_out


def _enqueue_chunks(chunk_ids: list[int]) -> None:
    for chunk_id in chunk_ids:
        try:
            signature(FAN_OUT_CHUNK_TASK, args=[chunk_id]).apply_async()
        except Exception as error:  # noqa: BLE001 - broker down (or, in process, a failed chunk): resend_pending re-enqueues it
            logger.warning("notifications: could not enqueue fan-out chunk %s: %s", chunk_id, error)
            return


def fan_out_chunk_write(*, chunk: FanOutChunk) -> int:
    """Write the chunk's notifications; the unique dedup key makes a re-run write nothing twice."""
    fan_out = chunk.fan_out
    wanted = _still_wanted(fan_out.kind, fan_out.context, chunk.recipient_ids)
    users = {user.pk: user for user in User.objects.filter(pk__in=wanted, is_active=True)}
    with transaction.atomic():
        locked = FanOutChunk.objects.select_for_update().get(pk=chunk.pk)
        if locked.is_done:
            return 0
        keys = {user_id: f"{fan_out.key}:{user_id}" for user_id in users}
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user_id, kind=fan_out.kind, context=fan_out.context, dedup_key=key
                )
                for user_id, key in keys.items()
            ],
            ignore_conflicts=True,
        )
        # Read back what exists (new or from an earlier, interrupted run) to attach deliveries.
        notifications = list(Notification.objects.filter(dedup_key__in=list(keys.values())))
        Delivery.objects.bulk_create(_deliveries_for(notifications, users), ignore_conflicts=True)
        FanOutChunk.objects.filter(pk=chunk.pk).update(is_done=True)
        ids = list(
            Delivery.objects.filter(
                notification__in=notifications, status=DeliveryStatus.PENDING
            ).values_list("pk", flat=True)
        )
        if ids:
            transaction.on_commit(lambda: _enqueue_deliveries(ids))
    return len(notifications)


def _in_quiet_hours(user: User, moment: datetime.datetime) -> datetime.datetime | None:
    """When the quiet hours covering ``moment`` end, or None if it is not quiet now.

    Without a setting of her own, 21:00 to 06:00 local time; quiet hours she switched off hold
    nothing back."""
    quiet = QuietHours.objects.filter(user=user).first() or QuietHours(user=user)
    if not quiet.is_enabled:
        return None
    local = timezone.localtime(moment)
    now_t, start, end = local.time(), quiet.starts_at, quiet.ends_at
    is_quiet = (start <= now_t or now_t < end) if start > end else (start <= now_t < end)
    if not is_quiet:
        return None
    end_day = local.date() if now_t < end else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(end_day, end), local.tzinfo)


def delivery_send(*, delivery_id: int, now: datetime.datetime | None = None) -> str:
    """Send one delivery at most once. Returns what happened: sent, deferred, failed, skipped
    or cancelled (its recipient check says the cause is gone: nothing is sent).

    The row is claimed with a conditional UPDATE (status pending, not claimed, due), so a second
    worker, a re-delivered task or the resend sweep finds nothing to do. Transient errors
    release the claim and raise for Celery to retry; permanent ones, or the last attempt, end
    the delivery ``failed``."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        Q(not_before__isnull=True) | Q(not_before__lte=now),
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
    ).update(
        claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    notification = delivery.notification
    user = notification.recipient
    if user.pk not in _still_wanted(notification.kind, notification.context, [user.pk]):
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.CANCELLED,
            claimed_until=None,
            last_error="its cause is gone (e.g. the job alert was deleted or paused)",
        )
        return "cancelled"
    if _needs_phone_consent(delivery) and not consent_is_given(
        user_id=user.pk, purpose=Purpose.CONTACT_BY_PHONE
    ):
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.CANCELLED,
            claimed_until=None,
            last_error="she withdrew her consent to be contacted by SMS/WhatsApp",
        )
        return "cancelled"
    if delivery.channel in PHONE_CHANNELS:
        quiet_until = _in_quiet_hours(user, now)
        if quiet_until is not None:
            Delivery.objects.filter(pk=delivery_id).update(
                not_before=quiet_until, claimed_until=None, attempts=F("attempts") - 1
            )
            return "deferred"
    return _deliver_claimed(delivery=delivery, now=now)


def _deliver_claimed(*, delivery: Delivery, now: datetime.datetime) -> str:
    """Hand a claimed delivery to its channel's gateway and record how it went."""
    delivery_id = delivery.pk
    notification = delivery.notification
    user = notification.recipient
    try:
        message = render_message(
            kind=notification.kind, context=notification.context, language=user.preferred_language
        )
        gateway_for(delivery.channel).deliver(
            to=delivery.address, message=message, idempotency_key=f"delivery-{delivery.pk}"
        )
    except PermanentDeliveryError as error:
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED, last_error=str(error)[:1000]
        )
        return "failed"
    except TransientDeliveryError as error:
        is_last = delivery.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
        # Exponential backoff with a cap; the task retries exactly when the row is due again.
        error.retry_in = min(5 * 2 ** (delivery.attempts - 1), 600)
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED if is_last else DeliveryStatus.PENDING,
            last_error=str(error)[:1000],
            claimed_until=None,
            not_before=now + datetime.timedelta(seconds=error.retry_in),
        )
        if is_last:
            return "failed"
        raise
    except Exception as error:
        # Anything else would fail the same way again: end it visibly instead of leaving it
        # claimed and pending forever (and, run in process, stopping the rest of the batch).
        logger.exception("notifications: delivery %s failed", delivery_id)
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED, claimed_until=None, last_error=repr(error)[:1000]
        )
        return "failed"
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now()
    )
    return "sent"


def notifications_resend_pending(
    *, now: datetime.datetime | None = None, stale_after_seconds: int = 60
) -> dict:
    """Re-enqueue what was committed but not sent: due deliveries and unfinished fan-out chunks."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            Q(not_before__isnull=True) | Q(not_before__lte=now),
            status=DeliveryStatus.PENDING,
            created_at__lt=now - datetime.timedelta(seconds=stale_after_seconds),
        ).values_list("pk", flat=True)[:10_000]
    )
    chunks = list(
        FanOutChunk.objects.filter(
            is_done=False, updated_at__lt=now - datetime.timedelta(seconds=stale_after_seconds)
        ).values_list("pk", flat=True)[:1_000]
    )
    _enqueue_deliveries(due)
    _enqueue_chunks(chunks)
    return {"deliveries": len(due), "chunks": len(chunks)}


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preferences_update(*, user: User, changes: list[dict]) -> None:
    """Set channels per event kind: ``[{"kind": ..., "email": bool, "sms": ..., ...}]``."""
    with transaction.atomic():
        for change in changes:
            Preference.objects.update_or_create(
                user=user,
                kind=change["kind"],
                defaults={
                    channel: change[channel]
                    for channel in ("email", "sms", "whatsapp")
                    if channel in change
                },
            )


def quiet_hours_update(
    *, user: User, starts_at: datetime.time, ends_at: datetime.time, is_enabled: bool
) -> QuietHours:
    quiet, _created = QuietHours.objects.update_or_create(
        user=user, defaults={"starts_at": starts_at, "ends_at": ends_at, "is_enabled": is_enabled}
    )
    return quiet


__all__ = [
    "Kind",
    "delivery_send",
    "fan_out_chunk_write",
    "fan_out_create",
    "notification_create",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notifications_resend_pending",
    "preferences_update",
    "quiet_hours_update",
    "register_recipient_check",
]
