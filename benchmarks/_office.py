"""The office step of ``benchmarks/web.py``: the dashboard and the applications list at size.

Data: employers and published vacancies (``_data``), seekers with 1-5 skills, a few training
programmes whose graduates' training skills are verified, and applications spread over the
statuses and the last ``--office-weeks`` weeks, each with its submission event; the applications
and events are written with ``INSERT ... SELECT`` in PostgreSQL, so the dashboard's tallies are
then counted from scratch (``tallies_rebuild``, timed). Then, in this process through
Django's test client with a signed-in officer (``force_login``), each page is requested
``--office-requests`` times after a warm-up; the query count of one request is captured. The
baseline, in the same run: the API's ``reports/applications/?group_by=status`` (JWT) and a plain
``SELECT count(*)`` of the applications.
"""

from __future__ import annotations

import datetime
import random
import time

from benchmarks._common import log, summary, target

DASHBOARD_P95_LIMIT_MS = 300.0
LIST_P95_LIMIT_MS = 150.0
STATUS_WEIGHTS = {
    "submitted": 30,
    "reviewed": 20,
    "shortlisted": 10,
    "interview": 8,
    "accepted": 7,
    "rejected": 20,
    "withdrawn": 5,
}
PROGRAMMES = [
    "Pelatihan Menjahit Dasar",
    "Pelatihan Tata Boga",
    "Pelatihan Barista",
    "Pelatihan Tata Rias",
    "Pelatihan Batik Tulis",
    "Pelatihan Pemasaran Digital",
    "Pelatihan Perhotelan",
    "Pelatihan Bordir Komputer",
]


def generate(args, rng: random.Random, *, with_vacancies: bool = True) -> dict:
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, ApplicationEvent
    from applications.tallies import tallies_rebuild
    from benchmarks import _data
    from jobs.models import Vacancy
    from seekers.models import SeekerProfile, SeekerSkill, TrainingCompletion, TrainingProgramme

    started = time.monotonic()
    by_category = _data.load_taxonomy()
    place_list = _data.places()
    if with_vacancies:
        employers = _data.create_employers(count=args.employers, rng=rng, place_list=place_list)
        _data.create_vacancies(
            employers=employers, count=args.vacancies, rng=rng, by_category=by_category
        )
    _data.create_seekers(
        count=args.seekers, rng=rng, by_category=by_category, place_list=place_list
    )
    officer = User.objects.create_user(
        email="officer@bench.sicaker.id",
        password="Rahasia-123",
        full_name="Petugas Disnaker",
        role="officer",
    )
    today = timezone.localdate()
    programmes = TrainingProgramme.objects.bulk_create(
        TrainingProgramme(
            title=title,
            organiser="BLK Kota Madiun",
            city="Kota Madiun",
            starts_on=today - datetime.timedelta(days=30 * number + 20),
            ends_on=today - datetime.timedelta(days=30 * number),
            created_by=officer,
        )
        for number, title in enumerate(PROGRAMMES)
    )
    first_programme = programmes[0].pk
    tables = {
        "application": Application._meta.db_table,
        "event": ApplicationEvent._meta.db_table,
        "vacancy": Vacancy._meta.db_table,
        "seeker": SeekerProfile._meta.db_table,
        "skill": SeekerSkill._meta.db_table,
        "completion": TrainingCompletion._meta.db_table,
    }
    statuses = [s for s, w in STATUS_WEIGHTS.items() for _ in range(w)]
    status_array = "(ARRAY[" + ",".join(f"'{s}'" for s in statuses) + "])"
    minutes = args.office_weeks * 7 * 24 * 60
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [rng.random()])
        # Every seeker holding a skill learnt in a training completed one programme; those
        # skills are verified by that completion.
        cursor.execute(
            f"""INSERT INTO {tables["completion"]}
                    (programme_id, seeker_id, certificate_number, completed_on, recorded_by_id,
                     created_at)
                SELECT {first_programme} + s.seeker_id %% {len(programmes)}, s.seeker_id,
                       'BLK-' || s.seeker_id, %s, %s, now()
                FROM (SELECT DISTINCT seeker_id FROM {tables["skill"]}
                      WHERE source = 'training') s""",
            [today - datetime.timedelta(days=10), officer.pk],
        )
        completions = cursor.rowcount
        cursor.execute(
            f"""UPDATE {tables["skill"]} k SET training_completion_id = c.id
                FROM {tables["completion"]} c
                WHERE c.seeker_id = k.seeker_id AND k.source = 'training'"""
        )
        # Application g: seeker g mod S, vacancy (g * 7919 + g div S) mod V (distinct pairs).
        cursor.execute(
            f"""WITH v AS (SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS n
                           FROM {tables["vacancy"]}),
                     s AS (SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS n
                           FROM {tables["seeker"]}),
                     counts AS (SELECT (SELECT count(*) FROM v) AS nv,
                                       (SELECT count(*) FROM s) AS ns),
                     g AS (SELECT g, now() - make_interval(mins => (random() * {minutes})::int)
                                  AS at, {status_array}[1 + (random() * {len(statuses) - 1})::int]
                                  AS status
                           FROM generate_series(0, %s - 1) g)
                INSERT INTO {tables["application"]}
                    (vacancy_id, seeker_id, cover_note, status, submitted_at,
                     status_changed_at, updated_at)
                SELECT v.id, s.id, '', g.status, g.at, g.at, g.at
                FROM g CROSS JOIN counts
                JOIN s ON s.n = g.g %% counts.ns
                JOIN v ON v.n = (g.g::bigint * 7919 + g.g / counts.ns) %% counts.nv
                ON CONFLICT DO NOTHING""",
            [args.applications],
        )
        applications = cursor.rowcount
        cursor.execute(
            f"""INSERT INTO {tables["event"]}
                    (application_id, actor_id, actor_role, from_status, to_status, note,
                     created_at)
                SELECT a.id, p.user_id, 'seeker', '', 'submitted', '', a.submitted_at
                FROM {tables["application"]} a JOIN {tables["seeker"]} p ON p.id = a.seeker_id"""
        )
        cursor.execute(
            f"""INSERT INTO {tables["event"]}
                    (application_id, actor_id, actor_role, from_status, to_status, note,
                     created_at)
                SELECT a.id, NULL, 'employer', 'submitted', a.status, '', a.status_changed_at
                FROM {tables["application"]} a WHERE a.status <> 'submitted'"""
        )
        cursor.execute("ANALYZE")
    log(f"  {completions:>7} training completions, {applications:>7} applications")
    # The rows above were written without the services, as an import would be: the dashboard's
    # tallies are counted from scratch, as `manage.py tallies_rebuild` (and beat, nightly) does.
    rebuild_started = time.monotonic()
    tally_rows = tallies_rebuild()
    rebuild_seconds = round(time.monotonic() - rebuild_started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"  tallies rebuilt: {tally_rows} rows in {rebuild_seconds} s")
    return {
        "tallies_rebuild": {"rows": tally_rows, "seconds": rebuild_seconds},
        "seconds": round(time.monotonic() - started, 1),
        "applications": applications,
        "training_completions": completions,
        "programmes": len(programmes),
        "officer_pk": officer.pk,
    }


