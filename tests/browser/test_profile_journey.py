"""A visitor searches a town with a typo, reads its Kommunalprofil and downloads the PDF."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.places.tests.official_subset import load_official_subset

pytestmark = pytest.mark.browser


@pytest.fixture
def official(transactional_db):
    from leuchtfeuer.projections.current import warm

    load_official_subset()
    # as after an import (`leuchtfeuer warm-projections`): the projection is there, so the first
    # PDF download renders the document, it does not also run the engine
    warm(["13"])


def test_search_profile_and_pdf(page: Page, official, axe_check):
    page.goto("/")
    page.get_by_label("Name, Postleitzahl oder Gemeindeschlüssel").fill("Malchn")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("link", name="Malchin, Stadt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Malchin, Stadt")
    expect(page.locator(".facts")).to_contain_text("7.231")
    # Every chart comes with its data table.
    assert page.locator("figure svg").count() >= 3
    page.get_by_text("Datentabelle Altersaufbau", exact=True).click()
    expect(page.get_by_role("table", name="Bevölkerung nach Altersgruppen, 31.12.2015")).to_be_visible()
    expect(page.get_by_role("heading", name="Kommunen wie wir")).to_be_visible()
    axe_check("Kommunalprofil Malchin")
    # The first download renders the PDF (WeasyPrint, seconds on a busy machine); later ones
    # are read from the store (places/tests/test_profile_pdf.py).
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name="PDF zum Drucken").click(timeout=60_000)
    download = download_info.value
    assert download.suggested_filename == "kommunalprofil-13071092.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
