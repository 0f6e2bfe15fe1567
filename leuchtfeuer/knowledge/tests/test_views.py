"""Pages and API of the knowledge part: public search, workflow pages, uploads, network, events."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.knowledge import services
from leuchtfeuer.knowledge.loader import load_documents, load_examples
from leuchtfeuer.knowledge.models import Document, Example, ExampleImage
from leuchtfeuer.places.models import Municipality, Region


@pytest.fixture
def seeds(official_data, db):
    load_examples()


def test_search_page_with_facets_and_highlighting(client, seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/wissen/", {"q": "Kita"})
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r"(\d+) Treffer für „Kita“", html)
    assert found and int(found.group(1)) >= 3  # Kitaplätze and the Kinderbetreuung examples (synonyms)
    assert "<mark>Kitaplätze</mark>" in html
    assert 'name="handlungsfeld"' in html and "Kinderbetreuung und Schule" in html


def test_search_page_htmx_returns_the_partial(client, seeds):
    response = client.get("/wissen/", {"q": "Probewohnen", "sortierung": "titel"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert "Görlitz" in response.content.decode()


def test_api_search_detail_and_filters(client, seeds):
    data = client.get("/api/v1/examples", {"q": "Rueckkehr"}).json()
    titles = [r["title"] for r in data["results"]]
    assert any("Heeme Fehlste" in t for t in titles) and any("Heimvorteil" in t for t in titles)
    assert data["total"] == len(titles)
    assert {"handlungsfeld", "zielgruppe", "land", "groesse", "kosten", "stand"} <= set(data["facets"])

    filtered = client.get("/api/v1/examples", {"q": "Rückkehr", "handlungsfeld": ["kinderbetreuung"]}).json()
    assert {r["slug"] for r in filtered["results"]} == {
        "heeme-fehlste-spremberg",
        "einfach-ankommen-bad-berleburg",
    }
    two = client.get("/api/v1/examples?handlungsfeld=jugend&handlungsfeld=kinderbetreuung").json()
    assert (
        two["total"]
        == Example.objects.filter(
            terms__key__in=["jugend", "kinderbetreuung"], terms__vocabulary="handlungsfeld"
        )
        .distinct()
        .count()
    )

    example = Example.objects.get(slug="stadt-der-zukunft-auf-probe-goerlitz")
    detail = client.get(f"/api/v1/examples/{example.pk}").json()
    assert detail["region_key"] == "14626110" and detail["source"].startswith("Starke Orte Netzwerk")
    assert detail["contact_email"] is None
    assert client.get("/api/v1/examples/999999").status_code == 404


def test_api_hides_unpublished_examples(client, make_example):
    example = make_example("Entwurf", "x", publish=False)
    assert client.get(f"/api/v1/examples/{example.pk}").status_code == 404
    assert client.get("/api/v1/examples").json()["total"] == 0


def test_api_recommendations_for_malchin(client, seeds):
    data = client.get("/api/v1/regions/13071092/recommendations").json()
    assert len(data) >= 3
    assert data[0]["rank"] == 1 and data[0]["explanation"].endswith(".")
    assert all(item["example"]["region_key"] != "13071092" for item in data)
    assert client.get("/api/v1/regions/99999999/recommendations").status_code == 404


def test_detail_page_public_and_unpublished_hidden(client, seeds, make_example):
    response = client.get("/wissen/beispiele/heimvorteil-hsk/")
    assert response.status_code == 200
    assert "Hochsauerlandkreis" in response.content.decode()
    draft = make_example("Geheim", "x", publish=False)
    assert client.get(f"/wissen/beispiele/{draft.slug}/").status_code == 404


def test_coordinator_creates_and_submits_through_the_pages(
    client, coordinator_user, municipality, office, login
):
    login(coordinator_user)
    response = client.post(
        reverse("knowledge:example-create") + f"?kommune={municipality.slug}",
        {"title": "", "summary": "", "description": "", "phase": "laufend", "cost_range": "unbekannt"},
    )
    assert response.status_code == 422
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    response = client.post(
        reverse("knowledge:example-create"),
        {
            "kommune": municipality.slug, "title": "Rückkehrertag", "summary": "Ein Tag.", "description": "Am 26.12.",
            "phase": "idee", "cost_range": "bis-10000", "handlungsfelder": ["rueckkehr", "willkommen"],
        },
    )  # fmt: skip
    example = Example.objects.get(title="Rückkehrertag")
    assert response.status_code == 302 and example.municipality == municipality
    assert sorted(example.terms.values_list("key", flat=True)) == ["rueckkehr", "willkommen"]
    client.post(reverse("knowledge:example-submit", args=[example.slug]))
    assert Example.objects.get(pk=example.pk).state == "eingereicht"
    # The office sees it in the queue and publishes it.
    login(office)
    assert example.title in client.get(reverse("knowledge:review-queue")).content.decode()
    client.post(reverse("knowledge:example-review", args=[example.slug]), {"action": "publish", "body": ""})
    assert Example.objects.get(pk=example.pk).state == "veroeffentlicht"
    client.logout()
    assert "Rückkehrertag" in client.get("/wissen/", {"q": "Rückkehrertag"}).content.decode()


def test_citizen_cannot_reach_the_editorial_pages(client, user_factory, make_example, login):
    example = make_example("Veröffentlicht", "x")
    login(user_factory())
    assert client.get(reverse("knowledge:review-queue")).status_code == 403
    assert client.get(reverse("knowledge:example-update", args=[example.slug])).status_code == 403
    assert (
        client.post(
            reverse("knowledge:example-review", args=[example.slug]), {"action": "reject"}
        ).status_code
        == 403
    )
    assert client.get(reverse("knowledge:example-create")).status_code == 403


def test_image_upload_page_and_image_served(client, coordinator_user, municipality, login):
    example = services.example_create(
        actor=coordinator_user,
        municipality=municipality,
        data={"title": "Fest", "summary": "x", "description": "x"},
    )
    login(coordinator_user)
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3)).save(buffer, format="JPEG")
    url = reverse("knowledge:example-images", args=[example.slug])
    response = client.post(url, {"file": SimpleUploadedFile("f.jpg", buffer.getvalue()), "alt_text": ""})
    assert response.status_code == 422 and not ExampleImage.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("f.jpg", buffer.getvalue()), "alt_text": "Fest"})
    image = ExampleImage.objects.get()
    served = client.get(reverse("knowledge:example-image", args=[example.slug, image.pk]))
    assert served["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(reverse("knowledge:example-image", args=[example.slug, image.pk])).status_code == 404


def test_document_list_and_download_counts(client, db):
    load_documents()
    response = client.get(reverse("knowledge:document-list"))
    assert "Erhebungsbogen für Rückkehrende und Zuziehende" in response.content.decode()
    download = client.get(reverse("knowledge:document-download", args=["erhebungsbogen-rueckkehrende"]))
    assert download["Content-Disposition"] == 'attachment; filename="Erhebungsbogen-Rueckkehrende.docx"'
    b"".join(download.streaming_content)
    assert Document.objects.get(slug="erhebungsbogen-rueckkehrende").download_count == 1


def test_recommendations_page_and_dashboard_panel(client, seeds, role_user, login):
    malchin = Municipality.objects.create(
        region=Region.objects.get(level="gemeinde", ags="13071092"), slug="malchin", display_name="Malchin"
    )
    login(role_user(Role.KOORDINATION, malchin))
    page = client.get(reverse("knowledge:recommendations", args=["malchin"]))
    assert page.status_code == 200 and "Lösungen für Kommunen wie Malchin" in page.content.decode()
    dashboard = client.get("/kommunen/malchin/").content.decode()
    assert "Lösungen für Kommunen wie uns" in dashboard
    from leuchtfeuer.knowledge.recommend import recommendations_for_municipality

    top = recommendations_for_municipality(malchin, limit=3)
    assert len(top) == 3
    for item in top:
        assert escape(item.example.title) in dashboard and escape(item.explanation) in dashboard


def test_recommendations_page_is_internal(client, user_factory, municipality, login):
    login(user_factory())
    assert client.get(reverse("knowledge:recommendations", args=[municipality.slug])).status_code == 403


def test_directory_shows_contacts_only_to_signed_in_staff(
    client, role_user, municipality, user_factory, login
):
    coordinator = role_user(Role.KOORDINATION, municipality, name="Kora")
    services.network_profile_update(
        actor=coordinator, municipality=municipality, listed=True, topics=["rueckkehr"]
    )
    services.network_contact_opt_in(actor=coordinator, municipality=municipality, function="Demografie")
    public = client.get(reverse("knowledge:network-directory")).content.decode()
    assert municipality.display_name in public and coordinator.email not in public
    login(coordinator)
    assert coordinator.email in client.get(reverse("knowledge:network-directory")).content.decode()


def test_event_registration_page(client, office, user_factory, login):
    start = timezone.now() + dt.timedelta(days=3)
    event = services.event_create(
        actor=office, title="Online-Seminar Probewohnen", kind="online-seminar", description="x",
        starts_at=start, ends_at=start + dt.timedelta(hours=1), location="online", capacity=1,
    )  # fmt: skip
    first, second = user_factory(), user_factory()
    login(first)
    client.post(reverse("knowledge:event-register", args=[event.pk]))
    login(second)
    response = client.post(reverse("knowledge:event-register", args=[event.pk]), follow=True)
    assert "ausgebucht" in response.content.decode()
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_hospitation_pages(client, role_user, municipality, other_municipality, login):
    services.network_profile_update(
        actor=role_user(Role.KOORDINATION, other_municipality), municipality=other_municipality, listed=True
    )
    guest = role_user(Role.TEAM, municipality)
    login(guest)
    response = client.post(
        reverse("knowledge:hospitation-list"),
        {"guest": municipality.pk, "host": other_municipality.pk, "topic": "Probewohnen", "message": "kurz"},
    )
    assert response.status_code == 422
    client.post(
        reverse("knowledge:hospitation-list"),
        {"guest": municipality.pk, "host": other_municipality.pk, "topic": "Probewohnen",
         "message": "Wir möchten Ihr Probewohnen kennenlernen."},
    )  # fmt: skip
    assert "Probewohnen" in client.get(reverse("knowledge:hospitation-list")).content.decode()


def test_api_search_query_count_is_bounded(client, seeds, django_assert_max_num_queries):
    client.get("/api/v1/examples", {"q": "Rückkehr"})  # builds the per-process facet arrays once
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/examples", {"q": "Rückkehr", "per_page": 50}).json()
    assert data["total"] >= 3


def test_load_examples_command_is_idempotent_and_keeps_edits(seeds, office):
    from django.core.management import call_command

    example = Example.objects.get(slug="dein-jahr-in-loitz")
    versions = example.versions.count()
    call_command("load-examples", verbosity=0)
    assert example.versions.count() == versions
    services.example_update(actor=office, example=example, data={"summary": "Von der Redaktion gekürzt."})
    call_command("load-examples", "--reindex", verbosity=0)
    example.refresh_from_db()
    assert example.summary == "Von der Redaktion gekürzt."
    assert Example.objects.filter(state="veroeffentlicht").count() == 20


def test_office_places_an_example_by_official_key_and_sees_what_changed(client, seeds, office, login):
    login(office)
    form = {"title": "Stiftungsprogramm", "summary": "Kurz.", "description": "Lang.", "phase": "laufend",
            "cost_range": "unbekannt"}  # fmt: skip
    response = client.post(reverse("knowledge:example-create"), {**form, "region_key": "99999"})
    assert response.status_code == 422 and "Zum Schlüssel „99999“" in response.content.decode()
    client.post(reverse("knowledge:example-create"), {**form, "region_key": "05958"})
    example = Example.objects.get(title="Stiftungsprogramm")
    assert example.region.name == "Hochsauerlandkreis" and example.land_code == "05"
    client.post(
        reverse("knowledge:example-update", args=[example.slug]),
        {**form, "region_key": "05958", "summary": "Neu."},
    )
    page = client.get(reverse("knowledge:example-versions", args=[example.slug])).content.decode()
    assert "Kurzbeschreibung (ein, zwei Sätze)" in page and "erste Fassung" in page


def test_first_search_from_the_start_page_sorts_by_relevance(client, seeds):
    # /wissen/ without a query lists the newest first, but its form must not send that choice
    # along with the first search (issue 16): the sort field starts on "passend" (empty value).
    html = client.get("/wissen/").content.decode()
    assert '<option value="" selected>passend' in html
    assert '<option value="neueste" selected>' not in html
    result = client.get("/wissen/", {"q": "Probewohnen", "sortierung": ""}).content.decode()
    assert '<option value="" selected>passend' in result
    chosen = client.get("/wissen/", {"q": "Probewohnen", "sortierung": "titel"}).content.decode()
    assert '<option value="titel" selected>' in chosen
