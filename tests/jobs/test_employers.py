"""Employers API: an employer's own organisation, the staff list, verification."""

import pytest

from jobs.models import Employer, Vacancy
from jobs.services import employer_create, employer_set_verified, employer_update, vacancy_publish
from sicaker.api.errors import ConflictError
from tests.factories.accounts import EmployerUserFactory, OfficerFactory, SeekerUserFactory
from tests.factories.jobs import (
    DraftVacancyFactory,
    EmployerFactory,
    UnverifiedEmployerFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

ME = "/api/v1/employers/me/"
LIST = "/api/v1/employers/"


def detail(employer) -> str:
    return f"/api/v1/employers/{employer.pk}/"


def verify(employer) -> str:
    return f"/api/v1/employers/{employer.pk}/verify/"


def employer_row(employer) -> dict:
    return dict(Employer.objects.values().get(pk=employer.pk))


NEW_ORGANISATION = {
    "name": "Batik Tulis Bu Ani",
    "kind": "home_industry",
    "nib": "1234567890123",
    "description": "Batik tulis dan cap.",
    "phone": "081234567890",
    "email": "ani@example.id",
    "address": "Jl. Kauman 5",
    "city": "Kota Malang",
    "district": "Klojen",
    "subdistrict": "Kauman",
}


class TestMe:
    def test_an_employer_registers_its_organisation(self, api_client):
        user = EmployerUserFactory()
        api_client.force_authenticate(user)

        response = api_client.post(ME, NEW_ORGANISATION)

        assert response.status_code == 201, response.data
        employer = Employer.objects.get(owner=user)
        assert response.data == {
            "id": employer.pk,
            **NEW_ORGANISATION,
            "latitude": -7.981,  # looked up from Kauman, Klojen, Kota Malang
            "longitude": 112.627,
            "is_verified": False,
            "verified_at": None,
            "pending_changes": {},
            "created_at": response.data["created_at"],
            "updated_at": response.data["updated_at"],
        }

    def test_a_given_point_is_kept(self, api_client):
        api_client.force_authenticate(EmployerUserFactory())

        response = api_client.post(ME, {**NEW_ORGANISATION, "latitude": -7.5, "longitude": 112.5})

        assert (response.data["latitude"], response.data["longitude"]) == (-7.5, 112.5)

    def test_half_a_point_is_refused(self, api_client):
        api_client.force_authenticate(EmployerUserFactory())

        response = api_client.post(ME, {**NEW_ORGANISATION, "latitude": -7.5})

        assert response.status_code == 400
        assert list(response.data["fields"]) == ["latitude"]
        assert Employer.objects.count() == 0

    def test_a_second_organisation_is_refused(self, api_client, employer):
        api_client.force_authenticate(employer.owner)
        before = employer_row(employer)

        response = api_client.post(ME, NEW_ORGANISATION)

        assert response.status_code == 409
        assert response.data["code"] == "conflict"
        assert "PATCH employers/me/" in response.data["detail"]
        assert Employer.objects.count() == 1
        assert employer_row(employer) == before

    def test_the_service_refuses_a_second_organisation_too(self, employer):
        with pytest.raises(ConflictError):
            employer_create(
                owner=employer.owner,
                data={"name": "X", "kind": "other", "city": "Kota Malang", "district": "Klojen"},
            )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("nib", "12345"),
            ("nib", "12345678901ab"),
            ("kind", "spaceship"),
            ("email", "not-an-email"),
            ("name", ""),
            ("city", ""),
        ],
    )
    def test_invalid_fields_are_refused(self, api_client, field, value):
        api_client.force_authenticate(EmployerUserFactory())

        response = api_client.post(ME, {**NEW_ORGANISATION, field: value})

        assert response.status_code == 400
        assert list(response.data["fields"]) == [field]
        assert Employer.objects.count() == 0

    def test_a_seeker_cannot_register_an_organisation(self, api_client):
        api_client.force_authenticate(SeekerUserFactory())

        response = api_client.post(ME, NEW_ORGANISATION)

        assert response.status_code == 403
        assert Employer.objects.count() == 0

    def test_reading_before_registering_says_how(self, api_client):
        api_client.force_authenticate(EmployerUserFactory())

        response = api_client.get(ME)

        assert response.status_code == 404
        assert "POST employers/me/" in response.data["detail"]

    def test_reads_its_own_organisation(self, api_client, employer):
        api_client.force_authenticate(employer.owner)

        response = api_client.get(ME)

        assert response.status_code == 200
        assert (response.data["id"], response.data["name"]) == (employer.pk, "Konveksi Bu Sri")

    def test_updates_and_a_new_district_gets_a_new_point(self, api_client, employer):
        api_client.force_authenticate(employer.owner)

        response = api_client.patch(
            ME, {"phone": "0341-123456", "district": "Sukun", "subdistrict": ""}
        )

        assert response.status_code == 200, response.data
        employer.refresh_from_db()
        assert (employer.phone, employer.district, employer.subdistrict) == (
            "0341-123456",
            "Sukun",
            "",
        )
        assert (employer.latitude, employer.longitude) == (-7.9959, 112.6135)

    def test_an_unrelated_edit_keeps_the_point(self, api_client, employer):
        api_client.force_authenticate(employer.owner)

        api_client.patch(ME, {"description": "Konveksi baju anak."})

        employer.refresh_from_db()
        assert (employer.latitude, employer.longitude) == (-7.9826, 112.6308)

    def test_verification_cannot_be_set_by_the_employer(self, api_client):
        employer = UnverifiedEmployerFactory()
        api_client.force_authenticate(employer.owner)

        response = api_client.patch(
            ME, {"is_verified": True, "verified_at": "2026-01-01T00:00:00Z"}
        )

        assert response.status_code == 200
        employer.refresh_from_db()
        assert (employer.is_verified, employer.verified_at) == (False, None)

    def test_an_approved_new_name_marks_published_vacancies_dirty_for_search(
        self, api_client, employer, officer
    ):
        published = VacancyFactory(employer=employer)
        draft = DraftVacancyFactory(employer=employer)
        api_client.force_authenticate(employer.owner)

        api_client.patch(ME, {"name": "Konveksi Bu Sri Jaya"})
        waiting = dict(Vacancy.objects.values_list("pk", "search_version"))
        employer_set_verified(employer=employer, is_verified=True, actor=officer)

        # The name waited for the office (nothing to re-index), then reached the vacancies
        assert waiting == {published.pk: 1, draft.pk: 1}
        versions = dict(Vacancy.objects.values_list("pk", "search_version"))
        assert versions == {published.pk: 2, draft.pk: 1}

    def test_invalid_patch_changes_nothing(self, api_client, employer):
        api_client.force_authenticate(employer.owner)
        before = employer_row(employer)

        response = api_client.patch(ME, {"nib": "123", "name": "Nama Baru"})

        assert response.status_code == 400
        assert employer_row(employer) == before


