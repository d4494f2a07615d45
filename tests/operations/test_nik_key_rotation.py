"""NIK key rotation: a new key in front of the old one reads every NIK, `nik_reencrypt` rewrites
them all with the new key (in batches, resumable), and then the old key can be dropped."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from seekers.models import SeekerProfile
from seekers.nik import decrypt_nik, nik_digest
from seekers.services import seeker_profile_update
from sicaker.errors import Invalid
from sicaker.settings.keys import check_nik_keys, configured_nik_keys
from tests.factories import SeekerProfileFactory
from tests.sicaker.test_production_settings import ROOT, _production

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
# Valid NIKs: province 35, Kota Malang, a woman born 17-08-1990, serials 0001...
NIKS = [f"357301570890{serial:04d}" for serial in range(1, 8)]


def _seekers_with_niks(settings, keys: list[str]) -> list[SeekerProfile]:
    settings.NIK_ENCRYPTION_KEYS = keys
    profiles = []
    for nik in NIKS:
        profile = SeekerProfileFactory()
        profiles.append(
            seeker_profile_update(profile=profile, actor=profile.user, changes={}, nik=nik)
        )
    return profiles


def _stored() -> list[tuple[int, str, str | None]]:
    return list(
        SeekerProfile.objects.exclude(nik_encrypted="")
        .order_by("pk")
        .values_list("pk", "nik_encrypted", "nik_digest")
    )


def _reencrypt(*args: str) -> str:
    out = io.StringIO()
    call_command("nik_reencrypt", *args, stdout=out)
    return out.getvalue()


def _readable_by(key: str, token: str) -> bool:
    try:
        Fernet(key).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def test_rotation_reads_every_nik_and_after_reencryption_the_old_key_can_go(settings):
    # Given seven seekers whose NIKs were stored under the old key
    _seekers_with_niks(settings, [OLD])

    # When the new key is put in front of the old one
    settings.NIK_ENCRYPTION_KEYS = [NEW, OLD]
    # Then every NIK still reads back
    assert [decrypt_nik(token) for _, token, _ in _stored()] == NIKS

    # When the stored NIKs are re-encrypted, three at a time
    output = _reencrypt("--batch-size", "3")

    # Then progress was reported per batch, with the pk to resume after
    pks = [pk for pk, _, _ in _stored()]
    assert output.splitlines() == [
        "7 profiles with a NIK after pk 0",
        f"3/7: 3 re-encrypted, 0 already current, 0 unreadable; resume with --after {pks[2]}",
        f"6/7: 3 re-encrypted, 0 already current, 0 unreadable; resume with --after {pks[5]}",
        f"7/7: 1 re-encrypted, 0 already current, 0 unreadable; resume with --after {pks[6]}",
        "done: 7 re-encrypted, 0 already current, 0 unreadable",
    ]
    # And with the old key dropped, every NIK reads back and its digest is the new key's
    settings.NIK_ENCRYPTION_KEYS = [NEW]
    stored = _stored()
    assert [decrypt_nik(token) for _, token, _ in stored] == NIKS
    assert [digest for _, _, digest in stored] == [nik_digest(nik) for nik in NIKS]
    assert not any(_readable_by(OLD, token) for _, token, _ in stored)
    # And a NIK already registered is still refused to someone else
    other = SeekerProfileFactory()
    with pytest.raises(Invalid):
        seeker_profile_update(profile=other, actor=other.user, changes={}, nik=NIKS[0])


def test_during_rotation_a_nik_stored_under_the_old_key_is_still_refused_to_another_seeker(
    settings,
):
    # Given NIKs stored under the old key and the new key now in front
    _seekers_with_niks(settings, [OLD])
    settings.NIK_ENCRYPTION_KEYS = [NEW, OLD]
    before = _stored()
    other = SeekerProfileFactory()

    # When another seeker submits one of those NIKs before the re-encryption
    with pytest.raises(Invalid) as refused:
        seeker_profile_update(profile=other, actor=other.user, changes={}, nik=NIKS[3])

    # Then it is refused and nothing changed
    assert list(refused.value.fields) == ["nik"]
    assert _stored() == before
    other.refresh_from_db()
    assert (other.nik_encrypted, other.nik_digest) == ("", None)


def test_the_seeker_herself_resubmitting_her_nik_mid_rotation_changes_nothing(settings):
    profiles = _seekers_with_niks(settings, [OLD])
    settings.NIK_ENCRYPTION_KEYS = [NEW, OLD]
    before = _stored()

    seeker_profile_update(profile=profiles[0], actor=profiles[0].user, changes={}, nik=NIKS[0])

    assert _stored() == before


def test_a_stopped_run_resumes_after_the_last_pk_it_printed_and_a_rerun_changes_nothing(settings):
    # Given NIKs under the old key, the new key in front
    _seekers_with_niks(settings, [OLD])
    settings.NIK_ENCRYPTION_KEYS = [NEW, OLD]
    pks = [pk for pk, _, _ in _stored()]

    # When a run resumes after the third profile
    output = _reencrypt("--after", str(pks[2]))

    # Then only the four after it were rewritten
    assert output.splitlines()[-1] == "done: 4 re-encrypted, 0 already current, 0 unreadable"
    tokens = [token for _, token, _ in _stored()]
    assert [_readable_by(NEW, token) for token in tokens] == [False] * 3 + [True] * 4

    # When the whole table is run again
    output = _reencrypt()

    # Then the first three are rewritten, the rest left as they were
    assert output.splitlines()[-1] == "done: 3 re-encrypted, 4 already current, 0 unreadable"
    after = _stored()
    assert [token for _, token, _ in after][3:] == tokens[3:]
    # And a third run rewrites nothing
    assert _reencrypt().splitlines()[-1] == "done: 0 re-encrypted, 7 already current, 0 unreadable"
    assert _stored() == after


def test_a_key_dropped_too_early_is_reported_and_no_row_is_changed(settings):
    # Given NIKs under the old key, and the old key dropped before re-encryption
    _seekers_with_niks(settings, [OLD])
    before = _stored()
    settings.NIK_ENCRYPTION_KEYS = [NEW]

    # When the re-encryption runs
    with pytest.raises(CommandError) as failed:
        _reencrypt("--batch-size", "5")

    # Then it names the unreadable rows and what to do, and changed nothing
    assert str(failed.value).startswith(
        f"7 NIKs are readable by no configured key (profile pks "
        f"{', '.join(str(pk) for pk, _, _ in before)}); put the key they were encrypted with back"
    )
    assert _stored() == before


# -- configuration ----------------------------------------------------------------------------


def test_the_key_list_is_newest_first_and_the_single_key_still_works():
    assert configured_nik_keys({"NIK_ENCRYPTION_KEYS": f" {NEW}, {OLD} ,"}) == [NEW, OLD]
    assert configured_nik_keys({"NIK_ENCRYPTION_KEY": OLD}) == [OLD]
    assert configured_nik_keys({"NIK_ENCRYPTION_KEYS": NEW, "NIK_ENCRYPTION_KEY": OLD}) == [NEW]
    assert configured_nik_keys({}) == []


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([], "Neither NIK_ENCRYPTION_KEYS nor NIK_ENCRYPTION_KEY is set"),
        (
            [NEW, "dGVzdC1vbmx5LW5pay1lbmNyeXB0aW9uLWtleS0wMDE="],
            "NIK_ENCRYPTION_KEYS[1] is a key published with Si-Caker",
        ),
        ([NEW, "short"], "NIK_ENCRYPTION_KEYS[1] is not a Fernet key"),
        (["short"], "NIK_ENCRYPTION_KEY is not a Fernet key"),
        ([NEW, OLD, NEW], "NIK_ENCRYPTION_KEYS lists the same key twice"),
    ],
)
def test_every_configured_nik_key_is_checked(keys, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("[", r"\[").replace("]", r"\]")):
        check_nik_keys(keys)


def test_production_starts_with_a_key_list_and_secret_key_fallbacks(tmp_path):
    variables = _production(tmp_path)
    del variables["NIK_ENCRYPTION_KEY"]
    fallback = _production(tmp_path)["DJANGO_SECRET_KEY"]
    variables |= {"NIK_ENCRYPTION_KEYS": f"{NEW},{OLD}", "DJANGO_SECRET_KEY_FALLBACKS": fallback}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.NIK_ENCRYPTION_KEYS == [s.NIK_ENCRYPTION_KEY, s.NIK_ENCRYPTION_KEYS[1]], "
        "len(s.NIK_ENCRYPTION_KEYS), len(s.SECRET_KEY_FALLBACKS))"
    )
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **variables}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.stdout.split() == ["True", "2", "1"], result.stderr


def test_production_refuses_a_published_secret_key_fallback(tmp_path):
    variables = _production(
        tmp_path,
        DJANGO_SECRET_KEY_FALLBACKS="test-only-secret-key-long-enough-for-hmac-sha256-signing",
    )
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **variables}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY_FALLBACKS[0] is a key published with Si-Caker" in result.stderr
