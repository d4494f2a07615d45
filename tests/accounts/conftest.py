"""The SMS/WhatsApp provider as a real local HTTP server, for the one-time codes."""

from __future__ import annotations

import re

import pytest

from tests.notifications.conftest import GatewayServer


@pytest.fixture
def gateway(settings):
    with GatewayServer() as server:
        settings.SMS_GATEWAY_URL = server.url
        settings.SMS_GATEWAY_TOKEN = "sms-token"
        settings.WHATSAPP_GATEWAY_URL = server.url
        settings.WHATSAPP_GATEWAY_TOKEN = "wa-token"
        yield server


def code_in(request: dict) -> str:
    """The 6-digit code in a message the gateway received."""
    found = re.search(r"\b(\d{6})\b", request["body"]["text"])
    assert found is not None, request
    return found.group(1)
