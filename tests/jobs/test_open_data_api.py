"""The open-data API: the stream by cursor, the snapshot and its metadata; anonymous,
rate-limited, cacheable."""

import datetime
import gzip
import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from jobs.models import VacancyChange
from jobs.open_data.log import prune_change_log
from jobs.open_data.snapshot import snapshot_build
from jobs.open_data.stream import encode_cursor
from jobs.services import vacancy_close, vacancy_publish, vacancy_update
from tests.factories.jobs import DraftVacancyFactory

pytestmark = pytest.mark.django_db

STREAM = "/api/v1/open/vacancies/stream/"
SNAPSHOT = "/api/v1/open/vacancies/snapshot/"
META = "/api/v1/open/vacancies/snapshot/meta/"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_rate_limit_and_snapshot_dir(settings, tmp_path):
    """Each test starts with no request counted and no snapshot written."""
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    cache.clear()
    yield
    cache.clear()


def publish(employer, **fields):
    return vacancy_publish(
        vacancy=DraftVacancyFactory(employer=employer, **fields), actor=employer.owner
    )


def follow(client, since=None, limit=2) -> tuple[list[dict], str]:
    """Every page from ``since`` to the end; the items and the last cursor."""
    items: list[dict] = []
    while True:
        query = {"limit": limit, **({"since": since} if since else {})}
        page = client.get(STREAM, query)
        assert page.status_code == 200, page.content
        body = page.json()
        items += body["items"]
        since = body["next_cursor"]
        if not body["has_more"]:
            return items, since


def test_the_stream_pages_through_every_change_once_and_resumes_from_a_cursor(api_client, employer):
    # Given five changes
    first = publish(employer, title="Penjahit")
    second = publish(employer, title="Pembatik")
    vacancy_update(vacancy=first, actor=employer.owner, data={"title": "Penjahit masker"})
    vacancy_close(vacancy=second, actor=employer.owner)
    third = publish(employer, title="Kasir")

    # When an anonymous client follows the stream two at a time
    items, cursor = follow(api_client)

    # Then it got each change once, in order, each with its cursor
    assert [(i["change"], i["vacancy_id"]) for i in items] == [
        ("published", first.pk),
        ("published", second.pk),
        ("changed", first.pk),
        ("closed", second.pk),
        ("published", third.pk),
    ]
    assert [i["cursor"] for i in items] == [encode_cursor(n) for n in range(1, 6)]
    assert cursor == encode_cursor(5)
    assert items[2]["vacancy"]["title"] == "Penjahit masker"
    assert items[3]["vacancy"] is None
    assert (
        items[3]["changed_at"]
        == timezone.localtime(VacancyChange.objects.get(seq=4).created_at).isoformat()
    )

    # And resuming later from the last cursor brings only what happened since
    vacancy_close(vacancy=third, actor=employer.owner)
    later, cursor = follow(api_client, since=cursor)
    assert [(i["change"], i["vacancy_id"]) for i in later] == [("closed", third.pk)]
    assert follow(api_client, since=cursor) == ([], cursor)


def test_the_stream_needs_no_account_and_ignores_a_token(api_client, employer):
    publish(employer)

    answer = api_client.get(STREAM, HTTP_AUTHORIZATION="Bearer not-a-token")

    assert answer.status_code == 200
    assert len(answer.json()["items"]) == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"since": "not-a-cursor"}, "since"),
        ({"since": "djE6LTE"}, "since"),
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_a_bad_cursor_or_page_size_is_a_400_naming_it(api_client, query, field):
    answer = api_client.get(STREAM, query)

    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid"
    assert list(answer.json()["fields"]) == [field]


def test_a_cursor_from_before_the_pruned_log_is_410_pointing_to_the_snapshot(api_client, employer):
    # Given a vacancy published and closed long ago, its entries pruned
    vacancy = publish(employer)
    vacancy_close(vacancy=vacancy, actor=employer.owner)
    VacancyChange.objects.update(created_at=timezone.now() - 60 * DAY)
    publish(employer)
    prune_change_log(older_than=timezone.now() - 30 * DAY)

    # When a consumer that stopped after the publication comes back
    answer = api_client.get(STREAM, {"since": encode_cursor(1)})

    # Then she is told to take the snapshot again
    assert answer.status_code == 410
    assert answer.json()["code"] == "cursor_expired"
    assert "snapshot" in answer.json()["detail"]


