"""Re-encrypting the stored NIKs with the newest key, batch by batch (key rotation)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.fernet import InvalidToken
from django.db import transaction

from seekers import nik as nik_codec
from seekers.models import SeekerProfile


@dataclass(frozen=True)
class NikBatch:
    """One batch of profiles with a NIK, in primary-key order."""

    last_pk: int | None  # resume after this one; None: no profile after ``after_pk``
    rewritten: int
    already_current: int
    unreadable_pks: list[int] = field(default_factory=list)

    @property
    def size(self) -> int:
        return self.rewritten + self.already_current + len(self.unreadable_pks)


def seeker_nik_reencrypt(*, after_pk: int, batch_size: int) -> NikBatch:
    """Rewrite the NIK token and digest of the next ``batch_size`` profiles (pk > ``after_pk``)
    with the newest of ``NIK_ENCRYPTION_KEYS``.

    Rules: a row already under the newest key is left alone, so running again is harmless and a
    run stopped half-way resumes with ``after_pk`` = the last pk it reported; a token that no
    configured key reads (its key was dropped too early) is left as it is and reported. The
    rows are locked for the batch's transaction, so a seeker editing her NIK at the same time
    waits and her new value is not overwritten. Side effects: none beyond the two columns (no
    search change: the NIK is not indexed).
    """
    with transaction.atomic():
        rows = list(
            SeekerProfile.objects.select_for_update()
            .filter(pk__gt=after_pk)
            .exclude(nik_encrypted="")
            .order_by("pk")
            .only("pk", "nik_encrypted", "nik_digest")[:batch_size]
        )
        changed, current, unreadable = [], 0, []
        for row in rows:
            try:
                result = nik_codec.reencrypt_nik(token=row.nik_encrypted, digest=row.nik_digest)
            except InvalidToken:
                unreadable.append(row.pk)
                continue
            if not result.is_changed:
                current += 1
                continue
            row.nik_encrypted, row.nik_digest = result.token, result.digest
            changed.append(row)
        SeekerProfile.objects.bulk_update(changed, ["nik_encrypted", "nik_digest"])
    return NikBatch(
        last_pk=rows[-1].pk if rows else None,
        rewritten=len(changed),
        already_current=current,
        unreadable_pks=unreadable,
    )


@dataclass(frozen=True)
class NikKeyCensus:
    """How the stored NIKs stand against the configured keys (a read, kept beside the rewrite
    it checks)."""

    current: int  # encrypted and digested with the newest key
    older: int  # readable, but under an older key: ``nik_reencrypt`` has not reached them
    unreadable_pks: list[int]


def seeker_nik_key_census(*, chunk_size: int = 2000) -> NikKeyCensus:
    """Decrypt every stored NIK once (no write) to tell whether an older key is still needed."""
    current = older = 0
    unreadable: list[int] = []
    rows = (
        SeekerProfile.objects.exclude(nik_encrypted="")
        .order_by("pk")
        .values_list("pk", "nik_encrypted", "nik_digest")
    )
    for pk, token, digest in rows.iterator(chunk_size=chunk_size):
        try:
            result = nik_codec.reencrypt_nik(token=token, digest=digest)
        except InvalidToken:
            unreadable.append(pk)
            continue
        if result.is_changed:
            older += 1
        else:
            current += 1
    return NikKeyCensus(current=current, older=older, unreadable_pks=unreadable)
