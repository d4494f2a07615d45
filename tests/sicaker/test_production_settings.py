"""Production settings refuse published, placeholder and short keys, and pass `check --deploy`
with no warning; a WSGI server started without settings gets production, not local, settings;
docker-compose.yml ships no secret."""

from __future__ import annotations

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from sicaker.settings.keys import (
    PUBLISHED_NIK_KEYS,
    PUBLISHED_SECRET_KEYS,
    check_nik_key,
    check_secret_key,
)

ROOT = Path(__file__).resolve().parent.parent.parent
LOCAL_NIK_KEY = "bG9jYWwtb25seS1uaWstZW5jcnlwdGlvbi1rZXktMDE="
TEST_SECRET_KEY = "test-only-secret-key-long-enough-for-hmac-sha256-signing"


def _secret_key() -> str:
    return secrets.token_urlsafe(50)


def _nik_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _run(args: list[str], tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    """Run a Python command in a clean environment: only PATH, HOME and ``variables``."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **variables}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production(tmp_path: Path, **overrides: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "sicaker.settings.production",
        "DJANGO_SECRET_KEY": _secret_key(),
        "NIK_ENCRYPTION_KEY": _nik_key(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "CELERY_BROKER_URL": "memory://",
        **overrides,
    }


# -- check --deploy -------------------------------------------------------------------------


def test_check_deploy_has_no_warning_with_production_settings(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        **_production(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_enforces_https(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.SECURE_REDIRECT_EXEMPT)"
    )

    result = _run(["-c", code], tmp_path, **_production(tmp_path, DJANGO_DEBUG="true"))

    assert result.stdout.strip() == (
        "False True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') "
        "['^healthz/?$', '^metrics$']"
    ), result.stderr


# -- known keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_SECRET_KEY", TEST_SECRET_KEY, "DJANGO_SECRET_KEY is a key published with"),
        ("DJANGO_SECRET_KEY", "change-me-in-production", "DJANGO_SECRET_KEY is a key published"),
        ("NIK_ENCRYPTION_KEY", LOCAL_NIK_KEY, "NIK_ENCRYPTION_KEY is a key published with"),
    ],
)
def test_production_refuses_to_start_with_a_published_key(tmp_path, variable, value, message):
    result = _run(["manage.py", "check"], tmp_path, **_production(tmp_path, **{variable: value}))

    assert result.returncode == 1
    assert result.stderr.startswith(f"configuration error: {message}")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", sorted(PUBLISHED_SECRET_KEYS))
def test_every_published_secret_key_is_refused(value):
    with pytest.raises(ImproperlyConfigured, match="published with Si-Caker"):
        check_secret_key(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("django-insecure-" + "x" * 60, "published with Si-Caker"),
        ("please-change-me-" + secrets.token_urlsafe(50), "placeholder"),
        ("your-secret-key-here-" + secrets.token_urlsafe(40), "placeholder"),
        (secrets.token_urlsafe(20), "too short or too simple"),
        ("ab" * 40, "too short or too simple"),
    ],
    # Stable ids: the random keys must not name the tests (pytest-xdist workers compare them).
    ids=["django-insecure", "please-change-me", "your-secret-key-here", "short", "repeated"],
)
def test_placeholder_short_and_simple_secret_keys_are_refused(value, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        check_secret_key(value)

    assert "secrets.token_urlsafe(50)" in str(error.value)


@pytest.mark.parametrize("value", sorted(PUBLISHED_NIK_KEYS))
def test_every_published_nik_key_is_refused(value):
    with pytest.raises(ImproperlyConfigured, match="published with Si-Caker"):
        check_nik_key(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not-a-key", "not a Fernet key"),
        (base64.urlsafe_b64encode(b"our-office-nik-key-2026-malang!!").decode(), "decodes to text"),
        (base64.urlsafe_b64encode(bytes(32)).decode(), "decodes to text or a pattern"),
    ],
)
def test_typed_or_malformed_nik_keys_are_refused(value, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        check_nik_key(value)

    assert "Fernet.generate_key()" in str(error.value)


def test_generated_keys_are_accepted():
    for _ in range(20):
        check_secret_key(_secret_key())
        check_nik_key(_nik_key())


# -- entry points ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry_point",
    ["import sicaker.wsgi", "from sicaker.celery import app; app.loader.import_default_modules()"],
)
def test_a_server_or_worker_started_without_settings_gets_production_settings(
    tmp_path, entry_point
):
    result = _run(["-c", entry_point], tmp_path)

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is not set. Production settings have no default" in result.stderr


def test_local_settings_never_use_a_published_secret_key(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECRET_KEY)"
    )

    first = _run(["-c", code], tmp_path, DJANGO_SETTINGS_MODULE="sicaker.settings.local")
    second = _run(["-c", code], tmp_path, DJANGO_SETTINGS_MODULE="sicaker.settings.local")

    key = first.stdout.strip()
    assert first.returncode == 0, first.stderr
    assert key not in PUBLISHED_SECRET_KEYS
    check_secret_key(key)
    assert second.stdout.strip() == key  # kept for the checkout, so sign-ins survive a restart


# -- docker-compose.yml ---------------------------------------------------------------------

SECRET_NAMES = ("DJANGO_SECRET_KEY", "NIK_ENCRYPTION_KEY", "POSTGRES_PASSWORD")
_VARIABLE = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?:(?P<op>:\?|:-)(?P<arg>[^}]*))?\}")


def _interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?message}` (what the file uses)."""

    def replace(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        if env.get(name):
            return env[name]
        if op == ":?":
            raise LookupError(f"required variable {name} is missing a value: {arg}")
        return arg if op == ":-" else ""

    return _VARIABLE.sub(replace, value)


def _compose_strings(node) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _compose_strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _compose_strings(value)]
    return [node] if isinstance(node, str) else []


def test_compose_has_no_default_secrets_and_requires_each():
    text = (ROOT / "docker-compose.yml").read_text()
    compose = yaml.safe_load(text)
    environment = compose["x-app"]["environment"]

    for name in SECRET_NAMES:
        assert f"${{{name}:-" not in text
        assert f"${{{name}:?" in text
    assert "change-me" not in text
    assert not any(key in text for key in PUBLISHED_NIK_KEYS | PUBLISHED_SECRET_KEYS)
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert environment["NIK_ENCRYPTION_KEY"].startswith("${NIK_ENCRYPTION_KEY:?")
    assert (
        "${POSTGRES_PASSWORD:?"
        in compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    )


def test_compose_interpolates_with_the_secrets_set_and_names_the_first_one_missing():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    env = {"DJANGO_SECRET_KEY": _secret_key(), "NIK_ENCRYPTION_KEY": _nik_key(),
           "POSTGRES_PASSWORD": secrets.token_urlsafe(24)}  # fmt: skip

    values = [_interpolate(text, env) for text in _compose_strings(compose)]
    app = {
        name: _interpolate(value, env) for name, value in compose["x-app"]["environment"].items()
    }

    assert not any("${" in value for value in values)
    assert (
        app["DATABASE_URL"]
        == f"postgres://sicaker:{env['POSTGRES_PASSWORD']}@postgres:5432/sicaker"
    )
    check_secret_key(app["DJANGO_SECRET_KEY"])
    check_nik_key(app["NIK_ENCRYPTION_KEY"])
    for name in SECRET_NAMES:
        with pytest.raises(LookupError, match=f"required variable {name} is missing"):
            for text in _compose_strings(compose):
                _interpolate(text, {**env, name: ""})


def test_the_secret_recipes_in_compose_make_keys_production_accepts():
    text = (ROOT / "docker-compose.yml").read_text()
    recipes = dict(re.findall(r'echo "([A-Z_]+)=\$\(python3 -c \'([^\']+)\'\)"', text))

    assert set(recipes) == set(SECRET_NAMES)
    made = {
        name: subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        for name, code in recipes.items()
    }
    check_secret_key(made["DJANGO_SECRET_KEY"])
    check_nik_key(made["NIK_ENCRYPTION_KEY"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", made["POSTGRES_PASSWORD"])
