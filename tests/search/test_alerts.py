"""Job alerts: a seeker saves a search and hears of each new vacancy that fits it, once."""

import pytest
from django.db import transaction
from django.db.models import F

from jobs.services import vacancy_publish
from notifications.models import FanOutChunk, Notification
from notifications.services import fan_out_chunk_write
from search.alerts import alert_criteria, alert_matches
from search.documents import vacancy_body
from search.models import JobAlert, VacancyPercolation
from search.services import alert_create, vacancy_percolate
from tests.conftest import wait_for
from tests.factories import (
    EmployerUserFactory,
    SeekerUserFactory,
    VacancyFactory,
    VacancySkillFactory,
)

pytestmark = pytest.mark.django_db


def _alert(user=None, **fields):
    return JobAlert.objects.create(
        user=user or SeekerUserFactory(), name=fields.pop("name", "alert"), **fields
    )


@pytest.fixture
def sewing_vacancy(taxonomy):
    vacancy = VacancyFactory(
        title="Operator mesin obras",
        description="Konveksi seragam sekolah, borongan.",
        work_type="piece_rate",
        pay_min=3_000,
        pay_max=6_000,
        pay_unit="piece",
    )
    VacancySkillFactory(vacancy=vacancy, skill=taxonomy["obras"])
    return vacancy


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"text": "obras"}, True),
        ({"text": "overlock"}, True),  # a synonym of the required skill
        ({"text": "penjahit overlock borongan"}, False),  # "jahit" is not in this vacancy
        ({"text": "seragam borongan"}, True),
        ({"text": "seragam batik"}, False),  # every word must be there
        ({"skill_slugs": ["obras", "membatik"]}, True),
        ({"skill_slugs": ["membatik"]}, False),
        ({"work_types": ["piece_rate", "home_based"]}, True),
        ({"work_types": ["full_time"]}, False),
        ({"city": "Kota Malang", "district": "Klojen"}, True),
        ({"district": "Sukun"}, False),
        ({"pay_min": 5_000}, True),
        ({"pay_min": 7_000}, False),
        ({"latitude": -8.0013, "longitude": 112.6161, "radius_km": 5}, True),  # Sukun, ~2.7 km
        ({"latitude": -8.0013, "longitude": 112.6161, "radius_km": 2}, False),
    ],
)
def test_the_alert_rule(sewing_vacancy, criteria, expected):
    alert = _alert(**criteria)

    assert alert_matches(alert_criteria(alert), vacancy_body(sewing_vacancy)) is expected


def test_both_backends_find_the_same_alerts(backend, sewing_vacancy):
    fitting = [
        _alert(text="overlock"),
        _alert(skill_slugs=["obras"], district="Klojen"),
        _alert(latitude=-8.0013, longitude=112.6161, radius_km=5, work_types=["piece_rate"]),
        _alert(text="seragam", pay_min=5_000),
    ]
    not_fitting = [
        _alert(text="batik"),
        _alert(latitude=-8.0013, longitude=112.6161, radius_km=2),
        _alert(district="Sukun"),
        _alert(text="obras", is_active=False),
    ]
    backend.index(model_label="search.jobalert", pks=[a.pk for a in [*fitting, *not_fitting]])
    if backend.name == "elasticsearch":
        backend.refresh()

    users = backend.alert_users_for(vacancy_body(sewing_vacancy))

    assert users == sorted(alert.user_id for alert in fitting)


def test_percolation_notifies_each_matching_seeker_once(sewing_vacancy, search_backend):
    siti = SeekerUserFactory()
    _alert(user=siti, text="obras", name="obras dekat rumah")
    _alert(user=siti, skill_slugs=["obras"], name="obras")  # two alerts, one notification
    _alert(text="batik")
    search_backend.index(
        model_label="search.jobalert", pks=list(JobAlert.objects.values_list("pk", flat=True))
    )
    if search_backend.name == "elasticsearch":
        search_backend.refresh()

    with transaction.atomic():
        assert vacancy_percolate(vacancy_pk=sewing_vacancy.pk) == 1

    for chunk in FanOutChunk.objects.all():
        fan_out_chunk_write(chunk=chunk)
    assert vacancy_percolate(vacancy_pk=sewing_vacancy.pk) == 0  # already done

    notification = Notification.objects.get()
    assert notification.recipient == siti
    assert notification.kind == "alert_match"
    assert notification.context["vacancy_title"] == "Operator mesin obras"
    assert VacancyPercolation.objects.get(vacancy=sewing_vacancy).matched_users == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_publishing_a_vacancy_reaches_the_alert_owner_through_a_real_worker(
    taxonomy, search_backend, celery_worker_process
):
    siti = SeekerUserFactory()
    alert_create(user=siti, name="Obras", text="overlock")
    wait_for(
        lambda: JobAlert.objects.filter(user=siti, indexed_version=F("search_version")).exists(),
        message="the alert to be indexed",
    )
    search_backend.refresh()  # searchable now, not at the next refresh second
    vacancy = VacancyFactory(title="Operator mesin obras", status="draft", published_at=None)
    VacancySkillFactory(vacancy=vacancy, skill=taxonomy["obras"])

    vacancy_publish(vacancy=vacancy, actor=vacancy.employer.owner)

    notification = wait_for(
        lambda: Notification.objects.filter(recipient=siti, kind="alert_match").first(),
        timeout=30,
        message="the alert notification",
    )
    assert notification.context["vacancy_id"] == vacancy.pk


