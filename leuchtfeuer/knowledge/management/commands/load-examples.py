"""`leuchtfeuer load-examples`: the Praxisbeispiele and Umsetzungshilfen from the project's sources.

Public information, so this may run in production; idempotent; `--reindex` rebuilds the search
index of all published examples.
"""

from django.core.management.base import BaseCommand

from leuchtfeuer.knowledge import search
from leuchtfeuer.knowledge.loader import load_documents, load_examples


class Command(BaseCommand):
    help = "Lädt die Praxisbeispiele und Umsetzungshilfen aus den Quellen (wiederholbar)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reindex", action="store_true", help="Suchindex aller veröffentlichten Beispiele neu aufbauen"
        )

    def handle(self, *args, **options):
        created, updated = load_examples()
        documents = load_documents()
        self.stdout.write(
            f"Praxisbeispiele: {created} neu, {updated} aktualisiert; Umsetzungshilfen: {documents} neu erzeugt."
        )
        if options["reindex"]:
            self.stdout.write(f"Suchindex: {search.reindex_all()} Beispiele indexiert.")