class TestStaffList:
    def test_staff_list_and_filter_organisations(self, api_client, officer):
        malang = EmployerFactory(name="A Malang", is_verified=True)
        madiun = EmployerFactory(
            name="B Madiun", city="Kota Madiun", district="Taman", is_verified=False, kind="shop"
        )
        api_client.force_authenticate(officer)

        all_ids = [row["id"] for row in api_client.get(LIST).data["results"]]
        unverified = [
            row["id"] for row in api_client.get(LIST, {"is_verified": "false"}).data["results"]
        ]
        in_madiun = [
            row["id"] for row in api_client.get(LIST, {"city": "kota madiun"}).data["results"]
        ]
        in_klojen = [
            row["id"] for row in api_client.get(LIST, {"district": "Klojen"}).data["results"]
        ]
        shops = [row["id"] for row in api_client.get(LIST, {"kind": "shop"}).data["results"]]

        assert all_ids == [malang.pk, madiun.pk]
        assert unverified == [madiun.pk]
        assert in_madiun == [madiun.pk]
        assert in_klojen == [malang.pk]
        assert shops == [madiun.pk]

    def test_a_bad_filter_is_a_400(self, api_client, officer):
        api_client.force_authenticate(officer)

        response = api_client.get(LIST, {"kind": "spaceship"})

        assert response.status_code == 400
        assert list(response.data["fields"]) == ["kind"]

    @pytest.mark.parametrize("factory", [SeekerUserFactory, EmployerUserFactory])
    def test_others_are_forbidden(self, api_client, factory):
        EmployerFactory()
        api_client.force_authenticate(factory())

        assert api_client.get(LIST).status_code == 403

    def test_anonymous_must_sign_in(self, api_client):
        assert api_client.get(LIST).status_code == 401

    def test_queries_do_not_grow_with_the_page(
        self, api_client, officer, django_assert_max_num_queries
    ):
        api_client.force_authenticate(officer)
        EmployerFactory.create_batch(5)
        with django_assert_max_num_queries(2) as few:
            assert len(api_client.get(LIST, {"page_size": 50}).data["results"]) == 5
        EmployerFactory.create_batch(20)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(api_client.get(LIST, {"page_size": 50}).data["results"]) == 25


