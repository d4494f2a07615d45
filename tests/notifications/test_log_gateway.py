"""Without a configured gateway, SMS and WhatsApp messages are logged: never the text, and the
phone number masked (logs are read by more people than the messages are meant for)."""

import logging

import pytest

from notifications.gateways import LogGateway, gateway_for, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+6281234567789", "+62812****789"),
        ("081234567789", "081234****789"),
        ("0812 3456 7789", "081234****789"),
        ("+62812345", "+628****345"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_a_phone_number_is_masked_keeping_its_start_and_last_three_digits(number, masked):
    assert mask_phone(number) == masked


@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
def test_the_log_gateway_logs_neither_the_number_nor_the_text(caplog, settings, channel):
    settings.SMS_GATEWAY_URL = settings.WHATSAPP_GATEWAY_URL = ""
    gateway = gateway_for(channel)
    text = "Lamaran Anda untuk Penjahit Borongan diterima. Kode: 4821"
    assert isinstance(gateway, LogGateway)

    with caplog.at_level(logging.INFO, logger="notifications.gateways"):
        gateway.send(to="+6281234567789", text=text, idempotency_key="delivery-17")

    assert [record.getMessage() for record in caplog.records] == [
        f"{channel} to +62812****789 [delivery-17]: 57 characters, not sent (no gateway configured)"
    ]
    logged = caplog.text
    assert "1234567" not in logged
    assert "Penjahit" not in logged and "4821" not in logged
