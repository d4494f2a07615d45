"""Staff-assisted registration: the officer registers the women who come in person, one by one
or from a training's participant list; each claims her account from the SMS link."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from consents.models import AccountClaim, Consent
from consents.services import claim_secret
from notifications.models import Delivery, Kind, Notification
from notifications.services import delivery_send
from search.backend import get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend
from seekers.models import SeekerProfile, TrainingCompletion
from seekers.nik import nik_digests
from seekers.services.assisted import ConsentOnPaper, Participant, participant_register
from tests.api_fixtures import snapshot
from tests.factories import (
    EmployerFactory,
    OfficerFactory,
    SeekerProfileFactory,
    SkillFactory,
    TrainingProgrammeFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.factories.accounts import SeekerUserFactory
from tests.notifications.conftest import GatewayServer
from tests.office.test_pages import with_nik

pytestmark = pytest.mark.django_db

# 10:00 in Jakarta: outside the default quiet hours, when SMS may go out.
DAYTIME = datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC)
EXISTING_NIK = "3573015205900001"
HEADER = "Nama;NIK;No HP;Kecamatan;Sertifikat;Formulir"


def nik(serial: int) -> str:
    """A plausible NIK of a woman of Kota Malang born 12-05-1990 (day + 40), serial ``serial``."""
    return f"35730152059{serial:05d}"


@pytest.fixture
def officer():
    return OfficerFactory(full_name="Bambang Sutrisno")


@pytest.fixture
def programme():
    programme = TrainingProgrammeFactory(
        title="Menjahit Kampung KB Sukun", city="Kota Malang", ends_on=datetime.date(2026, 3, 5)
    )
    programme.skills.set([SkillFactory(slug="menjahit", name_id="Menjahit")])
    return programme


@pytest.fixture
def sewing_vacancy(programme):
    vacancy = VacancyFactory(employer=EmployerFactory(is_verified=True), title="Penjahit borongan")
    VacancySkillFactory(vacancy=vacancy, skill=programme.skills.get(), is_required=True)
    return vacancy


def participant_list() -> tuple[str, dict[str, int]]:
    """The organiser's list of 20: 17 new, one whose NIK already has an account, a NIK one digit
    short and a landline number. Returns the CSV and the line of each special row."""
    lines = [HEADER]
    special = {"existing": 7, "short_nik": 12, "landline": 18}
    serial = 100
    for line in range(2, 22):
        name, number, phone = f"Peserta {line:02d}", nik(serial + line), f"08123450{line:04d}"
        if line == special["existing"]:
            number = EXISTING_NIK
        elif line == special["short_nik"]:
            number = number[:-1]
        elif line == special["landline"]:
            phone = "0341 551234"
        lines.append(f"{name};{number};{phone};Sukun;SRT-{line:03d};F-{line:03d}")
    return "\n".join(lines) + "\n", special


def _upload(client, programme, csv_text: str, **fields):
    upload = SimpleUploadedFile("peserta.csv", csv_text.encode(), content_type="text/csv")
    data = {
        "file": upload,
        "completed_on": "2026-03-05",
        "level": "basic",
        "consent_shown_to_employers": "on",
        **fields,
    }
    return client.post(f"/kantor/pelatihan/{programme.pk}/", data)


def _index_seekers() -> None:
    """Every profile as the sweep would write it (candidates in, the others out)."""
    get_search_backend.cache_clear()
    backend = get_search_backend()
    backend.index(
        model_label="seekers.seekerprofile",
        pks=list(SeekerProfile.objects.values_list("pk", flat=True)),
    )
    if isinstance(backend, ElasticsearchBackend):
        backend.refresh()


def _outcomes(body: str) -> dict[int, str]:
    rows = re.findall(r'<tr class="outcome-(\w+)" data-line="(\d+)">', body)
    return {int(line): outcome for outcome, line in rows}


def test_an_officer_registers_20_participants_refusing_exactly_the_bad_rows_and_linking_the_known(
    client, officer, programme, sewing_vacancy, api_client, search_backend
):
    # Given a seeker who registered herself earlier with her NIK, and the organiser's list
    existing = with_nik(SeekerProfileFactory(full_name="Siti Aminah"), EXISTING_NIK)
    csv_text, special = participant_list()
    users_before = User.objects.count()
    client.force_login(officer)

    # When the officer uploads it on the training's page
    response = _upload(client, programme, csv_text)

    # Then each row says what became of it: exactly the two bad rows refused, the known NIK
    # linked, the 17 others registered
    body = response.content.decode()
    assert response.status_code == 200
    outcomes = _outcomes(body)
    assert sorted(outcomes) == list(range(2, 22))
    assert {line for line, outcome in outcomes.items() if outcome == "refused"} == {
        special["short_nik"],
        special["landline"],
    }
    assert {line for line, o in outcomes.items() if o == "linked"} == {special["existing"]}
    assert sum(1 for o in outcomes.values() if o == "registered") == 17
    assert f'href="/kantor/pencaker/{existing.pk}/">Siti Aminah' in body
    # And nothing is duplicated or half-written: 17 accounts, one profile per NIK, no trace of
    # the refused rows
    assert User.objects.count() == users_before + 17
    assert SeekerProfile.objects.filter(nik_digest__in=nik_digests(EXISTING_NIK)).count() == 1
    assert not User.objects.filter(full_name__in=["Peserta 12", "Peserta 18"]).exists()
    assert not TrainingCompletion.objects.filter(
        certificate_number__in=["SRT-012", "SRT-018"]
    ).exists()
    # And 18 completions are recorded (17 new, the linked one), her skill verified by it
    assert programme.completions.count() == 18
    assert existing.skill_links.get().source == "training"
    # And each new account has her number, no email, no usable password, and the consents of
    # her form, recorded by this officer with the form's number
    new = User.objects.get(full_name="Peserta 03")
    assert (new.phone, new.email, new.has_usable_password()) == ("+6281234500003", None, False)
    assert sorted(
        Consent.objects.filter(user=new).values_list(
            "purpose", "recorded_via", "recorded_by", "paper_form_number"
        )
    ) == [
        ("matching", "officer", officer.pk, "F-003"),
        ("shown_to_employers", "officer", officer.pk, "F-003"),
    ]
    # And each gets one SMS with a claim link (no email: she has none)
    claims = Notification.objects.filter(kind=Kind.ACCOUNT_CLAIM)
    assert claims.count() == 17 == AccountClaim.objects.filter(claimed_at__isnull=True).count()
    assert set(
        Delivery.objects.filter(notification__in=claims).values_list("channel", flat=True)
    ) == {"sms"}
    context = claims.values_list("context", flat=True)[0]
    assert list(context) == ["claim_ref"]
    # And until they claim them, employers see only the seeker who registered herself
    api_client.force_authenticate(sewing_vacancy.employer.owner)
    _index_seekers()
    matches = api_client.get(f"/api/v1/vacancies/{sewing_vacancy.pk}/matches/").json()
    assert [item["candidate"]["id"] for item in matches["results"]] == [existing.pk]
    # While the office's own list of the training's graduates counts all 18
    page = client.get(f"/kantor/pelatihan/{programme.pk}/").content.decode()
    assert "18 lulusan" in page


def test_a_list_without_a_form_column_needs_the_bundle_number(client, officer, programme):
    client.force_login(officer)
    csv_text = "Nama,NIK,HP,Kecamatan\nWati,3573015205900101,081234500001,Sukun\n"
    before = snapshot()

    refused = _upload(client, programme, csv_text)

    assert refused.status_code == 400
    assert "bundle of consent forms" in refused.content.decode() or "bundel" in (
        refused.content.decode()
    )
    assert snapshot() == before
    done = _upload(client, programme, csv_text, consent_forms="PKL-03")
    assert _outcomes(done.content.decode()) == {2: "registered"}
    wati = User.objects.get(full_name="Wati")
    assert set(Consent.objects.filter(user=wati).values_list("paper_form_number", flat=True)) == {
        "PKL-03/2"
    }
    assert not programme.completions.exists()  # no certificate column: not recorded


def test_she_claims_her_account_from_the_sms_link_and_only_then_employers_see_her(
    client, settings, officer, programme, sewing_vacancy, api_client, search_backend
):
    # Given a participant the officer registered at the training
    result = participant_register(
        actor=officer,
        participant=Participant(
            full_name="Wati Lestari",
            nik=nik(201),
            phone="0812-3450-0201",
            district="Sukun",
            city="Kota Malang",
            paper_form_number="F-201",
            certificate_number="SRT-201",
        ),
        consent=ConsentOnPaper(shown_to_employers=True, contact_by_phone=False),
        programme=programme,
        completed_on=datetime.date(2026, 3, 5),
    )
    wati = result.seeker
    assert wati is not None
    api_client.force_authenticate(sewing_vacancy.employer.owner)
    url = f"/api/v1/vacancies/{sewing_vacancy.pk}/matches/"
    _index_seekers()
    assert api_client.get(url).json()["results"] == []

    # When the SMS goes out through the office's gateway (a real HTTP server here)
    delivery = Delivery.objects.get(notification__recipient=wati.user)
    with GatewayServer() as gateway:
        settings.SMS_GATEWAY_URL = gateway.url
        assert delivery_send(delivery_id=delivery.pk, now=DAYTIME) == "sent"
    (request,) = gateway.requests
    assert request["body"]["to"] == "+6281234500201"
    text = request["body"]["text"]
    found = re.search(r"https?://[^/\s]+(/klaim/[\w-]+/)", text)
    assert found is not None
    link = found.group(1)
    assert len(text) <= 160

    # Then the link opens her claim page, a wrong confirmation changes nothing...
    page = client.get(link)
    assert page.status_code == 200 and "Wati Lestari" in page.content.decode()
    wrong = client.post(link, {"password": "Jahitan-Rapi-2026", "password_again": "Jahitan"})
    assert wrong.status_code == 400
    assert AccountClaim.objects.get(user=wati.user).claimed_at is None
    # ...and a good password makes the account hers, signed in on her privacy page
    done = client.post(
        link, {"password": "Jahitan-Rapi-2026", "password_again": "Jahitan-Rapi-2026"}
    )
    assert (done.status_code, done["Location"]) == (302, "/saya/privasi/")
    assert int(client.session["_auth_user_id"]) == wati.user.pk
    user = User.objects.get(pk=wati.user.pk)
    assert user.check_password("Jahitan-Rapi-2026") and user.is_phone_verified
    # And the link works only once
    assert client.get(link).status_code == 404
    # And now, with (b) given on her form, the employer sees her as a candidate
    _index_seekers()
    assert [item["candidate"]["id"] for item in api_client.get(url).json()["results"]] == [wati.pk]


def test_the_api_registers_one_participant_and_links_her_nik_the_second_time(api_client, officer):
    payload = {
        "full_name": "Ani Rahayu", "nik": nik(301), "phone": "081234500301",
        "district": "Sukun", "city": "Kota Malang", "paper_form_number": "F-301",
        "consent_shown_to_employers": False, "consent_contact_by_phone": True,
    }  # fmt: skip
    api_client.force_authenticate(officer)

    first = api_client.post("/api/v1/participants/", payload, format="json")
    again = api_client.post(
        "/api/v1/participants/", {**payload, "phone": "081234500399"}, format="json"
    )

    assert first.status_code == 201 and first.json()["outcome"] == "registered"
    assert again.status_code == 200 and again.json()["outcome"] == "linked"
    assert first.json()["seeker_id"] == again.json()["seeker_id"]
    assert first.json()["nik_masked"] == "************0301"
    ani = User.objects.get(full_name="Ani Rahayu")
    assert ani.phone == "+6281234500301"
    assert sorted(Consent.objects.filter(user=ani).values_list("purpose", flat=True)) == [
        "contact_by_phone",
        "matching",
    ]


def test_the_api_refuses_bad_input_a_taken_number_and_non_staff_changing_nothing(api_client):
    taken = SeekerUserFactory(phone="+6281234500401")
    payload = {
        "full_name": "Ani", "nik": nik(401), "phone": "0812 3450 0401", "district": "Sukun",
        "paper_form_number": "F-401", "consent_shown_to_employers": True,
        "consent_contact_by_phone": False,
    }  # fmt: skip
    before = snapshot()

    api_client.force_authenticate(taken)
    assert api_client.post("/api/v1/participants/", payload, format="json").status_code == 403
    api_client.force_authenticate(OfficerFactory())
    conflict = api_client.post("/api/v1/participants/", payload, format="json")
    bad = api_client.post(
        "/api/v1/participants/",
        {**payload, "nik": "123", "phone": "0341 551234", "district": " "},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert conflict.status_code == 409
    assert bad.status_code == 400
    assert sorted(bad.json()["fields"]) == ["district", "nik", "phone"]
    after = snapshot()
    after.pop("accounts.User"), before.pop("accounts.User")  # the second officer
    assert after == before


def test_a_trainings_participant_list_through_the_api(api_client, officer, programme):
    api_client.force_authenticate(officer)
    body = {
        "completed_on": "2026-03-05",
        "consent_shown_to_employers": True,
        "consent_contact_by_phone": False,
        "participants": [
            {"full_name": "Sri", "nik": nik(501), "phone": "081234500501", "district": "Sukun",
             "paper_form_number": "F-1", "certificate_number": "SRT-1"},
            {"full_name": "Sri", "nik": nik(501), "phone": "081234500501", "district": "Sukun",
             "paper_form_number": "F-1", "certificate_number": "SRT-1"},
            {"full_name": "", "nik": "1", "phone": "1", "district": "Sukun",
             "paper_form_number": "F-3"},
        ],
    }  # fmt: skip

    response = api_client.post(
        f"/api/v1/trainings/{programme.pk}/participants/", body, format="json"
    )

    assert response.status_code == 200
    data = response.json()
    assert (data["registered"], data["linked"], data["refused"]) == (1, 1, 1)
    assert [r["outcome"] for r in data["results"]] == ["registered", "linked", "refused"]
    assert sorted(data["results"][2]["field_errors"]) == ["full_name", "nik", "phone"]
    assert programme.completions.count() == 1


def test_the_officer_sees_she_has_not_claimed_yet_and_sends_a_new_link(client, officer):
    result = participant_register(
        actor=officer,
        participant=Participant(
            full_name="Rini", nik=nik(601), phone="081234500601", district="Sukun",
            paper_form_number="F-601",
        ),
        consent=ConsentOnPaper(shown_to_employers=True, contact_by_phone=False),
    )  # fmt: skip
    assert result.seeker is not None
    claim = AccountClaim.objects.get(user=result.seeker.user)
    first_digest = claim.secret_digest
    client.force_login(officer)

    page = client.get(f"/kantor/pencaker/{result.seeker.pk}/").content.decode()
    assert "kirim-tautan" in page and "(formulir F-601)" in page

    response = client.post(f"/kantor/pencaker/{result.seeker.pk}/kirim-tautan/")

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.sent_count, claim.secret_digest != first_digest) == (2, True)
    assert (
        Notification.objects.filter(recipient=result.seeker.user, kind=Kind.ACCOUNT_CLAIM).count()
        == 2
    )


def test_the_api_claims_with_the_code_once_and_refuses_a_weak_password(api_client, officer):
    result = participant_register(
        actor=officer,
        participant=Participant(
            full_name="Nur", nik=nik(701), phone="081234500701", district="Sukun",
            paper_form_number="F-701",
        ),
        consent=ConsentOnPaper(shown_to_employers=False, contact_by_phone=False),
    )  # fmt: skip
    assert result.seeker is not None
    ref = Notification.objects.get(recipient=result.seeker.user).context["claim_ref"]
    code = claim_secret(ref)

    unknown = api_client.post("/api/v1/auth/claim/", {"secret": "x" * 32, "password": "a"})
    weak = api_client.post("/api/v1/auth/claim/", {"secret": code, "password": "12345678"})
    done = api_client.post("/api/v1/auth/claim/", {"secret": code, "password": "Jahitan-Rapi-2026"})
    again = api_client.post(
        "/api/v1/auth/claim/", {"secret": code, "password": "Jahitan-Rapi-2026"}
    )

    assert (unknown.status_code, weak.status_code, done.status_code, again.status_code) == (
        404,
        400,
        200,
        404,
    )
    assert list(weak.json()["fields"]) == ["password"]
    assert done.json()["phone"] == "+6281234500701"
    assert User.objects.get(phone="+6281234500701").check_password("Jahitan-Rapi-2026")
