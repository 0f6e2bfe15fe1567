"""Benchmark: how fast, and with how much memory, every upload path refuses a decompression bomb.

Run: .venv/bin/python benchmarks/upload_bombs.py
Target (issue 13, defects 3–5 and 12): each refusal within 2 s, with a German message, and no
path growing the process by more than a few hundred MB. The files are built here, small files
declaring something huge:

* an APNG of 6000 × 6000 pixels with 60 frames (39 KB), an animated WebP, a 400-megapixel PNG;
* a 1.6 KB XLSX declaring A1:XFD1048576 with cells at both ends, an XLSX of 1,000,000 rows (5 MB);
* office packages unpacking to 300 MB (DOCX, XLSX, ODT);
* a CSV whose unclosed quote makes one field of the whole file.

Each file goes through what the part's service does with an upload (core.uploads.check_upload
with the part's types and size, then stored_bytes for images that are re-saved, or the part's
parser for imports), in a fresh process per run: the time is wall and CPU time of the refusal,
the memory the growth of the process's peak (ru_maxrss) over its state just before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(folder: Path) -> dict[str, Path]:
    from leuchtfeuer.core.tests import bombs

    files = {
        "apng-6000x6000x60.png": bombs.png(6000, 6000, frames=60),
        "webp-anim-3000x3000x5.webp": bombs.animated("WEBP", (3000, 3000), 5),
        "png-400-megapixel.png": bombs.png(20_000, 20_000),
        "xlsx-A1-XFD1048576.xlsx": bombs.wide_dimension(("Ortsteil", "Alter", "Geschlecht")),
        "xlsx-1M-rows.xlsx": bombs.million_rows(),
        "zip-300MB.docx": bombs.zip_bomb("docx", 300 * 1024 * 1024),
        "zip-300MB.xlsx": bombs.zip_bomb("xlsx", 300 * 1024 * 1024),
        "zip-300MB.odt": bombs.zip_bomb("odt", 300 * 1024 * 1024),
        "csv-unclosed-quote.csv": (
            'Kennung;Titel;Art;Berufsfeld;Ortsteil;Alter;Geschlecht\n1;"Koch;Stelle;tourismus;Nord;30;w\n'
            + "2;Kellner;Stelle;tourismus;Nord;30;w\n" * 50_000
        ).encode(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


# part (as the platform names it) → what its service does with an upload
PATHS = {
    "Ideenbild (Beteiligung)": ("images", "leuchtfeuer.participation.uploads"),
    "Foto/Geschichte (Portal)": ("images", "leuchtfeuer.portal.uploads"),
    "Bild (Wissen)": ("images", "leuchtfeuer.knowledge.uploads"),
    "Beleg/Anlage (Förderung)": ("funding", None),
    "Dokument (Wissen)": ("documents", "leuchtfeuer.knowledge.uploads"),
    "Dokument (Werkstatt)": ("werkstatt", None),
    "Stellenliste (Portal)": ("jobs", None),
    "Ortsteil-Daten (Orte)": ("ortsteil", None),
    "Pool (Bürgerrat)": ("pool", None),
}


def refuse(path_name: str, filename: str, data: bytes) -> str:
    """Run one upload path on one file; returns 'refused: …' or 'accepted'."""
    import importlib

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from leuchtfeuer.core import uploads

    kind, module = PATHS[path_name]
    upload = SimpleUploadedFile(filename, data)
    try:
        if kind == "images":
            part = importlib.import_module(module)
            file_type, _ = uploads.check_upload(
                upload, allowed=part.IMAGE_TYPES, max_bytes=part.IMAGE_MAX_BYTES, field="file"
            )
            uploads.stored_bytes(upload, file_type)
        elif kind == "documents":
            part = importlib.import_module(module)
            uploads.check_upload(
                upload, allowed=part.DOCUMENT_TYPES, max_bytes=part.DOCUMENT_MAX_BYTES, field="file"
            )
        elif kind == "funding":
            from leuchtfeuer.funding.common import MAX_UPLOAD_BYTES, UPLOAD_TYPES

            uploads.check_upload(upload, allowed=UPLOAD_TYPES, max_bytes=MAX_UPLOAD_BYTES, field="file")
        elif kind == "werkstatt":
            from leuchtfeuer.werkstatt.services import DOCUMENT_TYPES, MAX_UPLOAD_BYTES

            uploads.check_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=MAX_UPLOAD_BYTES, field="file")
        elif kind == "jobs":
            from leuchtfeuer.portal.importer import IMPORT_MAX_BYTES, IMPORT_TYPES, ImportError_, parse_jobs

            uploads.check_upload(upload, allowed=IMPORT_TYPES, max_bytes=IMPORT_MAX_BYTES, field="file")
            try:
                parse_jobs(filename, upload.read(), ortsteile={"Nord": 1})
            except ImportError_ as exc:
                raise ValidationError(exc.errors) from exc
        elif kind == "ortsteil":
            from leuchtfeuer.places.ortsteil_data import MAX_BYTES, UploadError, parse_upload
            from leuchtfeuer.places.views import ORTSTEIL_TYPES

            uploads.check_upload(upload, allowed=ORTSTEIL_TYPES, max_bytes=MAX_BYTES, field="file")
            try:
                parse_upload(filename, upload.read(), reference_year=2026)
            except UploadError as exc:
                raise ValidationError(str(exc)) from exc
        elif kind == "pool":
            from leuchtfeuer.participation.engine.sortition import SortitionError, read_pool_csv
            from leuchtfeuer.participation.uploads import POOL_MAX_BYTES, POOL_TYPES

            uploads.check_upload(upload, allowed=POOL_TYPES, max_bytes=POOL_MAX_BYTES, field="file")
            try:
                read_pool_csv(upload.read().decode("utf-8-sig"), {"Geschlecht": {"w": (0, 9), "m": (0, 9)}})
            except SortitionError as exc:
                raise ValidationError(str(exc)) from exc
    except ValidationError as exc:
        return "refused: " + " ".join(exc.messages)
    return "accepted"


def child(path_name: str, file: str) -> None:
    """One run in this (fresh) process; prints a JSON line."""
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    import openpyxl  # noqa: F401 — imported before the baseline, like in a running server
    from PIL import Image, PngImagePlugin, WebPImagePlugin  # noqa: F401

    data = Path(file).read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = refuse(path_name, Path(file).name, data)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps({"outcome": outcome, "wall": wall, "cpu": cpu, "grown_mb": grown / 1024}))


# which file goes to which paths (the ones that accept its type)
RUNS = {
    "apng-6000x6000x60.png": ["Ideenbild (Beteiligung)", "Foto/Geschichte (Portal)", "Bild (Wissen)", "Beleg/Anlage (Förderung)"],
    "webp-anim-3000x3000x5.webp": ["Ideenbild (Beteiligung)", "Foto/Geschichte (Portal)", "Bild (Wissen)"],
    "png-400-megapixel.png": ["Ideenbild (Beteiligung)", "Bild (Wissen)", "Beleg/Anlage (Förderung)"],
    "xlsx-A1-XFD1048576.xlsx": ["Stellenliste (Portal)", "Ortsteil-Daten (Orte)", "Dokument (Wissen)"],
    "xlsx-1M-rows.xlsx": ["Stellenliste (Portal)", "Ortsteil-Daten (Orte)"],
    "zip-300MB.docx": ["Dokument (Wissen)", "Dokument (Werkstatt)"],
    "zip-300MB.xlsx": ["Dokument (Wissen)", "Stellenliste (Portal)", "Ortsteil-Daten (Orte)"],
    "zip-300MB.odt": ["Dokument (Wissen)", "Dokument (Werkstatt)"],
    "csv-unclosed-quote.csv": ["Stellenliste (Portal)", "Ortsteil-Daten (Orte)", "Pool (Bürgerrat)"],
}  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp))
        print(
            f"{'file':28s} {'size':>9s}  {'upload path':26s} {'wall':>7s} {'cpu':>7s} {'+peak':>8s}  outcome"
        )
        worst = 0.0
        for name, path_names in RUNS.items():
            size = files[name].stat().st_size
            for path_name in path_names:
                done = subprocess.run(
                    [sys.executable, __file__, "--one", path_name, str(files[name])],
                    capture_output=True,
                    text=True,
                    check=False,
                    cwd=ROOT,
                )
                if done.returncode:
                    print(f"{name:28s} {size:9,d}  {path_name:26s} FAILED\n{done.stderr[-2000:]}")
                    continue
                run = json.loads(done.stdout.strip().splitlines()[-1])
                worst = max(worst, run["wall"])
                print(
                    f"{name:28s} {size:9,d}  {path_name:26s} {run['wall']:6.2f}s {run['cpu']:6.2f}s "
                    f"{run['grown_mb']:6.0f}MB  {run['outcome'][:110]}"
                )
        print(f"slowest refusal: {worst:.2f} s (target < 2 s)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
