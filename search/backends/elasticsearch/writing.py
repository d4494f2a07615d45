"""Writing to Elasticsearch: bulk indexing with external versions, rebuilds with an alias swap."""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.db import connection
from django.db import connections as db_connections
from elasticsearch import ApiError
from elasticsearch.helpers import BulkIndexError, bulk, streaming_bulk

from search.analysis import pinned_vocabulary
from search.backends.base import SearchUnavailable
from search.backends.elasticsearch.base import (
    _TRANSIENT,
    INDEX_SPECS,
    REBUILD_MIN_COMPLETENESS,
    ElasticsearchCore,
    IndexSpec,
    _index_name,
)
from search.documents import PendingDocument, confirm_indexed
from search.flat_documents import FLAT_DOCUMENTS
from search.indexing import confirm_deleted, tombstone_versions
from search.mappings import index_settings

logger = logging.getLogger(__name__)


ALERT_LABEL = "search.jobalert"
# A rebuild: documents per bulk request, and bulk requests in flight while the next is built.
REBUILD_CHUNK = 1_000
REBUILD_SENDERS = 2
# A busy node answers a bulk item with 429 (its write queue full): retried with a growing pause
# (1, 2, 4 s) instead of failing the whole rebuild.
REBUILD_BULK_RETRIES = 3
# Documents are built in this many processes (forked; each reads its ranges of rows with its own
# connection), once an index has this many rows: building them on the sending process held the
# rebuild to about 0.3-0.4x of a raw bulk of the same documents.
REBUILD_PROCESSES = max(2, min(4, os.cpu_count() or 2))
REBUILD_PROCESSES_FROM_ROWS = 20_000
# While a new index is built: no refresh, no replicas (restored before the alias swap).
BUILD_SETTINGS = {"refresh_interval": "-1", "number_of_replicas": 0}