class TestDetail:
    def test_staff_and_the_owner_see_it(self, api_client, employer, officer):
        for user in (officer, employer.owner):
            api_client.force_authenticate(user)
            response = api_client.get(detail(employer))
            assert (response.status_code, response.data["id"]) == (200, employer.pk)

    def test_another_employer_gets_not_found(self, api_client, employer):
        api_client.force_authenticate(EmployerFactory().owner)

        response = api_client.get(detail(employer))

        assert response.status_code == 404
        assert response.data["code"] == "not_found"

    def test_a_seeker_gets_not_found(self, api_client, employer):
        api_client.force_authenticate(SeekerUserFactory())

        assert api_client.get(detail(employer)).status_code == 404

    def test_an_id_too_large_for_the_database_is_not_found(self, api_client, officer):
        api_client.force_authenticate(officer)

        assert api_client.get("/api/v1/employers/99999999999999999999999/").status_code == 404


class TestVerify:
    def test_staff_verify_an_organisation(self, api_client, officer):
        employer = UnverifiedEmployerFactory()
        api_client.force_authenticate(officer)

        response = api_client.post(verify(employer))

        assert response.status_code == 200
        employer.refresh_from_db()
        assert (employer.is_verified, employer.verified_by) == (True, officer)
        assert employer.verified_at is not None
        assert response.data["is_verified"] is True

    def test_verifying_again_keeps_the_first_record(self, api_client, officer):
        employer = UnverifiedEmployerFactory()
        employer_set_verified(employer=employer, is_verified=True, actor=officer)
        before = employer_row(employer)
        api_client.force_authenticate(OfficerFactory())

        response = api_client.post(verify(employer), {"is_verified": True})

        assert response.status_code == 200
        assert employer_row(employer) == before

    def test_withdrawing_keeps_published_vacancies_but_blocks_new_ones(
        self, api_client, officer, employer
    ):
        published = VacancyFactory(employer=employer)
        draft = DraftVacancyFactory(employer=employer)
        api_client.force_authenticate(officer)

        response = api_client.post(verify(employer), {"is_verified": False})

        assert response.status_code == 200
        employer.refresh_from_db()
        assert (employer.is_verified, employer.verified_at, employer.verified_by) == (
            False,
            None,
            None,
        )
        published.refresh_from_db()
        assert published.status == "published"
        with pytest.raises(ConflictError):
            vacancy_publish(vacancy=draft, actor=employer.owner)
        draft.refresh_from_db()
        assert draft.status == "draft"

    @pytest.mark.parametrize("factory", [SeekerUserFactory, EmployerUserFactory])
    def test_only_staff_verify(self, api_client, factory):
        employer = UnverifiedEmployerFactory()
        before = employer_row(employer)
        api_client.force_authenticate(factory())

        response = api_client.post(verify(employer))

        assert response.status_code == 403
        assert employer_row(employer) == before

    def test_an_employer_cannot_verify_itself(self, api_client):
        employer = UnverifiedEmployerFactory()
        api_client.force_authenticate(employer.owner)

        assert api_client.post(verify(employer)).status_code == 403
        employer.refresh_from_db()
        assert employer.is_verified is False

    def test_verifying_an_unknown_organisation_is_not_found(self, api_client, officer):
        api_client.force_authenticate(officer)

        assert api_client.post("/api/v1/employers/999999/verify/").status_code == 404


