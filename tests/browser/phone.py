"""Screenshots and the phone-width check the browser journeys share."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

PHONE = 390


def shot(page: Page, shots_dir: str, name: str) -> None:
    """A full-page screenshot into `shots_dir` (nothing when it is empty)."""
    if shots_dir:
        Path(shots_dir).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots_dir) / f"{name}.png"), full_page=True)


def no_sideways_scroll(page: Page) -> None:
    page.wait_for_load_state("load")  # measured before the stylesheet applies, a page is too wide
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
        f"{page.url} scrolls sideways at {page.viewport_size['width']} px"
    )


def fits_phone(page: Page, shots_dir: str, name: str) -> None:
    """The page at its width and at 390 px (screenshots of both); nothing may scroll sideways."""
    width = page.viewport_size["width"]
    shot(page, shots_dir, name + f"-{width}")
    page.set_viewport_size({"width": PHONE, "height": 844})
    shot(page, shots_dir, name + "-390")
    no_sideways_scroll(page)
    page.set_viewport_size({"width": width, "height": 900})
