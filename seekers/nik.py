"""The NIK (16-digit national ID number): validation, encryption, keyed digest and masking.

Layout: PP KK CC DDMMYY SSSS — province (11–94), regency, district, birth date (day + 40 for
women) and a serial. The number is personal data: stored only Fernet-encrypted with the newest
of ``settings.NIK_ENCRYPTION_KEYS``; an HMAC-SHA256 digest keyed by the same key lets the
database refuse a NIK registered twice without holding it in clear; the last four digits are kept
for the masked display.

Key rotation: every configured key decrypts (``MultiFernet``) and a NIK is looked up by its
digest under every key, so a new key can be put in front while rows are still encrypted with the
old one; ``manage.py nik_reencrypt`` then rewrites each row (token and digest) with the newest key,
after which the old key can be dropped.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

NIK_LENGTH = 16
PROVINCE_CODES = range(11, 95)
FEMALE_DAY_OFFSET = 40
KEY_BYTES = 32  # a Fernet key: 16 bytes to sign, 16 to encrypt


class InvalidNik(ValueError):
    """The text is not a plausible NIK; the message says what to check."""


@dataclass(frozen=True)
class NikFacts:
    nik: str
    province_code: int
    is_female: bool
    birth_day: int
    birth_month: int
    birth_year_2digits: int


def _is_real_date(day: int, month: int, two_digit_year: int) -> bool:
    # The century is not in the NIK: the date is real if it exists in 19YY or in 20YY.
    for century in (1900, 2000):
        try:
            datetime.date(century + two_digit_year, month, day)
        except ValueError:
            continue
        return True
    return False


def validate_nik(value: str) -> NikFacts:
    """The NIK's facts, or InvalidNik. Spaces people type between digit groups are ignored."""
    nik = "".join(str(value or "").split())
    if not nik.isascii() or not nik.isdigit():
        raise InvalidNik(_("A NIK contains digits only; copy the 16 digits from your KTP."))
    if len(nik) != NIK_LENGTH:
        raise InvalidNik(
            _("A NIK has exactly 16 digits, this one has %(count)d; check it against your KTP.")
            % {"count": len(nik)}
        )
    province = int(nik[:2])
    if province not in PROVINCE_CODES:
        raise InvalidNik(
            _(
                "The first two digits of a NIK are a province code between 11 and 94; "
                "check the number on your KTP."
            )
        )
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    is_female = day > FEMALE_DAY_OFFSET
    if is_female:
        day -= FEMALE_DAY_OFFSET
    if not _is_real_date(day, month, year):
        raise InvalidNik(
            _(
                "Digits 7 to 12 of a NIK are the birth date as DDMMYY (day + 40 for women) and "
                "do not form a real date here; check the number on your KTP."
            )
        )
    return NikFacts(
        nik=nik,
        province_code=province,
        is_female=is_female,
        birth_day=day,
        birth_month=month,
        birth_year_2digits=year,
    )


@dataclass(frozen=True)
class _Keyring:
    newest: Fernet
    every: MultiFernet
    digest_keys: tuple[bytes, ...]  # newest first


@lru_cache(maxsize=4)
def _keyring(configured_keys: tuple[str, ...]) -> _Keyring:
    if not configured_keys:
        raise ImproperlyConfigured(
            "NIK_ENCRYPTION_KEYS is empty; set NIK_ENCRYPTION_KEY or NIK_ENCRYPTION_KEYS"
        )
    fernets, raws = [], []
    for key in configured_keys:
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
            if len(raw) != KEY_BYTES:
                raise ValueError("not 32 bytes")
            fernets.append(Fernet(key))
            raws.append(raw)
        except (ValueError, binascii.Error, UnicodeEncodeError) as error:
            raise ImproperlyConfigured(
                "Each NIK encryption key must be 32 bytes in urlsafe base64; generate one with "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`"
            ) from error
    return _Keyring(newest=fernets[0], every=MultiFernet(fernets), digest_keys=tuple(raws))


def _configured() -> _Keyring:
    return _keyring(tuple(settings.NIK_ENCRYPTION_KEYS))


def encrypt_nik(nik: str) -> str:
    """The NIK encrypted with the newest key."""
    return _configured().newest.encrypt(nik.encode("ascii")).decode("ascii")


def decrypt_nik(token: str) -> str:
    """Only for the labor office's own processes; no API endpoint returns the full NIK.
    Any configured key decrypts; InvalidToken when none does."""
    return _configured().every.decrypt(token.encode("ascii")).decode("ascii")


def nik_digest(nik: str) -> str:
    """HMAC-SHA256 (hex) keyed by the newest NIK key: equal NIKs, equal digests; not reversible."""
    return _digest(_configured().digest_keys[0], nik)


def nik_digests(nik: str) -> list[str]:
    """The NIK's digest under every configured key, newest first: during a rotation a stored
    row may still carry the digest of an older key, and a duplicate must be found all the same."""
    return [_digest(key, nik) for key in _configured().digest_keys]


def _digest(key: bytes, nik: str) -> str:
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Reencrypted:
    token: str
    digest: str
    is_changed: bool  # False: already encrypted and digested with the newest key


def reencrypt_nik(*, token: str, digest: str | None) -> Reencrypted:
    """The stored token and digest rewritten with the newest key (InvalidToken when no configured
    key reads the token). A row already under the newest key is returned unchanged."""
    keyring = _configured()
    try:
        nik = keyring.newest.decrypt(token.encode("ascii")).decode("ascii")
        is_token_current = True
    except InvalidToken:
        nik = keyring.every.decrypt(token.encode("ascii")).decode("ascii")
        is_token_current = False
    new_digest = _digest(keyring.digest_keys[0], nik)
    if is_token_current and new_digest == digest:
        return Reencrypted(token=token, digest=new_digest, is_changed=False)
    return Reencrypted(token=encrypt_nik(nik), digest=new_digest, is_changed=True)
