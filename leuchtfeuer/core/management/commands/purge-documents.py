"""leuchtfeuer purge-documents [--days 30]: remove generated documents (core.generated) nobody
asked for in that many days, with their files. Idempotent; a periodic job of the worker."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from leuchtfeuer.core.generated import documents_purge


class Command(BaseCommand):
    help = "Löscht erzeugte Dokumente (PDF, DOCX, ODT), die so lange niemand abgerufen hat."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Tage ohne Abruf (Standard: 30)")

    def handle(self, *args, days=30, **options):
        count = documents_purge(older_than=timedelta(days=days))
        self.stdout.write(f"{count} erzeugte Dokument(e) gelöscht.")
