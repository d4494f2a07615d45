"""Writing the open-data change log, in the transaction of the vacancy write it records.

Order: every entry takes its ``seq`` from the one ``VacancyChangeCounter`` row with an UPDATE,
which locks that row until the writing transaction ends. A second writer waits at that UPDATE
and reads the counter only after the first committed (or rolled back), so ``seq`` order is
commit order and a reader that sees ``seq`` n has already seen every smaller one: a cursor
never jumps over a change still in flight. On SQLite the database's single writer (transactions
begin IMMEDIATE) gives the same order. The price: vacancy writes that change public vacancies
commit one at a time, each holding the counter from its first recorded change to its commit
(a vacancy write is a short transaction; the lock is taken after the vacancy's own row lock).

Deadlocks, on PostgreSQL: at COMMIT a counter holder checks its deferred foreign keys, which
takes FOR KEY SHARE on the rows they point to (the employer of a vacancy row it updated twice,
the skills of the links it wrote). A writer that holds such a row FOR UPDATE while it waits for
the counter would close a cycle; so the services lock employers and skills FOR NO KEY UPDATE
(``select_for_update(no_key=True)``: they never change a key), which KEY SHARE does not wait for.
``tests/jobs/test_open_data_concurrency.py`` found the cycle, and shows it gone.

What an entry says follows from the vacancy's last entry and its state now:

=============================  ============================  ==============================
last entry                     vacancy now open              vacancy now not open / gone
=============================  ============================  ==============================
none, closed, expired, deleted ``published`` (with payload)  nothing
published or changed           ``changed`` (payload), only   ``closed`` / ``expired``;
                               if the payload differs        ``deleted`` when the row is gone
=============================  ============================  ==============================
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Subquery
from django.utils import timezone

from jobs.models import (
    PUBLIC_CHANGE_KINDS,
    ClosedReason,
    Vacancy,
    VacancyChange,
    VacancyChangeCounter,
    VacancyChangeKind,
    VacancyStatus,
)
from jobs.open_data.payload import public_vacancies, vacancy_payload
from sicaker.indexing import mark_dirty

COUNTER_PK = 1


def vacancies_changed(*, pks: Iterable[int]) -> None:
    """Call inside the writing transaction, after writing vacancies: they reach the search index
    (``mark_dirty``) and the open-data change log (``record_vacancy_changes``) together."""
    pks = sorted(set(pks))
    mark_dirty(Vacancy, pks)
    record_vacancy_changes(pks=pks)


def _latest_entries(pks: list[int]) -> dict[int, VacancyChange]:
    latest = (
        VacancyChange.objects.filter(vacancy_id__in=pks)
        .values("vacancy_id")
        .annotate(last=Max("seq"))
        .values("last")
    )
    return {
        entry.vacancy_id: entry for entry in VacancyChange.objects.filter(seq__in=Subquery(latest))
    }


def _closing_kind(vacancy: Vacancy, today: datetime.date) -> str:
    if vacancy.closed_reason == ClosedReason.EXPIRED or (
        vacancy.status == VacancyStatus.PUBLISHED and vacancy.valid_through < today
    ):
        return VacancyChangeKind.EXPIRED
    return VacancyChangeKind.CLOSED


def _take_seqs(count: int) -> int:
    """Reserve ``count`` sequence numbers; returns the first. The UPDATE locks the counter row
    until this transaction ends (the module's docstring says why)."""
    updated = VacancyChangeCounter.objects.filter(pk=COUNTER_PK).update(
        last_seq=F("last_seq") + count
    )
    if not updated:
        # The first change ever (or a test database emptied by a flush): make the row, once.
        start = VacancyChange.objects.aggregate(last=Max("seq"))["last"] or 0
        try:
            with transaction.atomic():
                VacancyChangeCounter.objects.create(pk=COUNTER_PK, last_seq=start)
        except IntegrityError:
            pass  # another writer made it first; the UPDATE below waits for it
        VacancyChangeCounter.objects.filter(pk=COUNTER_PK).update(last_seq=F("last_seq") + count)
    last = VacancyChangeCounter.objects.values_list("last_seq", flat=True).get(pk=COUNTER_PK)
    return last - count + 1


def record_vacancy_changes(*, pks: Iterable[int]) -> list[VacancyChange]:
    """Append what these vacancies' writes changed for the public (see the table above) to the
    change log, in the caller's transaction. Safe to call for any vacancy and any number of
    times: a write the public cannot see records nothing. Returns the new entries."""
    pks = sorted(set(pks))
    if not pks:
        return []
    with transaction.atomic():
        today = timezone.localdate()
        previous = _latest_entries(pks)
        vacancies = public_vacancies(pks)
        now = timezone.now()
        entries: list[VacancyChange] = []
        for pk in pks:
            last = previous.get(pk)
            was_public = last is not None and last.kind in PUBLIC_CHANGE_KINDS
            vacancy = vacancies.get(pk)
            if vacancy is not None and vacancy.is_open(today):
                payload = vacancy_payload(vacancy)
                if was_public and last is not None and last.payload == payload:
                    continue  # nothing the public sees changed
                kind: str = VacancyChangeKind.CHANGED if was_public else VacancyChangeKind.PUBLISHED
                entries.append(
                    VacancyChange(vacancy_id=pk, kind=kind, payload=payload, created_at=now)
                )
            elif was_public:
                kind = (
                    VacancyChangeKind.DELETED if vacancy is None else _closing_kind(vacancy, today)
                )
                entries.append(VacancyChange(vacancy_id=pk, kind=kind, payload={}, created_at=now))
        if not entries:
            return []
        first = _take_seqs(len(entries))
        for offset, entry in enumerate(entries):
            entry.seq = first + offset
        return VacancyChange.objects.bulk_create(entries)


def reconcile_change_log(*, batch_size: int = 500) -> int:
    """Bring the log in step with the vacancies: record the vacancies that are open but not
    public in the log (e.g. published before the log existed) and the ones public in the log
    but no longer open (a valid_through passed before the expiry sweep ran, a row deleted).
    Run before each snapshot; returns how many vacancies it recorded."""
    today = timezone.localdate()
    latest = VacancyChange.objects.values("vacancy_id").annotate(last=Max("seq")).values("last")
    public_in_log = set(
        VacancyChange.objects.filter(
            seq__in=Subquery(latest), kind__in=PUBLIC_CHANGE_KINDS
        ).values_list("vacancy_id", flat=True)
    )
    open_now = set(Vacancy.objects.open(today=today).values_list("pk", flat=True))
    differ = sorted(public_in_log ^ open_now)
    for start in range(0, len(differ), batch_size):
        batch = differ[start : start + batch_size]
        with transaction.atomic():
            # Row locks first, as a vacancy write holds them: a write committing meanwhile is
            # then read (its entry and the row) instead of being recorded over with stale data.
            list(
                Vacancy.objects.select_for_update(no_key=True)
                .filter(pk__in=batch)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            record_vacancy_changes(pks=batch)
    return len(differ)


def prune_change_log(*, older_than: datetime.datetime) -> int:
    """Forget entries created before ``older_than`` that no longer say anything about the
    present: superseded by a later entry of the same vacancy, or a closing/deletion. The last
    entry of every public vacancy stays, so the log from the start still rebuilds the public
    set; a cursor before the largest forgotten ``seq`` is refused from now on (410, take the
    snapshot). Returns how many entries it deleted."""
    with transaction.atomic():
        # The counter's lock: no writer appends while the horizon moves.
        _take_seqs(0)
        latest = VacancyChange.objects.values("vacancy_id").annotate(last=Max("seq")).values("last")
        old = VacancyChange.objects.filter(created_at__lt=older_than)
        doomed = old.exclude(seq__in=Subquery(latest)) | old.exclude(kind__in=PUBLIC_CHANGE_KINDS)
        horizon = doomed.aggregate(last=Max("seq"))["last"]
        if horizon is None:
            return 0
        deleted, _ = VacancyChange.objects.filter(pk__in=Subquery(doomed.values("pk"))).delete()
        VacancyChangeCounter.objects.filter(pk=COUNTER_PK, pruned_through__lt=horizon).update(
            pruned_through=horizon
        )
    return deleted
