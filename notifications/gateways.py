"""Where SMS and WhatsApp messages leave Si-Caker: one small interface, an HTTP adapter.

An office plugs in its provider by settings (URL and token). The adapter POSTs JSON
``{"channel", "to", "text"}`` with ``Authorization: Bearer <token>`` and an ``Idempotency-Key``
header (the delivery's key), so a provider that honours it never sends a message twice.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A message could not be delivered."""


class TransientDeliveryError(DeliveryError):
    """Worth retrying later: a timeout, a refused connection, a 5xx, a 429."""


class PermanentDeliveryError(DeliveryError):
    """Retrying cannot help: a bad number, a rejected token (4xx)."""


@dataclass(frozen=True)
class HttpGateway:
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
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            if error.code in (408, 429) or error.code >= 500:
                raise TransientDeliveryError(
                    f"{self.channel} gateway answered {error.code}"
                ) from error
            raise PermanentDeliveryError(
                f"{self.channel} gateway refused the message ({error.code})"
            ) from error
        except (TimeoutError, urllib.error.URLError, ConnectionError) as error:
            raise TransientDeliveryError(f"{self.channel} gateway unreachable: {error}") from error


@dataclass(frozen=True)
class LogGateway:
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
    if len(number) <= 6:
        return "*" * len(number)
    keep_start = min(6, len(number) - 5)
    return f"{number[:keep_start]}****{number[-3:]}"


def gateway_for(channel: str) -> HttpGateway | LogGateway:
    url = getattr(settings, f"{channel.upper()}_GATEWAY_URL", "")
    if not url:
        return LogGateway(channel=channel)
    return HttpGateway(
        channel=channel,
        url=url,
        token=getattr(settings, f"{channel.upper()}_GATEWAY_TOKEN", ""),
        timeout=settings.NOTIFICATION_GATEWAY_TIMEOUT,
    )
