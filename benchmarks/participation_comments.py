"""Server time and query count of an idea page with 1,000 comments (issue 8: < 500 ms, bounded queries).

Run: .venv/bin/python benchmarks/participation_comments.py [--comments 1000] [--runs 20]
Uses a fresh temporary SQLite database (migrated here), a fictional municipality and idea with
400 comments and 600 replies (one level deep), and renders the page as an anonymous visitor and
as a logged-in moderator (more forms per comment). Prints p50/p95/max and the number of queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

_tmp = tempfile.mkdtemp(prefix="lf-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from _pages import signed_in  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from leuchtfeuer.accounts.models import Membership, Role, User  # noqa: E402
from leuchtfeuer.participation.models import Comment, Idea, Phase, Project  # noqa: E402
from leuchtfeuer.places.models import Municipality, Region  # noqa: E402


def build(n: int):
    region = Region.objects.create(level="gemeinde", ags="99000001", ars="990000000001", name="Benchstadt")
    town = Municipality.objects.create(region=region, slug="benchstadt", display_name="Benchstadt (fiktiv)")
    users = [
        User.objects.create_user(email=f"p{i}@example.org", password="x", name=f"Person {i}")
        for i in range(50)
    ]
    moderator = User.objects.create_user(email="mod@example.org", password="x", name="Moderation")
    Membership.objects.create(user=moderator, municipality=town, role=Role.TEAM)
    project = Project.objects.create(
        municipality=town, kind="dialog", title="Bench", slug="bench", summary="…", is_published=True
    )
    now = timezone.now()
    Phase.objects.create(
        project=project, kind="commenting", starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=9)
    )
    idea = Idea.objects.create(project=project, author=users[0], title="Viel Gesprächsstoff", text="…")
    top_n = int(n * 0.4)
    top = Comment.objects.bulk_create(
        [Comment(idea=idea, author=users[i % 50], text=f"Kommentar {i} " * 5) for i in range(top_n)]
    )
    Comment.objects.bulk_create(
        [
            Comment(idea=idea, parent=top[i % top_n], author=users[i % 50], text=f"Antwort {i} " * 4)
            for i in range(n - top_n)
        ]
    )
    return town, project, idea, moderator


def measure(client: Client, url: str, runs: int):
    settings.DEBUG = True
    times, queries = [], 0
    client.get(url, HTTP_HOST="127.0.0.1")  # warm-up (template loading)
    for _ in range(runs):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries = max(queries, len(connection.queries))
    settings.DEBUG = False
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1], queries, response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    town, project, idea, moderator = build(args.comments)
    url = f"/beteiligung/{town.slug}/{project.slug}/ideen/{idea.pk}/"
    client = Client()
    p50, p95, worst, queries, response = measure(client, url, args.runs)
    shown = response.content.decode().count('class="comment"')
    print(
        f"anonymous  {shown} comments: p50={p50:.0f} ms p95={p95:.0f} ms max={worst:.0f} ms, {queries} queries"
    )
    client = signed_in(moderator)  # a staff session that proved the second factor
    p50, p95, worst, queries, _ = measure(client, url, args.runs)
    print(
        f"moderator  {shown} comments: p50={p50:.0f} ms p95={p95:.0f} ms max={worst:.0f} ms, {queries} queries"
    )


if __name__ == "__main__":
    main()
