"""Job alerts through Django's test client: save the search of the results page (visitors sign
in first), list them in words, pause, resume, delete; only her own; bad input shown again."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from search.models import JobAlert
from search.services import MAX_ALERTS_PER_USER, alert_create
from tests.factories.accounts import EmployerUserFactory, SeekerUserFactory
from tests.factories.jobs import SkillFactory
from tests.factories.seekers import SeekerProfileFactory

pytestmark = pytest.mark.django_db

ALERTS = "/saya/notifikasi-lowongan/"
NEW = "/saya/notifikasi-lowongan/baru/"


@pytest.fixture
def sewing(db):
    return SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing")


def _get(client, path, **extra):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="id", **extra)


def _post(client, path, data=None, **extra):
    return client.post(path, data or {}, HTTP_ACCEPT_LANGUAGE="id", **extra)


def _fields(alert: JobAlert) -> tuple:
    return (
        alert.name,
        alert.text,
        alert.skill_slugs,
        alert.work_types,
        alert.district,
        alert.pay_min,
        alert.radius_km,
        alert.latitude,
        alert.longitude,
        alert.is_active,
    )


# -- from the results page --------------------------------------------------------------------


def test_the_results_offer_to_save_the_search_to_a_visitor_and_a_seeker_not_an_employer(
    client, search_backend
):
    query = "?q=jahit&work_type=piece_rate"
    expected = f'href="{NEW}?q=jahit&amp;work_type=piece_rate"'

    visitor = _get(client, "/lowongan/" + query).content.decode()
    client.force_login(SeekerUserFactory())
    seeker = _get(client, "/lowongan/" + query).content.decode()
    client.force_login(EmployerUserFactory())
    employer = _get(client, "/lowongan/" + query).content.decode()

    # No vacancy at all: the empty result offers it.
    assert "Simpan sebagai notifikasi lowongan: kami kabari" in visitor
    assert expected in visitor
    assert expected in seeker
    assert NEW not in employer


def test_a_search_without_criteria_is_not_offered_as_an_alert(client, search_backend):
    client.force_login(SeekerUserFactory())

    body = _get(client, "/lowongan/?sort=newest").content.decode()

    assert NEW not in body


def test_a_visitor_signs_in_first_and_comes_back_to_the_offer(client):
    path = f"{NEW}?q=jahit&work_type=piece_rate"

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"{reverse('sign-in')}?next={quote(path, safe='/')}"


def test_the_offer_describes_the_search_in_words_with_a_name_to_change(client, sewing):
    client.force_login(SeekerUserFactory())

    response = _get(
        client,
        f"{NEW}?q=jahit&skills=menjahit&work_type=piece_rate&work_type=home_based"
        "&district=Sukun&pay_min=3000&sort=newest&page=2",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<li>Kata: “jahit”</li>" in body
    assert "<li>Keterampilan: Menjahit</li>" in body
    assert "<li>Jenis pekerjaan: Borongan, Kerja dari rumah</li>" in body
    assert "<li>Lokasi: Sukun</li>" in body
    assert "<li>Upah paling sedikit Rp3.000</li>" in body
    assert 'name="name" value="jahit"' in body
    assert '<input type="hidden" name="work_type" value="home_based">' in body
    assert 'name="sort"' not in body
    assert 'name="page"' not in body


def test_saving_creates_the_alert_through_the_service_and_returns_to_the_results(client, sewing):
    siti = SeekerUserFactory()
    client.force_login(siti)

    response = _post(
        client,
        NEW,
        {
            "name": "Jahit borongan",
            "q": "jahit",
            "skills": "menjahit",
            "work_type": ["piece_rate", "home_based"],
            "district": "Sukun",
            "pay_min": "3000",
        },
    )

    assert response.status_code == 302
    assert response.url == (
        "/lowongan/?q=jahit&skills=menjahit&work_type=piece_rate&work_type=home_based"
        "&district=Sukun&pay_min=3000"
    )
    (alert,) = JobAlert.objects.filter(user=siti)
    assert _fields(alert) == (
        "Jahit borongan",
        "jahit",
        ["menjahit"],
        ["piece_rate", "home_based"],
        "Sukun",
        3000,
        None,
        None,
        None,
        True,
    )
    assert (
        "Notifikasi lowongan “Jahit borongan” disimpan."
        in _get(client, response.url).content.decode()
    )


def test_a_radius_without_a_point_uses_her_home(client):
    profile = SeekerProfileFactory(latitude=-7.98, longitude=112.63)
    client.force_login(profile.user)

    _post(client, NEW, {"name": "Dekat", "q": "kue", "radius_km": "5"})

    alert = JobAlert.objects.get(user=profile.user)
    assert (alert.radius_km, alert.latitude, alert.longitude) == (5.0, -7.98, 112.63)


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        ({"name": "", "q": "jahit"}, "name", "Beri nama notifikasi lowongan ini."),
        (
            {"name": "x" * 101, "q": "jahit"},
            "name",
            "Pastikan nilai ini mengandung paling banyak 100",
        ),
        ({"name": "Semua", "sort": "newest"}, None, "minimal satu kriteria"),
        ({"name": "Jauh", "q": "kue", "radius_km": "5"}, None, "near=LAT,LON"),
        ({"name": "Aneh", "q": "kue", "work_type": "astronaut"}, None, "astronaut"),
        ({"name": "Aneh", "skills": "terbang"}, None, "terbang"),
        ({"name": "Aneh", "q": "kue", "pay_min": "-5"}, None, "0"),
    ],
)
def test_bad_input_is_shown_again_and_nothing_is_saved(client, data, where, message):
    siti = SeekerUserFactory()  # no profile: no home point
    client.force_login(siti)

    response = _post(client, NEW, data)

    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in body
    summary = body.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert message in summary
    if where:
        assert f'id="id_{where}-error"' in body
    assert not JobAlert.objects.filter(user=siti).exists()


def test_a_search_without_criteria_explains_why_and_offers_no_save_button(client):
    client.force_login(SeekerUserFactory())

    response = _get(client, f"{NEW}?sort=newest")

    body = response.content.decode()
    assert response.status_code == 200
    assert "minimal satu kriteria" in body
    assert "Simpan notifikasi lowongan</button>" not in body


def test_the_services_limit_is_shown_and_nothing_more_is_saved(client):
    siti = SeekerUserFactory()
    for n in range(MAX_ALERTS_PER_USER):
        alert_create(user=siti, name=f"Alert {n}", text=f"kata{n}")
    client.force_login(siti)

    response = _post(client, NEW, {"name": "Satu lagi", "q": "jahit"})

    assert response.status_code == 400
    assert "Anda sudah memiliki 20 notifikasi lowongan" in response.content.decode()
    assert JobAlert.objects.filter(user=siti).count() == MAX_ALERTS_PER_USER


@pytest.mark.parametrize("path", [ALERTS, f"{NEW}?q=jahit"])
def test_an_employer_gets_the_403_page(client, path):
    client.force_login(EmployerUserFactory())

    assert _get(client, path).status_code == 403


# -- her list ---------------------------------------------------------------------------------


def test_her_list_shows_only_hers_in_words_with_a_link_to_the_results(client, sewing):
    siti = SeekerUserFactory()
    alert_create(user=siti, name="Jahit dekat", skill_slugs=["menjahit"], pay_min=50_000)
    alert_create(user=SeekerUserFactory(), name="Punya orang lain", text="kue")
    client.force_login(siti)

    body = _get(client, ALERTS).content.decode()

    assert "Jahit dekat" in body
    assert "Punya orang lain" not in body
    assert "<li>Keterampilan: Menjahit</li>" in body
    assert "<li>Upah paling sedikit Rp50.000</li>" in body
    assert 'href="/lowongan/?skills=menjahit&amp;pay_min=50000"' in body


def test_pause_resume_and_delete_without_javascript(client):
    siti = SeekerUserFactory()
    alert = alert_create(user=siti, name="Kue", text="kue")
    client.force_login(siti)

    paused = _post(client, reverse("job-alert-pause", args=[alert.pk]), follow=True)
    alert.refresh_from_db()
    assert alert.is_active is False
    assert "Notifikasi lowongan “Kue” dijeda." in paused.content.decode()
    assert "Aktifkan lagi" in paused.content.decode()

    _post(client, reverse("job-alert-resume", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.is_active is True

    deleted = _post(client, reverse("job-alert-delete", args=[alert.pk]), follow=True)
    assert deleted.redirect_chain == [(ALERTS, 302)]
    assert "Notifikasi lowongan “Kue” dihapus." in deleted.content.decode()
    assert not JobAlert.objects.filter(pk=alert.pk).exists()


def test_pause_and_delete_with_htmx_swap_the_card(client):
    siti = SeekerUserFactory()
    alert = alert_create(user=siti, name="Kue", text="kue")
    client.force_login(siti)

    paused = _post(client, reverse("job-alert-pause", args=[alert.pk]), HTTP_HX_REQUEST="true")
    deleted = _post(client, reverse("job-alert-delete", args=[alert.pk]), HTTP_HX_REQUEST="true")

    assert f'id="alert-{alert.pk}"' in paused.content.decode()
    assert "job-alert-paused" in paused.content.decode()
    assert "<html" not in paused.content.decode()
    assert deleted.content.decode().strip().startswith('<div id="alert-status"')
    assert 'hx-swap-oob="true"' in deleted.content.decode()


@pytest.mark.parametrize("action", ["job-alert-pause", "job-alert-resume", "job-alert-delete"])
def test_someone_elses_alert_is_a_404_and_nothing_changes(client, action):
    theirs = alert_create(user=SeekerUserFactory(), name="Kue", text="kue")
    alert_update_before = _fields(theirs)
    client.force_login(SeekerUserFactory())

    response = _post(client, reverse(action, args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert _fields(theirs) == alert_update_before


def test_alert_changes_need_a_post(client):
    siti = SeekerUserFactory()
    alert = alert_create(user=siti, name="Kue", text="kue")
    client.force_login(siti)

    assert client.get(reverse("job-alert-delete", args=[alert.pk])).status_code == 405
    assert JobAlert.objects.filter(pk=alert.pk).exists()


def test_an_impossible_alert_id_is_a_404(client):
    client.force_login(SeekerUserFactory())

    response = _post(client, f"{ALERTS}99999999999999999999/hapus/")

    assert response.status_code == 404
