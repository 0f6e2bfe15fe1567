"""Request time of the document routes with the database task queue (issue 19), and the time a
worker needs to build each document.

Run after `make setup` (dev database with official data and the demo):
    .venv/bin/python benchmarks/document_request.py [--n 10]
Per document: the request while it is not built yet (answers 202 'wird erstellt'; the first one
creates the row and enqueues the task, the others find it) – p50 and max in ms, which must stay
under 1 s; then a real worker (`leuchtfeuer worker --batch`) builds it – its build time from the
row; then the request that delivers the file (p50, max). Last, the funding selection of the
demo call (39 applications): the synchronous POST of a small call, and the POST that hands it to
a worker (as for calls from selection.services.BACKGROUND_FROM candidates on) with its build.

Documents built before (a cache) are removed first, so every figure is a first build. Files go to
a temporary folder; what the run adds to the dev database (document rows, task rows,
selection runs and their audit entries) is deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from _pages import signed_in  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from leuchtfeuer.core.generated import documents_purge  # noqa: E402
from leuchtfeuer.core.models import AuditEntry, GeneratedDocument  # noqa: E402
from leuchtfeuer.funding.models import Application, Call  # noqa: E402
from leuchtfeuer.funding.selection import services as selection_services  # noqa: E402
from leuchtfeuer.funding.selection.models import SelectionRun  # noqa: E402
from leuchtfeuer.werkstatt.models import Report  # noqa: E402

FINANCE = (
    "pot=100.000.000&w_population=70&w_area=30&v_landgemeinde=1&v_kleinstadt=1&v_mittelstadt=1&v_grossstadt=1"
)


def timed(client: Client, method: str, url: str, expect: int, **kwargs) -> float:
    started = time.perf_counter()
    response = getattr(client, method)(url, HTTP_HOST="127.0.0.1", **kwargs)
    ms = (time.perf_counter() - started) * 1000
    assert response.status_code == expect, (url, response.status_code, expect)
    return ms


def worker() -> float:
    started = time.perf_counter()
    call_command("worker", batch=True, verbosity=0)
    return time.perf_counter() - started


def plan(office, coordinator) -> list[tuple[str, object, str]]:
    base = "/kommunen/malchin/werkstatt/"
    application = Application.objects.filter(call__slug="mikrofoerderung").order_by("pk").first()
    year = Report.objects.filter(process__municipality__slug="malchin").values_list("year", flat=True).first()
    rows = [
        ("Kommunalprofil Malchin (PDF)", None, "/orte/13071092/kommunalprofil.pdf"),
        ("Kommunalprofil Land MV (PDF)", None, "/orte/13/kommunalprofil.pdf"),
        ("Zwischenbilanz Malchin (PDF)", coordinator, base + "zwischenbilanz/bericht.pdf"),
        ("Zwischenbilanz Malchin (DOCX)", coordinator, base + "zwischenbilanz/bericht.docx"),
        ("Zwischenbilanz Malchin (ODT)", coordinator, base + "zwischenbilanz/bericht.odt"),
        ("Methodenkoffer Moderationsplan (PDF)", None, "/werkstatt/methodenkoffer/moderationsplan-zukunftswerkstatt.pdf"),
        ("Methodenkoffer Maßnahmenblatt (DOCX)", None, "/werkstatt/methodenkoffer/massnahmenblatt.docx"),
        ("Finanz-Simulator MV (PDF)", coordinator, f"/finanzen/laender/13/export.pdf?{FINANCE}"),
    ]  # fmt: skip
    if year:
        rows.insert(
            5, (f"Kurzbericht {year} Malchin (PDF)", coordinator, base + f"kurzbericht/{year}/bericht.pdf")
        )
    if application:
        rows.append(("Förderantrag (PDF)", office, f"/foerderung/antraege/{application.pk}/antrag.pdf"))
    return rows


def documents(args, office, coordinator) -> None:
    print(
        f"{'Dokument':38} {'Anfrage p50':>11} {'max':>7} {'Erstellung':>11} {'Auslieferung p50':>17} {'max':>7} {'Größe':>9}"
    )
    for label, user, url in plan(office, coordinator):
        client = signed_in(user)
        if "/finanzen/" in url:  # the export link is on the result page, which has loaded the Land's data
            timed(client, "get", url.replace("export.pdf", ""), 200)
        waiting = [timed(client, "get", url, 202) for _ in range(args.n)]
        worker()
        doc = GeneratedDocument.objects.order_by("-finished_at").first()
        delivered = [timed(client, "get", url, 200) for _ in range(args.n)]
        print(
            f"{label:38} {statistics.median(waiting):8.0f} ms {max(waiting):4.0f} ms {doc.build_seconds:9.2f} s"
            f" {statistics.median(delivered):14.0f} ms {max(delivered):4.0f} ms {doc.size / 1024:6.0f} KB"
        )


def selection(args, office) -> None:
    call = Call.objects.filter(slug="mikrofoerderung").first()
    if call is None:
        return
    url = f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/auswahl/"
    client = signed_in(office)
    n = call.applications.count()
    sync = [timed(client, "post", url, 302, data={"action": "run"}) for _ in range(3)]
    print(
        f"\nAuswahl {call.slug} ({n} Anträge), synchron: p50 {statistics.median(sync):.0f} ms, max {max(sync):.0f} ms"
    )
    selection_services.BACKGROUND_FROM = 1  # as a large call would
    background = [timed(client, "post", url, 302, data={"action": "run"}) for _ in range(args.n)]
    seconds = worker()
    doc = GeneratedDocument.objects.get(kind=selection_services.SELECTION_JOB, status="fertig")
    print(
        f"Auswahl {call.slug} über den Worker: Anfrage p50 {statistics.median(background):.0f} ms, "
        f"max {max(background):.0f} ms; Berechnung im Worker {doc.build_seconds:.2f} s (Worker-Lauf {seconds:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10)
    args = parser.parse_args()
    User = get_user_model()
    office = User.objects.filter(is_programme_office=True, is_active=True).first()
    coordinator = User.objects.filter(
        memberships__municipality__slug="malchin", memberships__role="koordination"
    ).first()
    if office is None or coordinator is None:
        raise SystemExit("Demo fehlt: erst `leuchtfeuer load-demo` ausführen.")
    assert "DatabaseBackend" in settings.TASKS["default"]["BACKEND"], settings.TASKS
    started = timezone.now()
    last = {
        model: model.objects.aggregate(m=Max("pk"))["m"] or 0
        for model in (GeneratedDocument, SelectionRun, AuditEntry)
    }
    # earlier downloads in the dev database (with their files in var/media) would be delivered
    # at once: start from none, as after a new import
    documents_purge(older_than=timedelta(0))
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        try:
            Client().get(
                "/orte/13071092/vorausberechnung/", HTTP_HOST="127.0.0.1"
            )  # projection warm, as in production
            documents(args, office, coordinator)
            selection(args, office)
        finally:
            for model, pk in last.items():
                model.objects.filter(pk__gt=pk).delete()
            DBTaskResult.objects.filter(
                enqueued_at__gte=started, task_path__startswith="leuchtfeuer.core.generated"
            ).delete()


if __name__ == "__main__":
    main()
