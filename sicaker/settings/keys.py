"""Checks that keep published or guessable keys out of production (used by production.py).

A key that appears in this repository (the local and test defaults, the old compose and image
placeholders) is public; a short or patterned one can be guessed. With the secret key anyone
can sign API tokens for any account; with the NIK key anyone holding a database copy can read
every NIK. So production refuses both at start-up, naming the variable and how to make a key.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

GENERATE_SECRET_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
GENERATE_NIK_KEY = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)

# Every key this repository has ever shipped as a default or placeholder.
PUBLISHED_SECRET_KEYS = frozenset(
    {
        "local-only-insecure-secret-key-do-not-use-in-production",
        "test-only-secret-key-long-enough-for-hmac-sha256-signing",
        "change-me-in-production",
        "build-only-dummy-secret-key",
    }
)
PUBLISHED_NIK_KEYS = frozenset(
    {
        "bG9jYWwtb25seS1uaWstZW5jcnlwdGlvbi1rZXktMDE=",
        "dGVzdC1vbmx5LW5pay1lbmNyeXB0aW9uLWtleS0wMDE=",
        "Y29tcG9zZS1kZW1vLW9ubHktbmlrLWtleS1jaGFuZ2U=",
        "YnVpbGQtb25seS1kdW1teS1uaWstZW5jcnlwdGlvbiE=",
    }
)
# Words that mark a value someone typed as a stand-in, not a generated key.
PLACEHOLDER_WORDS = (
    "change-me", "changeme", "change_me", "placeholder", "insecure", "do-not-use", "example",
    "local-only", "test-only", "dummy", "secret-key", "your-", "replace",
)  # fmt: skip
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_DISTINCT = 10
FERNET_KEY_BYTES = 32
# A typed key decodes to printable ASCII (space .. tilde) or repeats a few byte values.
PRINTABLE_ASCII = range(32, 127)
MIN_NIK_KEY_DISTINCT_BYTES = 16


def check_secret_key(value: str, *, name: str = "DJANGO_SECRET_KEY") -> None:
    """ImproperlyConfigured unless ``value`` looks like a generated, unpublished secret key."""
    how = f"generate one with: {GENERATE_SECRET_KEY}"
    lowered = value.lower()
    if value in PUBLISHED_SECRET_KEYS or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"{name} is a key published with Si-Caker (a local, test or example default); "
            f"anyone could sign tokens with it. Set your own: {how}"
        )
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        raise ImproperlyConfigured(f"{name} is a placeholder, not a key; {how}")
    if len(value) < MIN_SECRET_KEY_LENGTH or len(set(value)) < MIN_SECRET_KEY_DISTINCT:
        raise ImproperlyConfigured(
            f"{name} is too short or too simple ({len(value)} characters, "
            f"{len(set(value))} different); it needs at least {MIN_SECRET_KEY_LENGTH} characters "
            f"of {MIN_SECRET_KEY_DISTINCT} or more different ones; {how}"
        )


def check_nik_key(value: str, *, name: str = "NIK_ENCRYPTION_KEY") -> None:
    """ImproperlyConfigured unless ``value`` is a random Fernet key not published anywhere.

    A Fernet key is 32 random bytes in urlsafe base64; one that decodes to readable text was
    typed by a person (like every placeholder so far) and can be guessed.
    """
    how = f"generate one with: {GENERATE_NIK_KEY}"
    if value in PUBLISHED_NIK_KEYS:
        raise ImproperlyConfigured(
            f"{name} is a key published with Si-Caker (a local, test or example default); "
            f"anyone could read the stored NIKs with it. Set your own: {how}"
        )
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii"))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raw = b""
    if len(raw) != FERNET_KEY_BYTES:
        raise ImproperlyConfigured(
            f"{name} is not a Fernet key (32 bytes in urlsafe base64); {how}"
        )
    if all(byte in PRINTABLE_ASCII for byte in raw) or len(set(raw)) < MIN_NIK_KEY_DISTINCT_BYTES:
        raise ImproperlyConfigured(
            f"{name} decodes to text or a pattern, not to random bytes: it was typed, not "
            f"generated; {how}"
        )


def configured_nik_keys(environ: Mapping[str, str]) -> list[str]:
    """The NIK keys, newest first: ``NIK_ENCRYPTION_KEYS`` (comma-separated, for a rotation) or
    else the single ``NIK_ENCRYPTION_KEY``; empty when neither is set.

    The newest key encrypts and keys the duplicate-NIK digest; every key listed decrypts, so a
    new key goes in front and an old one is dropped only after ``manage.py nik_reencrypt``.
    """
    keys = [key.strip() for key in environ.get("NIK_ENCRYPTION_KEYS", "").split(",")]
    keys = [key for key in keys if key]
    if keys:
        return keys
    single = environ.get("NIK_ENCRYPTION_KEY", "").strip()
    return [single] if single else []


def check_nik_keys(values: list[str]) -> None:
    """``check_nik_key`` on every configured key (named by its place), and no key twice."""
    if not values:
        raise ImproperlyConfigured(
            "Neither NIK_ENCRYPTION_KEYS nor NIK_ENCRYPTION_KEY is set; "
            f"generate a key with: {GENERATE_NIK_KEY}"
        )
    for place, value in enumerate(values):
        name = "NIK_ENCRYPTION_KEY" if len(values) == 1 else f"NIK_ENCRYPTION_KEYS[{place}]"
        check_nik_key(value, name=name)
    if len(set(values)) != len(values):
        raise ImproperlyConfigured("NIK_ENCRYPTION_KEYS lists the same key twice; list each once")
