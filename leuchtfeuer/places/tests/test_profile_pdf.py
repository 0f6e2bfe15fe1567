"""The Kommunalprofil PDF is rendered once per data version and region; a repeated download (on
the page or with `leuchtfeuer profile … --format pdf`) sends the stored file without rendering.

The page's download is built by a worker (core.generated); the tests' immediate task backend
runs it inside the request, so the first answer is the file (the waiting page with the database
backend: core/tests/test_generated.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from leuchtfeuer.core import documents
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.profile import build_profile
from leuchtfeuer.places.public_views import _context
from leuchtfeuer.projections import presenters

pytestmark = pytest.mark.usefixtures("official_data")

URL = "/orte/13071092/kommunalprofil.pdf"


@pytest.fixture
def renders(monkeypatch):
    """Every WeasyPrint run is recorded (and really done)."""
    calls: list[str] = []
    real = documents.html_to_pdf

    def spy(html: str) -> bytes:
        calls.append(html)
        return real(html)

    monkeypatch.setattr(documents, "html_to_pdf", spy)
    return calls


@pytest.fixture
def without_projection(monkeypatch):
    # the projection engine is not what the storing is about (its PDF page: projections tests)
    monkeypatch.setattr(presenters, "profile_projection_context", lambda region, **kwargs: {})


def test_second_download_is_not_rendered_again(db, client, renders, without_projection, tmp_path):
    first = client.get(URL)
    second = client.get(URL)
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF") and second.content == first.content
    assert len(renders) == 1
    assert "Malchin" in renders[0]


def test_command_line_pdf_is_rendered_once(db, renders, without_projection, tmp_path):
    out = tmp_path / "malchin.pdf"
    call_command("profile", "13071092", "--format", "pdf", "-o", str(out))
    call_command("profile", "13071092", "--format", "pdf", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert len(renders) == 1


def test_a_new_import_renders_it_anew(db, client, renders, without_projection, region_factory):
    client.get(URL)
    region_factory()  # any import adds rows: the data version changes
    response = client.get(URL)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(renders) == 2


def test_every_page_is_a4_and_nothing_sticks_out_of_it(db):
    """Malchin's whole PDF (indicators, charts, projection, definitions): every page A4, and no
    table column or chart reaches past the right margin."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import MarginBox

    region = Region.objects.get(level="gemeinde", ags="13071092")
    html = render_to_string("places/profile_print.html", _context(build_profile(region)))
    assert "Altersgruppen für die Planung" in html  # the projection pages are part of it
    pages = HTML(string=html).render().pages
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):
        assert (round(page.width), round(page.height)) == (794, 1123)  # A4 in CSS pixels
        box = page._page_box  # WeasyPrint's laid-out boxes (no public API for positions)
        right = box.position_x + box.margin_left + box.border_left_width + box.padding_left + box.width
        for part in box.children:
            if isinstance(part, MarginBox):  # page number and title in the margin
                continue
            for inner in (part, *part.descendants()):
                end = inner.position_x + inner.margin_width()
                text = "".join(inner.element.itertext())[:60] if inner.element is not None else ""
                assert end <= right + 0.5, (
                    f"Seite {number}: {type(inner).__name__} bis {end:.0f} px > {right:.0f} px: {text}"
                )
