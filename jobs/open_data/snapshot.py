"""The snapshot: every public vacancy as gzip-compressed JSON Lines, with the cursor it is
consistent with, rebuilt periodically (beat, ``manage.py open_data_snapshot``).

It is built from the change log itself, not from the vacancy table: for each vacancy, its last
entry at or before the cursor, kept if that entry leaves it public. So a consumer that loads the
snapshot and then follows the stream from its cursor sees every later change exactly once.

Files, in ``OPEN_DATA_DIR``: ``vacancies-<seq>-<time>.jsonl.gz`` (one vacancy payload a line,
ordered by id) and ``vacancies.json``, the metadata naming the current one. Each is written to a
temporary name and renamed into place, the data before the metadata, and the file before the
current one is kept a while, so a download that began earlier finishes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max, Subquery
from django.utils import timezone

from jobs.models import PUBLIC_CHANGE_KINDS, VacancyChange
from jobs.open_data.log import reconcile_change_log
from jobs.open_data.stream import current_seq, encode_cursor

META_FILE = "vacancies.json"
DATA_PREFIX = "vacancies-"
DATA_SUFFIX = ".jsonl.gz"


def snapshot_dir() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def _write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def snapshot_build() -> dict[str, Any]:
    """Bring the log in step with the vacancies, write a new snapshot at the newest cursor and
    make it the current one; returns its metadata (``snapshot_info``)."""
    reconcile_change_log()
    seq = current_seq()
    generated_at = timezone.now()
    directory = snapshot_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{DATA_PREFIX}{seq}-{generated_at.strftime('%Y%m%dT%H%M%S%f')}{DATA_SUFFIX}"
    temporary = directory / (name + ".tmp")
    last_entries = (
        VacancyChange.objects.filter(seq__lte=seq)
        .values("vacancy_id")
        .annotate(last=Max("seq"))
        .values("last")
    )
    payloads = (
        VacancyChange.objects.filter(seq__in=Subquery(last_entries), kind__in=PUBLIC_CHANGE_KINDS)
        .order_by("vacancy_id")
        .values_list("payload", flat=True)
    )
    count = 0
    with gzip.open(temporary, "wt", encoding="utf-8") as out:
        for payload in payloads.iterator(chunk_size=1000):
            out.write(json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    digest = hashlib.sha256()
    with temporary.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    os.replace(temporary, directory / name)
    info = {
        "generated_at": timezone.localtime(generated_at).isoformat(),
        "cursor": encode_cursor(seq),
        "count": count,
        "size_bytes": (directory / name).stat().st_size,
        "sha256": digest.hexdigest(),
        "file": name,
    }
    previous = snapshot_info()
    _write_json_atomically(directory / META_FILE, info)
    keep = {name, previous["file"] if previous else ""}
    for old in directory.glob(f"{DATA_PREFIX}*{DATA_SUFFIX}"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return info


def snapshot_info() -> dict[str, Any] | None:
    """The current snapshot's metadata, or None when none was built yet."""
    try:
        info: dict[str, Any] = json.loads((snapshot_dir() / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if not (snapshot_dir() / info["file"]).exists():
        return None
    return info


def snapshot_path(info: dict[str, Any]) -> Path:
    return snapshot_dir() / str(info["file"])
