"""The youth parliament page speaks with "du" and has a plain window title (issue 16)."""

from __future__ import annotations

import re

import pytest

from leuchtfeuer.participation.models import YouthParliament

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihnen)\b")


def test_youth_parliament_page_says_du_and_has_a_plain_title(client, municipality, staff_client, team):
    YouthParliament.objects.create(
        municipality=municipality, name="Jugendparlament Test", slug="jp", summary="Wir reden mit.",
        contact="jp@example.org",
    )  # fmt: skip
    url = f"/beteiligung/{municipality.slug}/jugendparlament/jp/"
    html = client.get(url).content.decode()
    main = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
    assert "Hier siehst du" in main and "So erreichst du uns" in main
    assert not FORMAL.search(main), FORMAL.search(main)
    # The staff forms were once inside <title> and <head>: the title is the name only, for everyone.
    staff_html = staff_client(team).get(url).content.decode()
    title = staff_html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Jugendparlament Test") and "<" not in title and "form" not in title
    assert "<form" not in staff_html.split("</head>", 1)[0]


def test_jugendbudget_project_page_says_du_and_names_the_voting_rule(client, make_budget):
    budget = make_budget()  # Jugendbudget, approval, voting phase running
    project = budget.project
    html = client.get(f"/beteiligung/{project.municipality.slug}/{project.slug}/").content.decode()
    main = " ".join(re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0]).split())
    assert "Jetzt kannst du abstimmen." in main and "Jetzt können Sie" not in main
    assert "So wird abgestimmt: Zustimmung im Rahmen des Budgets." in main  # was "So wird abgestimmt: ."
    assert "Jugendbudget · " in main  # the budget's kind, not "Bürger-, Jugend- oder Ortsteilbudget"
    type(budget).objects.filter(pk=budget.pk).update(kind="buerger")
    adults = client.get(f"/beteiligung/{project.municipality.slug}/{project.slug}/").content.decode()
    assert "Jetzt können Sie abstimmen." in adults
