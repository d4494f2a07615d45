"""The sitemap of the public vacancy pages and a search as an Atom feed."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from jobs.services import vacancy_close
from tests.factories.jobs import (
    DraftVacancyFactory,
    EmployerFactory,
    SkillFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.web.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db


def text(element: ET.Element | None, path: str) -> str:
    """The text of the element at ``path`` under ``element`` (the test fails if it is missing)."""
    assert element is not None
    found = element.find(path)
    assert found is not None, path
    return found.text or ""


def href(element: ET.Element | None, path: str) -> str:
    assert element is not None
    found = element.find(path)
    assert found is not None, path
    return found.get("href") or ""


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def vacancies(search_backend):
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing", synonyms=["jahit"])
    employer = EmployerFactory(name="Konveksi Bu Sri", phone="081234567890", email="sri@example.id")
    masks = VacancyFactory(
        employer=employer,
        title="Penjahit Masker",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    uniforms = VacancyFactory(
        employer=employer, title="Penjahit Seragam", published_at=timezone.now()
    )
    bakery = VacancyFactory(
        employer=EmployerFactory(name="Dapur Kue Ani"),
        title="Pembuat Kue",
        description="Membuat kue basah.",
    )
    closed = VacancyFactory(employer=employer, title="Penjahit Lama")
    vacancy_close(vacancy=closed, actor=employer.owner)
    draft = DraftVacancyFactory(employer=employer, title="Penjahit Rahasia")
    VacancySkillFactory(vacancy=masks, skill=sewing)
    VacancySkillFactory(vacancy=uniforms, skill=sewing)
    search_backend.rebuild()
    if search_backend.name == "elasticsearch":
        search_backend.refresh()
    return {
        "masks": masks,
        "uniforms": uniforms,
        "bakery": bakery,
        "closed": closed,
        "draft": draft,
    }


def test_the_sitemap_lists_the_open_vacancy_pages_and_the_public_pages(client, vacancies):
    index = client.get("/sitemap.xml")
    sections = [loc.text for loc in ET.fromstring(index.content).iter(f"{SITEMAP_NS}loc")]
    pages = client.get("/sitemap-pages.xml")
    jobs = client.get("/sitemap-vacancies.xml")
    urls = ET.fromstring(jobs.content).findall(f"{SITEMAP_NS}url")

    assert index.status_code == 200
    assert index["Cache-Control"] == "public, max-age=3600"
    assert sections == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-vacancies.xml",
    ]
    assert [loc.text for loc in ET.fromstring(pages.content).iter(f"{SITEMAP_NS}loc")] == [
        "http://testserver/",
        "http://testserver/lowongan/",
    ]
    expected = sorted(vacancies[name].pk for name in ("masks", "uniforms", "bakery"))
    assert [text(url, f"{SITEMAP_NS}loc") for url in urls] == [
        f"http://testserver/lowongan/{pk}/" for pk in expected
    ]
    assert text(urls[0], f"{SITEMAP_NS}lastmod") == vacancies["masks"].updated_at.date().isoformat()


def test_a_search_is_a_feed_of_its_newest_open_vacancies(client, vacancies):
    answer = client.get("/lowongan/feed/", {"q": "penjahit", "page": "3", "sort": "relevance"})
    feed = ET.fromstring(answer.content)
    entries = feed.findall(f"{ATOM}entry")

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert answer["Cache-Control"] == "public, max-age=300"
    assert text(feed, f"{ATOM}title") == "Lowongan Si-Caker: penjahit"
    assert href(feed, f"{ATOM}link") == "http://testserver/lowongan/?q=penjahit"
    assert [text(entry, f"{ATOM}title") for entry in entries] == [
        "Penjahit Seragam — Konveksi Bu Sri",
        "Penjahit Masker — Konveksi Bu Sri",
    ]
    first = entries[0]
    assert href(first, f"{ATOM}link") == (f"http://testserver/lowongan/{vacancies['uniforms'].pk}/")
    assert text(first, f"{ATOM}author/{ATOM}name") == "Konveksi Bu Sri"
    assert text(first, f"{ATOM}summary") == (
        "Rp2.000–Rp5.000 per potong · Borongan · Klojen, Kota Malang · Menjahit"
    )


def test_a_feed_without_criteria_is_every_open_vacancy(client, vacancies):
    answer = client.get("/lowongan/feed/")

    titles = [
        text(e, f"{ATOM}title") for e in ET.fromstring(answer.content).findall(f"{ATOM}entry")
    ]
    assert sorted(titles) == [
        "Pembuat Kue — Dapur Kue Ani",
        "Penjahit Masker — Konveksi Bu Sri",
        "Penjahit Seragam — Konveksi Bu Sri",
    ]


def test_a_search_the_page_refuses_is_a_400_feed_saying_why(client, vacancies):
    answer = client.get("/lowongan/feed/", {"radius_km": "5"})

    assert answer.status_code == 400
    assert answer["Content-Type"] == "text/plain; charset=utf-8"
    assert "near" in answer.content.decode() or "radius" in answer.content.decode()


def test_the_search_page_links_its_feed_in_the_head_and_in_the_results(client, vacancies):
    page = client.get("/lowongan/", {"q": "penjahit", "work_type": ["piece_rate"], "page": "1"})
    body = page.content.decode()

    feed = "/lowongan/feed/?q=penjahit&amp;work_type=piece_rate"
    assert '<link rel="alternate" type="application/atom+xml"' in body
    assert f'href="{feed}"' in body
    assert body.count(f'href="{feed}"') == 2


@pytest.mark.browser
def test_the_feed_link_on_the_results_is_reachable_on_a_phone(new_page, web_world):
    # Given a search on a phone, with JavaScript off
    page = new_page(javascript=False)
    page.goto("/lowongan/?q=penjahit")

    # Then the feed is linked below the results, a tappable link, and the page stays accessible
    link = page.get_by_role("link", name="Ikuti pencarian ini di pembaca feed (Atom)")
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    assert link.get_attribute("href") == "/lowongan/feed/?q=penjahit"
    assert_accessible(page)
    screenshot(page, "search-feed-link")
