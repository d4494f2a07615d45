"""Consents per purpose (UU PDP): recorded at sign-up, changed by her, and obeyed at once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from consents.models import Consent, Purpose
from consents.services import consent_withdraw, consents_set
from notifications.models import Channel, Delivery, DeliveryStatus, Kind, Preference
from notifications.services import delivery_send, notification_create
from search.backend import get_search_backend
from search.matching import vacancy_facts
from search.tasks import sweep_dirty
from seekers.models import SeekerProfile
from tests.api_fixtures import snapshot
from tests.factories import (
    EmployerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.factories.accounts import SeekerUserFactory
from tests.notifications.conftest import GatewayServer

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
MY_CONSENTS = "/api/v1/auth/me/consents/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
# 10:00 in Jakarta: outside the default quiet hours (21:00-06:00)
DAYTIME = datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC)


def _given(user) -> list[str]:
    return sorted(
        Consent.objects.filter(user=user, withdrawn_at__isnull=True).values_list(
            "purpose", flat=True
        )
    )


# -- registration records (a) explicitly -------------------------------------------------------


def test_a_seeker_cannot_register_without_agreeing_to_job_matching(api_client):
    before = snapshot()

    response = api_client.post(
        REGISTER,
        {
            "email": "siti@example.id", "password": "Jahitan-Rapi-2026",
            "full_name": "Siti Aminah", "role": "seeker",
        },
        format="json", **EN,
    )  # fmt: skip

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["consent_matching"]
    assert "privacy notice at /privasi/" in response.json()["fields"]["consent_matching"][0]
    assert snapshot() == before


def test_registering_records_each_purpose_she_chose_under_the_current_notice(api_client):
    response = api_client.post(
        REGISTER,
        {
            "email": "siti@example.id", "password": "Jahitan-Rapi-2026",
            "full_name": "Siti Aminah", "role": "seeker", "consent_matching": True,
            "consent_shown_to_employers": True, "consent_contact_by_phone": False,
        },
        format="json",
    )  # fmt: skip

    assert response.status_code == 201
    siti = User.objects.get(email="siti@example.id")
    assert sorted(
        Consent.objects.filter(user=siti).values_list(
            "purpose", "notice__version", "recorded_via", "recorded_by", "paper_form_number"
        )
    ) == [
        ("matching", 1, "self", siti.pk, ""),
        ("shown_to_employers", 1, "self", siti.pk, ""),
    ]


def test_an_employer_registers_without_consents(api_client):
    response = api_client.post(
        REGISTER,
        {
            "email": "ayu@example.id", "password": "Jahitan-Rapi-2026",
            "full_name": "Ayu", "role": "employer",
        },
        format="json",
    )  # fmt: skip

    assert response.status_code == 201
    assert not Consent.objects.exists()


def test_the_sign_up_page_asks_with_a_link_to_the_notice_and_records_what_she_ticked(client):
    page = client.get(reverse("sign-up"))
    assert 'href="/privasi/"' in page.content.decode()

    refused = client.post(
        reverse("sign-up"),
        {"full_name": "Siti", "identifier": "siti@example.id", "password": "123", "role": "seeker"},
    )
    body = refused.content.decode()
    assert refused.status_code == 400
    assert 'href="#id_password"' in body and 'href="#id_consent_matching"' in body
    assert not User.objects.exists()

    done = client.post(
        reverse("sign-up"),
        {
            "full_name": "Siti", "identifier": "siti@example.id", "password": "Jahitan-Rapi-2026",
            "role": "seeker", "consent_matching": "on", "consent_contact_by_phone": "on",
        },
    )  # fmt: skip
    assert done.status_code == 302
    assert _given(User.objects.get(email="siti@example.id")) == [
        "contact_by_phone",
        "matching",
    ]


# -- the notice ------------------------------------------------------------------------------


def test_the_privacy_notice_is_published_in_both_languages(client, api_client):
    page = client.get("/privasi/")
    assert page.status_code == 200
    assert "(UU PDP) No. 27 Tahun 2022" in page.content.decode()

    english = api_client.get("/api/v1/privacy-notice/", **EN).json()
    assert english["version"] == 1
    assert english["text"].startswith("Si-Caker Privacy Notice (version 1)")
    assert english["text_id"].startswith("Pemberitahuan Privasi Si-Caker (versi 1)")
    assert api_client.get("/api/v1/privacy-notice/", {"version": "7"}).status_code == 404
    assert client.get("/privasi/", {"versi": "x"}).status_code == 404


# -- her page and the API ------------------------------------------------------------------------


def test_she_sees_and_changes_her_consents_on_her_page(client):
    siti = SeekerUserFactory(consents=[Purpose.MATCHING, Purpose.SHOWN_TO_EMPLOYERS])
    client.force_login(siti)

    page = client.get("/saya/privasi/").content.decode()
    assert 'name="shown_to_employers" id="id_shown_to_employers" checked' in page
    assert 'name="contact_by_phone" id="id_contact_by_phone" aria' in page

    response = client.post("/saya/privasi/", {"matching": "on", "contact_by_phone": "on"})

    assert response.status_code == 302
    assert _given(siti) == ["contact_by_phone", "matching"]
    withdrawn = Consent.objects.get(user=siti, purpose="shown_to_employers")
    assert (withdrawn.withdrawn_by, withdrawn.withdrawn_at is not None) == (siti, True)
    history = client.get("/saya/privasi/").content.decode()
    assert history.count("<li><strong>") == 3


def test_the_api_reads_and_changes_her_consents(api_client):
    siti = SeekerUserFactory()
    api_client.force_authenticate(siti)

    assert api_client.patch(MY_CONSENTS, {}, format="json").status_code == 400
    response = api_client.patch(
        MY_CONSENTS, {"shown_to_employers": False, "contact_by_phone": True}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["matching"], body["shown_to_employers"], body["contact_by_phone"]) == (
        True,
        False,
        True,
    )
    assert (body["history"][0]["purpose"], body["history"][0]["is_given"]) == (
        "contact_by_phone",
        True,
    )
    assert api_client.get(MY_CONSENTS).json() == body


def test_giving_twice_is_one_consent_and_withdrawing_what_was_not_given_is_a_no_op():
    siti = SeekerUserFactory(consents=[])

    consents_set(user=siti, wanted={"matching": True}, actor=siti)
    consents_set(user=siti, wanted={"matching": True}, actor=siti)

    assert Consent.objects.filter(user=siti).count() == 1
    assert consent_withdraw(user=siti, purpose="contact_by_phone", actor=siti) is None


# -- withdrawing (b): gone from the candidate lists at once, then from the index ---------------


def _candidate_setup(taxonomy):
    employer = EmployerFactory(is_verified=True)
    vacancy = VacancyFactory(employer=employer, title="Penjahit borongan")
    VacancySkillFactory(vacancy=vacancy, skill=taxonomy["menjahit"], is_required=True)
    siti = SeekerProfileFactory()
    SeekerSkillFactory(seeker=siti, skill=taxonomy["menjahit"], source="training")
    return vacancy, siti


def test_withdrawing_b_hides_her_from_the_matches_at_once_and_the_sweep_drops_her_from_the_index(
    backend, settings, api_client, client, taxonomy
):
    # Given a seeker who fits a vacancy, indexed on this backend
    vacancy, siti = _candidate_setup(taxonomy)
    settings.SEARCH_BACKEND = backend.name
    get_search_backend.cache_clear()
    backend.index(model_label="seekers.seekerprofile", pks=[siti.pk])
    if backend.name == "elasticsearch":
        backend.refresh()
    url = f"/api/v1/vacancies/{vacancy.pk}/matches/"
    employer_client = api_client
    try:
        employer_client.force_authenticate(vacancy.employer.owner)
        before = employer_client.get(url).json()["results"]
        assert [item["candidate"]["id"] for item in before] == [siti.pk]

        # When she withdraws (b) on her page
        consent_withdraw(user=siti.user, purpose=Purpose.SHOWN_TO_EMPLOYERS, actor=siti.user)

        # Then the employer's next look has no candidate, before the index is touched
        assert employer_client.get(url).json()["results"] == []
        # And her profile is dirty; the sweep takes her out of the index
        siti.refresh_from_db()
        assert siti.search_version > siti.indexed_version
        assert sweep_dirty() >= 1
        if backend.name == "elasticsearch":
            backend.refresh()
        assert backend.seeker_candidates(vacancy_facts(vacancy), limit=10) == []
        # And on the employer's web pages she is neither listed nor invitable
        client.force_login(vacancy.employer.owner)
        page = client.get(f"/usaha/lowongan/{vacancy.pk}/kandidat/")
        assert page.status_code == 200 and f"candidate-{siti.pk}" not in page.content.decode()
        invite = client.post(f"/usaha/lowongan/{vacancy.pk}/kandidat/{siti.pk}/undang/")
        assert invite.status_code == 404
    finally:
        get_search_backend.cache_clear()


def test_withdrawing_a_also_takes_her_off_the_candidate_list(taxonomy):
    _vacancy, siti = _candidate_setup(taxonomy)
    assert list(SeekerProfile.objects.candidates()) == [siti]

    consent_withdraw(user=siti.user, purpose=Purpose.MATCHING, actor=siti.user)

    assert list(SeekerProfile.objects.candidates()) == []


# -- withdrawing (c): no more SMS or WhatsApp, email and inbox stay --------------------------------


def test_withdrawing_c_stops_sms_and_whatsapp_but_not_email_or_the_inbox(settings):
    siti = SeekerUserFactory(
        phone="+6281234567802",
        consents=[Purpose.MATCHING, Purpose.SHOWN_TO_EMPLOYERS, Purpose.CONTACT_BY_PHONE],
    )
    Preference.objects.create(
        user=siti, kind=Kind.APPLICATION_STATUS_CHANGED, sms=True, whatsapp=True
    )
    context = {"vacancy_title": "Penjahit", "status": "accepted", "application_id": 1}
    first = notification_create(
        recipient=siti, kind=Kind.APPLICATION_STATUS_CHANGED, context=context, dedup_key="one"
    )
    assert first is not None
    assert sorted(first.deliveries.values_list("channel", flat=True)) == [
        "email",
        "sms",
        "whatsapp",
    ]

    consent_withdraw(user=siti, purpose=Purpose.CONTACT_BY_PHONE, actor=siti)

    # A message already waiting is not sent by SMS or WhatsApp...
    with GatewayServer() as gateway:
        settings.SMS_GATEWAY_URL = settings.WHATSAPP_GATEWAY_URL = gateway.url
        for delivery in first.deliveries.filter(channel__in=[Channel.SMS, Channel.WHATSAPP]):
            assert delivery_send(delivery_id=delivery.pk, now=DAYTIME) == "cancelled"
    assert gateway.requests == []
    assert set(first.deliveries.exclude(channel="email").values_list("status", flat=True)) == {
        DeliveryStatus.CANCELLED
    }
    # ...and a new one goes to the inbox and by email only
    second = notification_create(
        recipient=siti, kind=Kind.APPLICATION_STATUS_CHANGED, context=context, dedup_key="two"
    )
    assert second is not None
    assert list(second.deliveries.values_list("channel", flat=True)) == ["email"]
    assert Delivery.objects.filter(notification=second).count() == 1
