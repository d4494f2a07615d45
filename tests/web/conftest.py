"""Browser tests: Playwright drives Debian's Chromium (``scripts/browser``) at phone size against
pytest-django's ``live_server``, on the real stack of the run (PostgreSQL + Elasticsearch, or
SQLite + the database backend); axe-core checks every page a journey visits."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import sync_playwright

from tests.factories.jobs import (
    EmployerFactory,
    SkillFactory,
    VacancyFactory,
    VacancySkillFactory,
)

# Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
# synchronous and safe, Django just cannot tell.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}  # the labor office's pages, seen mainly at a desk
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Where the phone-size screenshots go: docs/screenshots/ (committed) when asked for with
# SICAKER_SCREENSHOTS_DIR=docs/screenshots, else a git-ignored folder.
SCREENSHOTS = Path(os.environ.get("SICAKER_SCREENSHOTS_DIR", ROOT / ".services" / "screenshots"))


def _chromium() -> str | None:
    for candidate in (
        os.environ.get("SICAKER_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if (
            Path(str(item.fspath)).parent == here
            and "browser" in item.keywords
            and _chromium() is None
        ):
            item.add_marker(pytest.mark.skip(reason="no chromium: run scripts/browser install"))


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium, live_server, _fresh_cache):
    """A fresh browser (context) per call: phone viewport (or ``viewport=DESKTOP``), Indonesian,
    JavaScript on or off."""
    contexts = []

    def open_page(*, javascript: bool = True, locale: str = "id-ID", viewport: dict | None = None):
        context = chromium.new_context(
            viewport=viewport or PHONE,
            locale=locale,
            java_script_enabled=javascript,
            base_url=live_server.url,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.sicaker_javascript = javascript
        page.sicaker_locale = locale
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def _fresh_cache():
    """The home page's counts are cached a minute; each test starts without them."""
    cache.clear()
    yield


SERIOUS = {"serious", "critical"}


def assert_accessible(page) -> None:
    """axe-core on the page as shown: no violation of impact serious or critical; no
    horizontal scroll at phone width."""
    if not getattr(page, "sicaker_javascript", True):
        # axe is a script: a page without JavaScript is checked as a twin with it, same URL,
        # same cookies (pages answer a POST with a redirect, so the URL shows the same page).
        context = page.context.browser.new_context(
            viewport=page.viewport_size,
            locale=page.sicaker_locale,
            storage_state=page.context.storage_state(),
        )
        try:
            twin = context.new_page()
            twin.goto(page.url)
            assert_accessible(twin)
        finally:
            context.close()
        return
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]
    assert bad == [], f"axe on {page.url}:\n" + "\n".join(bad)
    width = page.evaluate("document.documentElement.scrollWidth")
    limit = page.viewport_size["width"]
    assert width <= limit, f"{page.url} scrolls sideways ({width}px wide, {limit}px window)"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def web_world(transactional_db, search_backend):
    """Skills, a verified home industry with three open vacancies, all in the search index."""
    sewing = SkillFactory(
        slug="menjahit", name_id="Menjahit", name_en="Sewing", synonyms=["jahit", "penjahit"]
    )
    cake = SkillFactory(
        slug="membuat-kue",
        name_id="Membuat Kue",
        name_en="Baking",
        category="culinary",
        synonyms=["kue", "roti"],
    )
    employer = EmployerFactory(
        name="Konveksi Bu Sri",
        district="Sukun",
        subdistrict="Bandungrejosari",
        latitude=-8.0039,
        longitude=112.6178,
    )
    today = timezone.localdate()
    masks = VacancyFactory(
        employer=employer,
        title="Penjahit Masker Kain",
        work_type="piece_rate",
        description="Menjahit masker kain di rumah; bahan disediakan.",
        address="Jl. Kolonel Sugiono 12",
        pay_min=3_000,
        pay_max=None,
        pay_unit="piece",
        positions=10,
        valid_through=today + datetime.timedelta(days=20),
    )
    uniforms = VacancyFactory(
        employer=employer,
        title="Penjahit Seragam Paruh Waktu",
        work_type="part_time",
        pay_min=60_000,
        pay_max=75_000,
        pay_unit="day",
        positions=2,
    )
    bakery = VacancyFactory(
        employer=EmployerFactory(name="Dapur Kue Ani", district="Klojen"),
        title="Pembuat Kue Basah",
        description="Membuat kue basah untuk toko oleh-oleh.",
        work_type="full_time",
        pay_min=2_000_000,
        pay_max=2_500_000,
        pay_unit="month",
        positions=1,
    )
    VacancySkillFactory(vacancy=masks, skill=sewing)
    VacancySkillFactory(vacancy=uniforms, skill=sewing)
    VacancySkillFactory(vacancy=bakery, skill=cake)
    # A rebuild, not an index of these rows: earlier tests' documents (rows gone) leave with it.
    search_backend.rebuild()
    if search_backend.name == "elasticsearch":
        search_backend.refresh()
    return {"masks": masks, "uniforms": uniforms, "bakery": bakery, "sewing": sewing}