def test_pages_carry_an_etag_and_cache_control_and_a_repeat_is_304(api_client, employer):
    for _ in range(3):
        publish(employer)

    full = api_client.get(STREAM, {"limit": 2})
    tail = api_client.get(STREAM, {"limit": 2, "since": full.json()["next_cursor"]})
    again = api_client.get(STREAM, {"limit": 2}, HTTP_IF_NONE_MATCH=full["ETag"])
    publish(employer)
    grown = api_client.get(
        STREAM, {"limit": 2, "since": full.json()["next_cursor"]}, HTTP_IF_NONE_MATCH=tail["ETag"]
    )

    assert full["Cache-Control"] == "public, max-age=300"
    assert tail["Cache-Control"] == "public, max-age=10"
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", full["ETag"])
    assert grown.status_code == 200
    assert grown["ETag"] != tail["ETag"]


def test_the_open_data_is_rate_limited_per_client(api_client, settings, employer):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "open_data": "3/min",
        },
    }

    answers = [api_client.get(STREAM).status_code for _ in range(3)]
    throttled = api_client.get(META)
    other_client = api_client.get(STREAM, REMOTE_ADDR="198.51.100.9")

    assert answers == [200, 200, 200]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert other_client.status_code == 200


def _lines(response) -> list[dict]:
    raw = b"".join(response.streaming_content)
    return [json.loads(line) for line in gzip.decompress(raw).decode().splitlines()]


def test_the_snapshot_is_every_public_vacancy_with_the_cursor_to_follow_from(api_client, employer):
    # Given two public vacancies, one closed, and the snapshot of that
    kept = publish(employer, title="Penjahit")
    closed = publish(employer, title="Pembatik")
    vacancy_close(vacancy=closed, actor=employer.owner)
    info = snapshot_build()
    # and later changes
    vacancy_update(vacancy=kept, actor=employer.owner, data={"title": "Penjahit masker"})
    new = publish(employer, title="Kasir")

    # When a consumer downloads the snapshot, then follows the stream from its cursor
    meta = api_client.get(META)
    snapshot = api_client.get(SNAPSHOT)
    mirror = {line["id"]: line for line in _lines(snapshot)}
    items, _ = follow(api_client, since=snapshot["X-Snapshot-Cursor"])
    for item in items:
        if item["vacancy"] is None:
            mirror.pop(item["vacancy_id"], None)
        else:
            mirror[item["vacancy_id"]] = item["vacancy"]

    # Then the snapshot held the one public vacancy at its cursor, and the mirror is now the
    # public vacancies as the log has them
    assert snapshot.status_code == 200
    assert snapshot["Content-Type"] == "application/gzip"
    assert snapshot["X-Snapshot-Cursor"] == info["cursor"] == encode_cursor(3)
    assert snapshot["X-Snapshot-Count"] == "1"
    assert snapshot["ETag"] == f'"{info["sha256"]}"'
    assert meta.json() == {
        "generated_at": info["generated_at"],
        "cursor": encode_cursor(3),
        "count": 1,
        "size_bytes": info["size_bytes"],
        "sha256": info["sha256"],
        "url": "http://testserver/api/v1/open/vacancies/snapshot/",
    }
    assert [(i["change"], i["vacancy_id"]) for i in items] == [
        ("changed", kept.pk),
        ("published", new.pk),
    ]
    assert sorted(mirror) == [kept.pk, new.pk]
    assert mirror[kept.pk]["title"] == "Penjahit masker"
    not_modified = api_client.get(SNAPSHOT, HTTP_IF_NONE_MATCH=snapshot["ETag"])
    assert (not_modified.status_code, not_modified["X-Snapshot-Cursor"]) == (304, info["cursor"])


def test_the_first_request_builds_the_snapshot_and_a_rebuild_replaces_it(
    api_client, employer, settings
):
    # Given no snapshot yet
    publish(employer)

    # When it is asked for, then rebuilt after a change
    first = api_client.get(META).json()
    publish(employer)
    second = snapshot_build()
    answer = api_client.get(SNAPSHOT)

    # Then the answer is the newest, and the files of the last two remain
    assert first["count"] == 1
    assert answer["X-Snapshot-Cursor"] == second["cursor"] == encode_cursor(2)
    assert len(_lines(answer)) == 2
    assert len(list(settings.OPEN_DATA_DIR.glob("vacancies-*.jsonl.gz"))) == 2
    snapshot_build()
    assert len(list(settings.OPEN_DATA_DIR.glob("vacancies-*.jsonl.gz"))) == 2


def test_a_snapshot_directory_the_server_cannot_write_answers_503_not_a_crash(
    api_client, employer, settings, tmp_path
):
    # Given OPEN_DATA_DIR under a regular file (as a misconfigured mount would be) and no snapshot
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.OPEN_DATA_DIR = blocker / "open-data"
    publish(employer)

    # When a consumer asks for the snapshot and its metadata
    answers = [api_client.get(SNAPSHOT), api_client.get(META)]

    # Then each is a 503 saying to come back later, and the stream still serves
    assert [answer.status_code for answer in answers] == [503, 503]
    assert answers[1].json()["code"] == "service_unavailable"
    assert api_client.get(STREAM).status_code == 200
