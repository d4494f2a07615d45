"""Periodic work of the accounts app (thin: each calls one service)."""

from __future__ import annotations

from celery import shared_task

from accounts.codes import phone_codes_flush
from accounts.services import tokens_flush_expired


@shared_task(name="accounts.flush_expired_tokens")
def flush_expired_tokens() -> int:
    """Forget refresh tokens past their expiry, and one-time codes a day past theirs; run daily
    by beat. Returns how many rows went."""
    return tokens_flush_expired() + phone_codes_flush()
