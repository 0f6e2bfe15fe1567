"""The main navigation in base.html: for visitors who are not signed in it is cached per process and
view ("pages" cache); the cached copy must mark the right page and never reach a signed-in user."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current(html: str) -> list[str]:
    """The labels of the navigation links marked as the current page."""
    nav = html.split('aria-label="Hauptnavigation"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'aria-current="page">([^<]+)</a>', nav)


def test_each_part_marks_itself_although_the_navigation_is_cached(client):
    for _ in range(2):  # the second round comes from the cache
        assert current(client.get(reverse("participation:project-list")).content.decode()) == ["Beteiligung"]
        assert current(client.get(reverse("portal:index")).content.decode()) == ["Ankommen"]
        assert current(client.get(reverse("home:home")).content.decode()) == ["Start"]
        assert current(client.get(reverse("home:impressum")).content.decode()) == []


def test_signed_in_user_gets_own_navigation_after_anonymous_visits(client, user_factory):
    address = reverse("participation:project-list")
    anonymous = client.get(address).content.decode()
    assert "Anmelden" in anonymous and "Abmelden" not in anonymous
    client.force_login(user_factory())
    signed_in = client.get(address).content.decode()
    assert "Abmelden" in signed_in and "Mein Bereich" in signed_in
    assert ">Anmelden<" not in signed_in
    client.logout()
    assert "Abmelden" not in client.get(address).content.decode()


def test_footer_links_on_every_page(client):
    for address in (reverse("home:home"), reverse("participation:project-list"), "/gibt-es-nicht/"):
        html = client.get(address).content.decode()
        assert reverse("home:impressum") in html
        assert reverse("portal:my-data") in html
