"""The export stays complete as apps grow: every model that points at a user or a job seeker
is covered by a registered section of ``sicaker.personal_data`` or excluded with a reason."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model

from seekers.models import SeekerProfile
from sicaker import personal_data


def _models_holding_a_person() -> set[str]:
    people = (get_user_model(), SeekerProfile)
    return {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model in people
    }


def test_every_model_holding_a_user_or_seeker_is_exported_or_excluded_with_a_reason():
    covered = personal_data.covered_models()
    excluded = personal_data.excluded_models()

    missing = _models_holding_a_person() - set(covered) - set(excluded)

    assert missing == set(), (
        f"{sorted(missing)} point at a user or seeker but no section of sicaker.personal_data "
        "covers them: register a Section in the app's ready() (export and erase), or exclude() "
        "the model with the reason it holds none of her data"
    )


def _every_model() -> set[str]:
    return {model._meta.label for model in apps.get_models(include_auto_created=True)}


def test_every_exclusion_says_why_and_names_a_real_model():
    for label, reason in personal_data.excluded_models().items():
        assert label in _every_model()
        assert len(reason) >= 20, label


def test_no_model_is_both_covered_and_excluded_and_every_covered_model_exists():
    covered = personal_data.covered_models()
    assert set(covered) & set(personal_data.excluded_models()) == set()
    assert set(covered) <= _every_model()


def test_the_export_names_her_data_in_these_sections():
    assert [section.name for section in personal_data.sections()] == [
        "access_log",
        "account",
        "account_claim",
        "applications",
        "consents",
        "invitations",
        "job_alerts",
        "notification_settings",
        "notifications",
        "phone_codes",
        "profile",
        "trainings",
    ]