class TestAlertApi:
    def test_a_seeker_saves_a_search(self, api_client, taxonomy):
        seeker = SeekerUserFactory()
        api_client.force_authenticate(seeker)

        response = api_client.post(
            "/api/v1/alerts/",
            {
                "name": "Jahit dekat rumah",
                "q": "penjahit",
                "skills": ["menjahit"],
                "work_types": ["home_based"],
                "near": "-8.0013,112.6161",
                "radius_km": 5,
            },
            format="json",
        )

        assert response.status_code == 201
        alert = JobAlert.objects.get(user=seeker)
        assert (alert.text, alert.skill_slugs, alert.latitude, alert.radius_km) == (
            "penjahit",
            ["menjahit"],
            -8.0013,
            5.0,
        )
        assert response.json()["id"] == alert.pk
        assert api_client.get("/api/v1/alerts/").json()["count"] == 1

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"name": "x", "near": "nowhere", "radius_km": 5}, "near"),
            ({"name": "x", "radius_km": 5}, "near"),
            ({"name": "x", "skills": ["terbang"]}, "skills"),
            ({"name": "x", "work_types": ["night"]}, "work_types"),
            ({"name": "x"}, "non_field_errors"),
            ({"q": "jahit"}, "name"),
        ],
    )
    def test_bad_alerts_are_refused_with_the_field(self, api_client, taxonomy, payload, field):
        api_client.force_authenticate(SeekerUserFactory())

        response = api_client.post("/api/v1/alerts/", payload, format="json")

        assert response.status_code == 400
        assert field in response.json()["fields"]
        assert not JobAlert.objects.exists()

    def test_only_seekers_have_alerts(self, api_client):
        assert api_client.get("/api/v1/alerts/").status_code == 401
        api_client.force_authenticate(EmployerUserFactory())
        assert (
            api_client.post(
                "/api/v1/alerts/", {"name": "x", "q": "jahit"}, format="json"
            ).status_code
            == 403
        )

    def test_another_seekers_alert_is_not_found_and_untouched(self, api_client):
        alert = _alert(text="jahit")
        api_client.force_authenticate(SeekerUserFactory())

        assert api_client.get(f"/api/v1/alerts/{alert.pk}/").status_code == 404
        assert (
            api_client.patch(
                f"/api/v1/alerts/{alert.pk}/", {"q": "batik"}, format="json"
            ).status_code
            == 404
        )
        assert api_client.delete(f"/api/v1/alerts/{alert.pk}/").status_code == 404
        alert.refresh_from_db()
        assert alert.text == "jahit"

    def test_the_number_of_alerts_is_capped(self, api_client):
        seeker = SeekerUserFactory()
        for n in range(20):
            _alert(user=seeker, text=f"kata{n}")
        api_client.force_authenticate(seeker)

        response = api_client.post(
            "/api/v1/alerts/", {"name": "one more", "q": "jahit"}, format="json"
        )

        assert response.status_code == 409
        assert JobAlert.objects.filter(user=seeker).count() == 20

    def test_an_alert_can_be_paused_and_deleted(self, api_client):
        seeker = SeekerUserFactory()
        alert = _alert(user=seeker, text="jahit")
        api_client.force_authenticate(seeker)

        assert (
            api_client.patch(
                f"/api/v1/alerts/{alert.pk}/", {"is_active": False}, format="json"
            ).json()["is_active"]
            is False
        )
        assert api_client.delete(f"/api/v1/alerts/{alert.pk}/").status_code == 204
        assert not JobAlert.objects.filter(pk=alert.pk).exists()
