"""core.documents.stored_pdf: a PDF is rendered once per kind, key, data version and source."""

from __future__ import annotations

import pytest

from leuchtfeuer.core import documents
from leuchtfeuer.core.documents import stored_pdf
from leuchtfeuer.core.models import StoredDocument


@pytest.fixture
def renders(monkeypatch):
    """Every call of the renderer (WeasyPrint) is recorded; it answers a small fake PDF."""
    calls: list[str] = []

    def render(html: str) -> bytes:
        calls.append(html)
        return b"%PDF-fake " + html.encode()

    monkeypatch.setattr(documents, "html_to_pdf", render)
    return calls


def test_rendered_once_then_read_back(db, renders):
    first = stored_pdf(kind="kommunalprofil", key="13071092", version="v1", html="<p>Malchin</p>")
    again = stored_pdf(kind="kommunalprofil", key="13071092", version="v1", html="<p>Malchin</p>")
    assert again == first == b"%PDF-fake <p>Malchin</p>"
    assert len(renders) == 1
    # another region has its own document
    stored_pdf(kind="kommunalprofil", key="13075082", version="v1", html="<p>Loitz</p>")
    assert len(renders) == 2


def test_changed_source_renders_again_and_replaces_the_old(db, renders):
    stored_pdf(kind="kommunalprofil", key="13071092", version="v1", html="<p>amtlich</p>")
    # e.g. the town uploaded its own register data: same data version, other content
    new = stored_pdf(kind="kommunalprofil", key="13071092", version="v1", html="<p>eigene Daten</p>")
    assert new == b"%PDF-fake <p>eigene Daten</p>"
    assert len(renders) == 2
    assert StoredDocument.objects.filter(key="13071092").count() == 1


def test_new_data_version_renders_again_and_drops_the_old_version(db, renders):
    stored_pdf(kind="kommunalprofil", key="13071092", version="v1", html="<p>Malchin</p>")
    stored_pdf(kind="kommunalprofil", key="13075082", version="v1", html="<p>Loitz</p>")
    stored_pdf(kind="bericht", key="13071092", version="v1", html="<p>anderes Dokument</p>")
    stored_pdf(kind="kommunalprofil", key="13071092", version="v2", html="<p>Malchin</p>")
    assert len(renders) == 4
    assert set(StoredDocument.objects.filter(kind="kommunalprofil").values_list("version", flat=True)) == {
        "v2"
    }
    assert StoredDocument.objects.filter(kind="bericht").count() == 1  # other kinds are left alone