def mapping_version(spec: IndexSpec) -> str:
    """A digest of the index's mapping as the code defines it; each index records the one it was
    created with (``_meta``), so an upgrade knows whether ``search_rebuild`` is needed."""
    text = json.dumps(spec.mapping, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _with_tombstone_versions(
    model_label: str, pending: list[PendingDocument]
) -> list[PendingDocument]:
    """A deleted row is removed with its tombstone's version, so that an index write of the row
    read before the delete and arriving after it is refused instead of bringing it back."""
    gone = tombstone_versions(
        model_label=model_label, pks=[document.pk for document in pending if not document.version]
    )
    return [
        PendingDocument(pk=document.pk, version=gone[document.pk], body=None)
        if document.pk in gone and not document.version
        else document
        for document in pending
    ]


def _build_range(model_label: str, index: str, low: int, high: int) -> tuple[dict[int, int], bytes]:
    """In a builder process: the documents of the rows low < pk <= high, as the body of one bulk
    request (external versions), with their versions."""
    versions: dict[int, int] = {}
    lines: list[str] = []
    with pinned_vocabulary():
        for pk, version, body in FLAT_DOCUMENTS[model_label](pk_range=(low, high)):
            versions[pk] = version
            action = {"_index": index, "_id": str(pk), "version": version}
            lines.append(json.dumps({"index": {**action, "version_type": "external"}}))
            lines.append(json.dumps(body, separators=(",", ":")))
    return versions, ("\n".join(lines) + "\n").encode() if lines else b""


def _ranges(pks: list[int], size: int) -> list[tuple[int, int]]:
    """(low, high] boundaries holding ``size`` of ``pks`` (sorted) each."""
    ranges = []
    low = 0
    for start in range(0, len(pks), size):
        high = pks[min(start + size, len(pks)) - 1]
        ranges.append((low, high))
        low = high
    return ranges


def _can_fork() -> bool:
    """Builder processes need a connection of their own that sees committed rows: not inside a
    transaction (tests), not in a daemon process (a Celery prefork child cannot have children),
    and only where ``fork`` exists."""
    return (
        not connection.in_atomic_block
        and not multiprocessing.current_process().daemon
        and "fork" in multiprocessing.get_all_start_methods()
    )


class IndexWriter(ElasticsearchCore):
    def _send_bulk(self, payload: bytes) -> None:
        """One bulk request of ready NDJSON; items refused with 429 (a busy node) are sent again
        after 1, 2, 4 s (with the same external versions: 409 then means already written)."""
        for attempt in range(REBUILD_BULK_RETRIES + 1):
            answer = self.client.bulk(
                operations=payload,  # type: ignore[arg-type]  # ready NDJSON, sent as is
                filter_path="errors,items.*.status,items.*.error,items.*._id",
            )
            if not answer.get("errors"):
                return
            items = [next(iter(item.values())) for item in answer.get("items", [])]
            failed = [
                item
                for item in items
                if item.get("status", 500) >= HTTPStatus.MULTIPLE_CHOICES
                and item.get("status") != HTTPStatus.CONFLICT
            ]
            busy = [item for item in failed if item.get("status") == HTTPStatus.TOO_MANY_REQUESTS]
            if not failed:
                return
            if len(busy) < len(failed) or attempt == REBUILD_BULK_RETRIES:
                raise BulkIndexError(f"{len(failed)} document(s) failed to index.", failed)
            time.sleep(2**attempt)

    def _bulk_built_in_processes(
        self, spec: IndexSpec, index: str, versions: dict[int, int]
    ) -> None:
        """Documents built by REBUILD_PROCESSES builder processes, range by range (each a bulk
        request of ready bytes), sent from here while the next ranges are built; at most
        REBUILD_SENDERS bulk requests in flight, the first failure raised."""
        pks = list(
            spec.rebuild_rows().prefetch_related(None).order_by("pk").values_list("pk", flat=True)
        )
        ranges = _ranges(pks, REBUILD_CHUNK)
        # Each builder opens its own connection: none is inherited open across the fork.
        db_connections.close_all()
        context = multiprocessing.get_context("fork")
        with (
            ProcessPoolExecutor(max_workers=REBUILD_PROCESSES, mp_context=context) as builders,
            ThreadPoolExecutor(max_workers=REBUILD_SENDERS) as senders,
        ):
            building: deque[Future[tuple[dict[int, int], bytes]]] = deque()
            sending: deque[Future[None]] = deque()
            queued = iter(ranges)
            for low, high in itertools.islice(queued, REBUILD_PROCESSES * 2):
                building.append(builders.submit(_build_range, spec.model_label, index, low, high))
            while building:
                built, payload = building.popleft().result()
                for low, high in itertools.islice(queued, 1):
                    building.append(
                        builders.submit(_build_range, spec.model_label, index, low, high)
                    )
                versions.update(built)
                if not payload:
                    continue
                if len(sending) >= REBUILD_SENDERS:
                    sending.popleft().result()
                sending.append(senders.submit(self._send_bulk, payload))
            while sending:
                sending.popleft().result()

    def _create_index(self, spec: IndexSpec, *, with_alias: bool, building: bool = False) -> str:
        """A new index; ``building``: no refresh and no replicas until ``_restore_settings``."""
        alias = self.aliases[spec.model_label]
        name = _index_name(alias)
        aliases = {alias: {"is_write_index": True}} if with_alias else None
        mappings = {**spec.mapping, "_meta": {"sicaker_mapping_version": mapping_version(spec)}}
        settings = index_settings()
        if building:
            settings = {**settings, **BUILD_SETTINGS}
        self.client.indices.create(
            index=name, settings=settings, mappings=mappings, aliases=aliases
        )
        return name

    def _restore_settings(self, index: str) -> None:
        """Refresh and replicas as configured again, and the replicas allocated (when the cluster
        can: a single node never allocates one, and is not waited for longer than a minute)."""
        configured = index_settings()
        self.client.indices.put_settings(
            index=index, settings={key: configured[key] for key in BUILD_SETTINGS}
        )
        if configured["number_of_replicas"]:
            health = self.client.options(ignore_status=408).cluster.health(
                index=index, wait_for_status="green", timeout="60s"
            )
            if health.get("timed_out"):
                logger.warning("search: replicas of %s not allocated within 60 s", index)

    def _bulk_in_parallel(self, chunks: Iterator[list[dict[str, Any]]]) -> None:
        """Send each chunk as one bulk request on a sender thread while the next is built here;
        at most REBUILD_SENDERS requests in flight, the first failure raised."""
        in_flight: deque[Future[tuple[int, Any]]] = deque()
        with ThreadPoolExecutor(max_workers=REBUILD_SENDERS) as senders:
            for chunk in chunks:
                if len(in_flight) >= REBUILD_SENDERS:
                    in_flight.popleft().result()
                in_flight.append(
                    senders.submit(
                        bulk,
                        self.client,
                        chunk,
                        chunk_size=REBUILD_CHUNK,
                        max_retries=REBUILD_BULK_RETRIES,
                        initial_backoff=1,
                    )
                )
            while in_flight:
                in_flight.popleft().result()

    def stale_mappings(self) -> list[str]:
        """The aliases whose index was created with another mapping than the code's (or records
        none): ``manage.py search_rebuild`` brings them in line. A missing index is not stale
        (it is created on first use)."""
        stale = []
        for spec in INDEX_SPECS:
            alias = self.aliases[spec.model_label]
            found = self.client.options(ignore_status=404).indices.get_mapping(index=alias)
            if found.meta.status == HTTPStatus.NOT_FOUND:
                continue
            recorded = {
                index["mappings"].get("_meta", {}).get("sicaker_mapping_version")
                for index in found.body.values()
            }
            if recorded != {mapping_version(spec)}:
                stale.append(alias)
        return stale

    def ensure_index(self, spec: IndexSpec) -> None:
        try:
            if not self.client.indices.exists_alias(name=self.aliases[spec.model_label]):
                self._create_index(spec, with_alias=True)
        except ApiError as error:
            if (
                error.meta.status != HTTPStatus.BAD_REQUEST
            ):  # 400: created concurrently by another worker
                raise
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error

    def index(self, *, model_label: str, pks: list[int]) -> int:
        spec = self.specs.get(model_label)
        if spec is None:
            raise ValueError(f"no search index for {model_label}")
        self.ensure_index(spec)
        alias = self.aliases[model_label]
        with pinned_vocabulary():
            pending = _with_tombstone_versions(model_label, spec.pending(pks))
        versions = {document.pk: document.version for document in pending}
        actions = []
        for document in pending:
            action: dict[str, Any] = {"_index": alias, "_id": str(document.pk)}
            if document.version:
                action.update(version=document.version, version_type="external")
            if document.body is None:
                action["_op_type"] = "delete"
            else:
                action["_source"] = document.body
            actions.append(action)
        removals = {document.pk for document in pending if document.body is None}
        confirmed: dict[int, int] = {}
        removed: list[int] = []
        written = 0
        # Alerts: answer only once the writes are searchable (the next scheduled refresh, nothing
        # forced), so an alert confirmed as indexed is one that matching a vacancy already sees;
        # alerts not confirmed yet are matched from the database (search.services).
        refresh = "wait_for" if model_label == ALERT_LABEL else False
        try:
            for ok, item in streaming_bulk(
                self.client,
                actions,
                raise_on_error=False,
                raise_on_exception=True,
                chunk_size=500,
                refresh=refresh,
            ):
                result = next(iter(item.values()))
                pk = int(result["_id"])
                status = result.get("status", 500)
                # 409: the index already holds a newer version; 404: nothing to delete.
                if ok or status in (HTTPStatus.NOT_FOUND, HTTPStatus.CONFLICT):
                    written += 1 if ok and status in (HTTPStatus.OK, HTTPStatus.CREATED) else 0
                    version = versions[pk]
                    if version and status != HTTPStatus.CONFLICT:
                        confirmed[pk] = version
                    if pk in removals and status != HTTPStatus.CONFLICT:
                        removed.append(pk)
                else:
                    logger.error(
                        "search: indexing %s %s failed: %s", model_label, pk, result.get("error")
                    )
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        confirm_indexed(model_label=model_label, versions=confirmed)
        confirm_deleted(model_label=model_label, pks=removed)
        return written

    def rebuild(self) -> dict[str, int]:
        return {spec.name: self.rebuild_index(spec) for spec in INDEX_SPECS}

    def rebuild_index(self, spec: IndexSpec) -> int:
        """Build a fresh index in bulk, then swap the alias in one atomic step.

        Searches keep hitting the old index until the swap; a new index that holds clearly fewer
        documents than the database has rows for is thrown away and the alias left alone.

        Documents come from flat queries (``spec.documents``). From REBUILD_PROCESSES_FROM_ROWS
        rows on, REBUILD_PROCESSES forked builder processes build them range by range, each as
        the ready bytes of one bulk request, while this process sends them; otherwise (and in
        a transaction or a daemon process) they are built on this thread. Either way up to
        REBUILD_SENDERS bulk requests are in flight. The new index is built without refresh
        and without replicas; both are restored, and the replicas allocated, before the swap."""
        alias = self.aliases[spec.model_label]
        try:
            new_index = self._create_index(spec, with_alias=False, building=True)
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        expected = spec.rebuild_rows().count()
        versions: dict[int, int] = {}

        def chunks() -> Iterator[list[dict[str, Any]]]:
            chunk: list[dict[str, Any]] = []
            for pk, version, body in spec.documents():
                versions[pk] = version
                chunk.append(
                    {
                        "_index": new_index,
                        "_id": str(pk),
                        "version": version,
                        "version_type": "external",
                        "_source": body,
                    }
                )
                if len(chunk) == REBUILD_CHUNK:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        try:
            if expected >= REBUILD_PROCESSES_FROM_ROWS and REBUILD_PROCESSES > 1 and _can_fork():
                self._bulk_built_in_processes(spec, new_index, versions)
            else:
                with pinned_vocabulary():
                    self._bulk_in_parallel(chunks())
            self._restore_settings(new_index)
            self.client.indices.refresh(index=new_index)
            count = int(self.client.count(index=new_index)["count"])
        except (BulkIndexError, *_TRANSIENT) as error:
            self.client.options(ignore_status=404).indices.delete(index=new_index)
            raise SearchUnavailable(
                f"rebuild failed, alias {alias} left unchanged: {error}"
            ) from error
        if expected and count < expected * REBUILD_MIN_COMPLETENESS:
            self.client.options(ignore_status=404).indices.delete(index=new_index)
            raise SearchUnavailable(
                f"rebuild refused: the new index holds {count} of {expected} {spec.name}; "
                f"the alias {alias} still points at the old index"
            )
        old_indices = [
            name
            for name in self.client.options(ignore_status=404).indices.get_alias(name=alias)
            if name not in ("error", "status")
        ]
        # The old indices are removed by the swap itself (``remove_index``: one cluster-state
        # update instead of one more per index, and no moment with both behind the alias).
        swap: list[dict[str, dict[str, Any]]] = [
            {"add": {"index": new_index, "alias": alias, "is_write_index": True}}
        ]
        swap.extend({"remove_index": {"index": name}} for name in old_indices)
        self.client.indices.update_aliases(actions=swap)
        confirm_indexed(model_label=spec.model_label, versions=versions)
        return count

    def refresh(self) -> None:
        """Make every write searchable now. Tests and benchmarks only; production never does."""
        self.client.indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*")

    def drop_all(self) -> None:
        prefix = settings.ELASTICSEARCH_INDEX_PREFIX
        self.client.options(ignore_status=404).indices.delete(
            index=f"{prefix}-*", expand_wildcards="all"
        )

    # -- reading ----------------------------------------------------------------------------
