"""tel: links from phone numbers as people write them in Germany."""

from __future__ import annotations

import pytest

from leuchtfeuer.portal.phone import tel_uri


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("03994 123456", "tel:03994123456"),
        ("03994 / 12 34-56", "tel:03994123456"),
        ("(03994) 123456", "tel:03994123456"),
        ("+49 (0) 3994 123456", "tel:+493994123456"),
        ("+49 3994 123456", "tel:+493994123456"),
        ("0049 3994 123456", "tel:+493994123456"),
        ("Tel. 0171 5551234 (Mo–Fr 9–12 Uhr)", "tel:01715551234"),
        ("00000 000000 (Demo-Nummer)", ""),
        ("00000 000001 (Demo-Nummer)", ""),
        ("auf Anfrage", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_tel_uri(written, uri):
    assert tel_uri(written) == uri


def test_portal_home_links_only_dialable_numbers(client, portal):
    portal.contact_phone = "+49 (0) 3994 / 12 34-56 (Mo–Fr)"
    portal.save()
    html = client.get(f"/ankommen/{portal.municipality.slug}/").content.decode()
    assert 'href="tel:+49399412345' in html
    portal.contact_phone = "00000 000001 (Demo-Nummer)"
    portal.save()
    html = client.get(f"/ankommen/{portal.municipality.slug}/").content.decode()
    assert "00000 000001 (Demo-Nummer)" in html and 'href="tel:' not in html
