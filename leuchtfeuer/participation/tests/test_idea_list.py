"""Staff list of all ideas of a project: role matrix, filters, order (unanswered first), bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.participation.models import Comment, ContentReport, Idea, Moderation
from leuchtfeuer.places.models import Ortsteil

pytestmark = pytest.mark.django_db


def list_url(project, **query):
    address = reverse("participation:manage-ideas", args=[project.municipality.slug, project.slug])
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.KOORDINATION, 200),
        (Role.TEAM, 200),
        (Role.BERATUNG, 403),
        (Role.MENTORING, 403),
        (Role.PARTNER, 403),
        (Role.LOTSE, 403),
    ],
)
def test_role_matrix(client, staff_client, make_project, role_user, municipality, role, expected):
    project = make_project()
    staff_client(role_user(role, municipality))
    assert client.get(list_url(project)).status_code == expected


def test_anonymous_resident_admin_and_other_town(
    client, staff_client, make_project, municipality, other_municipality, role_user, user_factory
):
    project = make_project()
    response = client.get(list_url(project))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(user_factory())
    assert client.get(list_url(project)).status_code == 403
    # a coordinator of another town sees nothing of this one
    staff_client(role_user(Role.KOORDINATION, other_municipality))
    assert client.get(list_url(project)).status_code == 403
    staff_client(user_factory(is_superuser=True))
    assert client.get(list_url(project)).status_code == 200


def test_unanswered_first_filters_and_links(client, staff_client, make_project, municipality, resident, team):
    project = make_project()
    nord = Ortsteil.objects.create(municipality=municipality, name="Nordstadt")
    now = timezone.now()
    answered = Idea.objects.create(
        project=project,
        author=resident,
        title="Beantwortete Idee",
        text="…",
        handlungsfeld="generationen",
        ortsteil=nord,
        status=Idea.Status.ACCEPTED,
        official_answer="Machen wir.",
        answered_at=now,
    )
    old_open = Idea.objects.create(project=project, author=resident, title="Alte offene Idee", text="…")
    new_open = Idea.objects.create(
        project=project,
        author=resident,
        title="Neue offene Idee",
        text="…",
        moderation=Moderation.HIDDEN,
        moderation_reason="Beleidigung",
    )
    Idea.objects.filter(pk=answered.pk).update(created_at=now - timedelta(days=9))
    Idea.objects.filter(pk=old_open.pk).update(created_at=now - timedelta(days=5))
    Idea.objects.filter(pk=new_open.pk).update(created_at=now - timedelta(days=1))
    Comment.objects.create(idea=old_open, author=resident, text="Gute Idee")
    ContentReport.objects.create(idea=new_open, reported_by=resident, reason="Beleidigend")

    staff_client(team)
    html = client.get(list_url(project)).content.decode()
    # unanswered first (oldest waiting first), hidden ones included for staff
    assert html.index("Alte offene Idee") < html.index("Neue offene Idee") < html.index("Beantwortete Idee")
    assert "ausgeblendet" in html and "3 Ideen" in html
    detail = reverse("participation:idea-detail", args=[municipality.slug, project.slug, old_open.pk])
    assert f'href="{detail}#antwort"' in html and f'href="{detail}#moderation"' in html

    for query, shown, hidden in (
        ({"status": "angenommen"}, "Beantwortete Idee", "Alte offene Idee"),
        ({"handlungsfeld": "generationen"}, "Beantwortete Idee", "Neue offene Idee"),
        ({"ortsteil": nord.pk}, "Beantwortete Idee", "Alte offene Idee"),
        ({"status": "eingereicht"}, "Alte offene Idee", "Beantwortete Idee"),
    ):
        html = client.get(list_url(project, **query)).content.decode()
        assert shown in html and hidden not in html, query


def test_bad_filter_says_what_and_where(client, staff_client, make_project, team):
    project = make_project()
    Idea.objects.create(project=project, title="Eine Idee", text="…")
    staff_client(team)
    response = client.get(list_url(project, status="gibtsnicht"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Stand" in html and "Eine Idee" in html  # the error is shown; the list stays unfiltered


def test_ideas_of_other_project_not_listed(client, staff_client, make_project, team):
    project, other = make_project(), make_project()
    Idea.objects.create(project=other, title="Fremde Idee", text="…")
    staff_client(team)
    assert "Fremde Idee" not in client.get(list_url(project)).content.decode()


def test_query_count_bounded(
    client, staff_client, make_project, municipality, resident, team, django_assert_max_num_queries
):
    project = make_project()
    ortsteile = [Ortsteil.objects.create(municipality=municipality, name=f"Ortsteil {i}") for i in range(5)]
    ideas = Idea.objects.bulk_create(
        [
            Idea(
                project=project,
                author=resident,
                title=f"Idee {i}",
                text="…",
                ortsteil=ortsteile[i % 5],
                handlungsfeld="generationen",
                official_answer="ok" if i % 3 else "",
            )
            for i in range(150)
        ]
    )
    Comment.objects.bulk_create([Comment(idea=ideas[i % 150], author=resident, text="K") for i in range(300)])
    staff_client(team)
    client.get(list_url(project))  # warm up session/permission caches
    with django_assert_max_num_queries(14) as captured:
        response = client.get(list_url(project))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == 150
    few = len(captured.captured_queries)
    Idea.objects.bulk_create(
        [Idea(project=project, author=resident, title=f"Mehr {i}", text="…") for i in range(50)]
    )
    with django_assert_max_num_queries(few) as more:
        client.get(list_url(project))
    assert len(more.captured_queries) == few  # independent of the number of ideas


@pytest.mark.parametrize("slug", ["jugendparlament", "buergerrat"])
def test_project_slug_that_would_shadow_other_pages_is_refused(coordinator, municipality, slug):
    from django.core.exceptions import ValidationError

    from leuchtfeuer.participation import services
    from leuchtfeuer.participation.models import Project

    with pytest.raises(ValidationError, match="reserviert"):
        services.project_create(
            actor=coordinator, municipality=municipality, kind="dialog", title="T", slug=slug, summary="…"
        )
    assert not Project.objects.filter(slug=slug).exists()


def test_assembly_slug_neu_is_refused(coordinator, municipality):
    from django.core.exceptions import ValidationError

    from leuchtfeuer.participation import services
    from leuchtfeuer.participation.models import Assembly

    with pytest.raises(ValidationError, match="reserviert"):
        services.assembly_create(
            actor=coordinator, municipality=municipality, title="Rat", slug="neu", summary="…", panel_size=6
        )
    assert not Assembly.objects.exists()


def test_linked_from_management_overview_and_project(client, staff_client, make_project, municipality, team):
    project = make_project()
    staff_client(team)
    address = list_url(project)
    overview = client.get(reverse("participation:manage-index", args=[municipality.slug])).content.decode()
    detail = client.get(
        reverse("participation:manage-project", args=[municipality.slug, project.slug])
    ).content.decode()
    assert f'href="{address}"' in overview and f'href="{address}"' in detail
