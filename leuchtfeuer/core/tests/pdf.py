"""Test helper: what a generated PDF says (poppler's pdftotext where installed)."""

from __future__ import annotations

import shutil
import subprocess

PDFTOTEXT = shutil.which("pdftotext")  # poppler-utils (Debian); without it only the PDF frame is checked


def pdf_text(content: bytes) -> str:
    """The PDF's text (needs PDFTOTEXT)."""
    assert PDFTOTEXT, "pdftotext (poppler-utils) is not installed"
    return subprocess.run(  # noqa: S603 – a fixed program reading the test's own bytes
        [PDFTOTEXT, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def assert_pdf_says(content: bytes, expected: str) -> None:
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    if PDFTOTEXT:
        assert expected in pdf_text(content), f"{expected!r} not in the PDF"