class TestIdentityChangesGoBackToVerification:
    """A verified organisation that changes its name, kind, NIB or city is verified again; its
    published vacancies stay up under the old, verified name until an officer decides."""

    @pytest.mark.parametrize(
        ("change", "pending"),
        [
            ({"name": "Disnaker Kota Malang (Resmi)"}, {"name": "Disnaker Kota Malang (Resmi)"}),
            ({"kind": "umkm"}, {"kind": "umkm"}),
            ({"nib": "9876543210987"}, {"nib": "9876543210987"}),
            (
                {"city": "Kota Madiun", "district": "Taman"},
                {"city": "Kota Madiun", "district": "Taman"},
            ),
        ],
    )
    def test_a_change_of_identity_waits_for_the_office_and_unverifies(
        self, api_client, employer, change, pending
    ):
        # Given a verified organisation with a published vacancy
        vacancy = VacancyFactory(employer=employer, title="Penjahit borongan")
        api_client.force_authenticate(employer.owner)
        before = employer_row(employer)

        # When it changes its identity
        response = api_client.patch(ME, change, format="json")

        # Then the change waits, the organisation is unverified, its details are the verified
        # ones and its vacancy is still published under the verified name
        assert response.status_code == 200, response.data
        assert response.data["pending_changes"] == pending
        assert (response.data["is_verified"], response.data["verified_at"]) == (False, None)
        row = employer_row(employer)
        assert {k: row[k] for k in ("name", "kind", "nib", "city", "district")} == {
            k: before[k] for k in ("name", "kind", "nib", "city", "district")
        }
        assert (row["is_verified"], row["verified_by_id"]) == (False, None)
        public = api_client.get(f"/api/v1/vacancies/{vacancy.pk}/").json()
        assert (public["status"], public["employer"]["name"]) == ("published", "Konveksi Bu Sri")

    def test_it_cannot_publish_until_the_office_decides(self, api_client, employer):
        draft = DraftVacancyFactory(employer=employer)
        api_client.force_authenticate(employer.owner)
        api_client.patch(ME, {"name": "Disnaker Kota Malang (Resmi)"})

        response = api_client.post(f"/api/v1/vacancies/{draft.pk}/publish/")

        assert response.status_code == 409
        assert Vacancy.objects.get(pk=draft.pk).status == "draft"

    def test_other_fields_apply_at_once_and_keep_the_verification(self, api_client, employer):
        api_client.force_authenticate(employer.owner)

        response = api_client.patch(
            ME, {"phone": "0341-999", "description": "Jahit seragam.", "district": "Sukun"}
        )

        assert response.status_code == 200
        row = employer_row(employer)
        assert (row["phone"], row["description"], row["district"]) == (
            "0341-999",
            "Jahit seragam.",
            "Sukun",
        )
        assert (row["is_verified"], row["pending_changes"]) == (True, {})

    def test_the_officer_finds_it_among_those_to_verify_and_approves(
        self, api_client, employer, officer
    ):
        api_client.force_authenticate(employer.owner)
        api_client.patch(ME, {"name": "Konveksi Sri Jaya", "phone": "0341-1"})
        api_client.force_authenticate(officer)

        waiting = api_client.get(LIST, {"is_verified": "false"}).data["results"]
        response = api_client.post(verify(employer), {"is_verified": True})

        assert [(row["id"], row["pending_changes"]) for row in waiting] == [
            (employer.pk, {"name": "Konveksi Sri Jaya"})
        ]
        assert response.status_code == 200
        row = employer_row(employer)
        assert (row["name"], row["phone"], row["pending_changes"]) == (
            "Konveksi Sri Jaya",
            "0341-1",
            {},
        )
        assert (row["is_verified"], row["verified_by_id"]) == (True, officer.pk)

    def test_a_new_city_is_looked_up_when_the_office_approves_it(self, employer, officer):
        employer_update(
            employer=employer,
            data={"city": "Kota Madiun", "district": "Taman", "subdistrict": ""},
        )
        employer_set_verified(employer=employer, is_verified=True, actor=officer)

        row = employer_row(employer)
        assert (row["city"], row["district"], row["subdistrict"]) == ("Kota Madiun", "Taman", "")
        assert row["latitude"] is not None and row["latitude"] != -7.9826

    def test_refusing_drops_the_changes_and_keeps_the_verified_details(
        self, api_client, employer, officer
    ):
        vacancy = VacancyFactory(employer=employer)
        api_client.force_authenticate(employer.owner)
        api_client.patch(ME, {"name": "Disnaker Kota Malang (Resmi)"})
        api_client.force_authenticate(officer)

        response = api_client.post(verify(employer), {"is_verified": False})

        assert response.status_code == 200
        row = employer_row(employer)
        assert (row["name"], row["is_verified"], row["pending_changes"]) == (
            "Konveksi Bu Sri",
            False,
            {},
        )
        assert Vacancy.objects.get(pk=vacancy.pk).status == "published"

    def test_asking_for_the_stored_value_again_drops_the_pending_change(self, api_client, employer):
        api_client.force_authenticate(employer.owner)
        api_client.patch(ME, {"name": "Nama Lain", "kind": "umkm"})

        response = api_client.patch(ME, {"name": "Konveksi Bu Sri"})

        assert response.data["pending_changes"] == {"kind": "umkm"}
        assert response.data["is_verified"] is False

    def test_an_organisation_never_verified_changes_its_name_at_once(self, api_client):
        employer = UnverifiedEmployerFactory(name="Jamu Lestari")
        api_client.force_authenticate(employer.owner)

        response = api_client.patch(ME, {"name": "Jamu Sehat Lestari"})

        assert (response.data["name"], response.data["pending_changes"]) == (
            "Jamu Sehat Lestari",
            {},
        )

    def test_withdrawn_but_still_published_it_cannot_rename_behind_the_office(self, api_client):
        # Verification withdrawn, a vacancy still published under the verified name
        employer = UnverifiedEmployerFactory(name="Toko Oleh-oleh Madiun")
        VacancyFactory(employer=employer)
        api_client.force_authenticate(employer.owner)

        response = api_client.patch(ME, {"name": "Disnaker Kota Madiun"})

        assert response.data["name"] == "Toko Oleh-oleh Madiun"
        assert response.data["pending_changes"] == {"name": "Disnaker Kota Madiun"}
