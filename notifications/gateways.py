"""Where messages leave Si-Caker: one small interface, a gateway per channel.

Email goes through Django's mail backend (``EmailGateway``). For SMS and WhatsApp an office plugs
in its provider by settings (URL and token); the HTTP adapter POSTs JSON
``{"channel", "to", "text"}`` with ``Authorization: Bearer <token>`` and an ``Idempotency-Key``
header (the delivery's key), so a provider that honours it never sends a message twice.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from accounts.codes import CodeNotSent
from notifications.models import Channel
from notifications.rendering import Message

logger = logging.getLogger(__name__)

# Answers worth retrying besides every 5xx: a request timeout and "too many requests".
RETRY_STATUSES = (408, 429)
FIRST_SERVER_ERROR = 500
# A number this short is masked whole; a longer one keeps its first (up to 6) and last 3 digits.
MASK_WHOLE_UP_TO = 6


class DeliveryError(Exception):
    """A message could not be delivered."""


class TransientDeliveryError(DeliveryError):
    """Worth retrying later: a timeout, a refused connection, a 5xx, a 429."""

    retry_in: int = 5  # seconds; delivery_send sets the backoff of each attempt


class PermanentDeliveryError(DeliveryError):
    """Retrying cannot help: a bad number, a rejected token (4xx)."""


class Gateway(Protocol):
    """What ``delivery_send`` needs of a channel: hand one rendered message to one address."""

    def deliver(self, *, to: str, message: Message, idempotency_key: str) -> None: ...


@dataclass(frozen=True)
class EmailGateway:
    """Email through Django's configured mail backend: the title, the text and its HTML part."""

    def deliver(self, *, to: str, message: Message, idempotency_key: str) -> None:
        try:
            send_mail(
                message.title,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [to],
                html_message=message.html,
            )
        except (ConnectionError, TimeoutError, OSError) as error:
            raise TransientDeliveryError(f"email: {error}") from error
        except ValueError as error:  # e.g. BadHeaderError: retrying would fail the same way
            raise PermanentDeliveryError(f"email: {error}") from error


class _ShortTextGateway:
    """SMS and WhatsApp carry the message's short text (at most 160 characters)."""

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        raise NotImplementedError

    def deliver(self, *, to: str, message: Message, idempotency_key: str) -> None:
        self.send(to=to, text=message.short, idempotency_key=idempotency_key)


@dataclass(frozen=True)
class HttpGateway(_ShortTextGateway):
    channel: str
    url: str
    token: str
    timeout: float

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        payload = json.dumps({"channel": self.channel, "to": to, "text": text}).encode()
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": idempotency_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if error.code in RETRY_STATUSES or error.code >= FIRST_SERVER_ERROR:
                raise TransientDeliveryError(
                    f"{self.channel} gateway answered {error.code}"
                ) from error
            raise PermanentDeliveryError(
                f"{self.channel} gateway refused the message ({error.code})"
            ) from error
        except (TimeoutError, urllib.error.URLError, ConnectionError) as error:
            raise TransientDeliveryError(f"{self.channel} gateway unreachable: {error}") from error


@dataclass(frozen=True)
class LogGateway(_ShortTextGateway):
    """Used when no gateway URL is configured (local runs): the message goes to the log."""

    channel: str

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        # Logs are read by more people than messages are meant for: no text, a masked number.
        logger.info(
            "%s to %s [%s]: %d characters, not sent (no gateway configured)",
            self.channel, mask_phone(to), idempotency_key, len(text),
        )  # fmt: skip


def mask_phone(number: str) -> str:
    """The number with its middle hidden, e.g. +6281234567890 -> +62812****890."""
    number = "".join(number.split())
    if len(number) <= MASK_WHOLE_UP_TO:
        return "*" * len(number)
    keep_start = min(MASK_WHOLE_UP_TO, len(number) - 5)
    return f"{number[:keep_start]}****{number[-3:]}"


def gateway_for(channel: str) -> Gateway:
    """The gateway of ``channel``: email, or the SMS/WhatsApp provider configured in settings."""
    if channel == Channel.EMAIL:
        return EmailGateway()
    url = getattr(settings, f"{channel.upper()}_GATEWAY_URL", "")
    if not url:
        return LogGateway(channel=channel)
    return HttpGateway(
        channel=channel,
        url=url,
        token=getattr(settings, f"{channel.upper()}_GATEWAY_TOKEN", ""),
        timeout=settings.NOTIFICATION_GATEWAY_TIMEOUT,
    )


def send_code_text(channel: str, to: str, text: str, idempotency_key: str) -> None:
    """Hand a one-time code's text straight to the SMS/WhatsApp gateway (not the outbox: the
    outbox keeps what it sends, and a code must never be stored in clear).

    Registered as accounts' code sender; a failure becomes ``CodeNotSent``. Nothing here logs
    the text."""
    gateway = gateway_for(channel)
    if not isinstance(gateway, _ShortTextGateway):
        raise CodeNotSent(f"{channel} cannot carry codes")
    try:
        gateway.send(to=to, text=text, idempotency_key=idempotency_key)
    except DeliveryError as error:
        raise CodeNotSent(str(error)) from error