def _time(client, url: str, count: int, warmup: int, **headers) -> dict:
    from django.db import connection

    for _ in range(warmup):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(url, **headers)
    times: list[float] = []
    for _ in range(count):
        started = time.perf_counter()
        client.get(url, **headers)
        times.append((time.perf_counter() - started) * 1000)
    return {"url": url, "queries": len(queries), "ms": summary(times)}


def measure(args, officer_pk: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import User
    from applications.models import Application
    from seekers.models import SeekerProfile, TrainingProgramme

    officer = User.objects.get(pk=officer_pk)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(officer)
    today = timezone.localdate()
    twelve = today - datetime.timedelta(weeks=12)
    district = SeekerProfile.objects.order_by("pk").values_list("district", flat=True).first()
    programme = TrainingProgramme.objects.order_by("pk").values_list("pk", flat=True).first()
    pages = {
        "dashboard_default": "/kantor/",
        "dashboard_12_weeks": f"/kantor/?date_from={twelve}&date_to={today}",
        "list_first_page": "/kantor/lamaran/",
        "list_page_50": "/kantor/lamaran/?halaman=50",
        "list_status": "/kantor/lamaran/?status=shortlisted",
        "list_district_status": f"/kantor/lamaran/?district={district}&status=submitted",
        "list_training_dates": (
            f"/kantor/lamaran/?training={programme}"
            f"&date_from={today - datetime.timedelta(weeks=4)}&date_to={today}"
        ),
    }
    n, warmup = args.office_requests, 3
    result: dict = {"pages": {}}
    for name, url in pages.items():
        log(f"  {name}: {url}")
        result["pages"][name] = _time(client, url, n, warmup)
    token = RefreshToken.for_user(officer).access_token
    api = _time(
        Client(HTTP_HOST="127.0.0.1"),
        "/api/v1/reports/applications/?group_by=status",
        n,
        warmup,
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    count_ms: list[float] = []
    with connection.cursor() as cursor:
        for _ in range(n):
            started = time.perf_counter()
            cursor.execute(f"SELECT count(*) FROM {Application._meta.db_table}")
            cursor.fetchone()
            count_ms.append((time.perf_counter() - started) * 1000)
    result["baseline"] = {
        "api_reports_applications": api,
        "select_count_applications_ms": summary(count_ms),
    }
    api_p95 = api["ms"]["p95"]
    for figures in result["pages"].values():
        figures["ratio_p95_to_api_report"] = round(figures["ms"]["p95"] / api_p95, 2)
    return result


def targets(office: dict) -> dict:
    return {
        f"office_{name}_p95_ms": target(
            figures["ms"]["p95"],
            DASHBOARD_P95_LIMIT_MS if name.startswith("dashboard") else LIST_P95_LIMIT_MS,
        )
        for name, figures in office["pages"].items()
    }
