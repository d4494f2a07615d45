"""The search page says what it understood: the correction, the filters the words suggest, and
what it relaxed; each suggestion a link that works without JavaScript (issue 15)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_typo_and_a_work_type_phrase_become_a_correction_and_a_filter_link(
    new_page, web_world, javascript
):
    page = new_page(javascript=javascript)

    # When she types "penjait" (a variant) with a typo elsewhere and a work-type phrase
    page.goto("/lowongan/?q=penjahir+paruh+waktu")

    # Then she is told what was searched instead, and offered the filter, not given it
    expect(page.locator(".did-you-mean")).to_contain_text("penjahit paruh waktu")
    offer = page.get_by_role("link", name="Tampilkan hanya kerja paruh waktu?")
    expect(offer).to_be_visible()
    results = page.locator("#result-list > li")
    expect(results).to_have_count(2)
    assert_accessible(page)
    screenshot(page, f"search-suggestions-{'js' if javascript else 'nojs'}")

    # And the link applies it
    offer.click()
    expect(page.locator("#result-list > li")).to_have_count(1)
    expect(page.locator("#result-list")).to_contain_text("Penjahit Seragam Paruh Waktu")
    expect(page.get_by_role("link", name="Tampilkan hanya kerja paruh waktu?")).to_have_count(0)


def test_words_nobody_offers_are_dropped_and_said(new_page, web_world):
    page = new_page()

    page.goto("/lowongan/?q=xqzvw")

    expect(page.locator(".relaxed")).to_contain_text("xqzvw")
    expect(page.locator("#result-list > li")).to_have_count(3)
    assert_accessible(page)
    screenshot(page, "search-relaxed")
