"""Merge translations_en.py into the makemessages output and compile django.mo (msgfmt).

    python leuchtfeuer/portal/locale/build.py   # from the project root

Steps (documented in docs/portal.md): copy the portal sources into a scratch directory, run
`django-admin makemessages -l en` there, fill every msgstr from translations_en.EN, write
leuchtfeuer/portal/locale/en/LC_MESSAGES/django.po and compile django.mo with GNU msgfmt.
Fails (exit 1) if a msgid has no translation, so nothing ships half-translated.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(HERE))
from translations_en import EN  # noqa: E402


def parse(path: Path) -> list[dict]:
    entries: list[dict] = []
    cur: dict | None = None
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
        if m:
            k = m.group(1)
            if k == "msgctxt" or (k == "msgid" and (cur is None or "msgid" in cur)):
                if cur:
                    entries.append(cur)
                cur = {}
            cur[k] = ast.literal_eval(m.group(2))
            key = k
        elif line.startswith('"'):
            cur[key] += ast.literal_eval(line)
    if cur:
        entries.append(cur)
    return entries


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(
            ROOT / "leuchtfeuer" / "portal",
            work / "portal",
            ignore=shutil.ignore_patterns("tests", "locale", "__pycache__"),
        )
        shutil.copytree(ROOT / "leuchtfeuer" / "templates" / "portal", work / "templates_portal")
        (work / "locale").mkdir()
        subprocess.run(  # noqa: S603 — fixed argument list, our own interpreter
            [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location",
             "--settings=config.settings.test", f"--pythonpath={ROOT}"],
            cwd=work, check=True, capture_output=True,
        )  # fmt: skip
        entries = parse(work / "locale" / "en" / "LC_MESSAGES" / "django.po")
    out = [
        'msgid ""',
        'msgstr ""',
        q("Project-Id-Version: leuchtfeuer-portal\n"),
        q("PO-Revision-Date: 2026-11-23 00:00+0000\n"),
        q("Last-Translator: Leuchtfeuer <noreply@leuchtfeuer.example>\n"),
        q("Language-Team: English\n"),
        q("Language: en\n"),
        q("MIME-Version: 1.0\n"),
        q("Content-Type: text/plain; charset=UTF-8\n"),
        q("Content-Transfer-Encoding: 8bit\n"),
        q("Plural-Forms: nplurals=2; plural=(n != 1);\n"),
        "",
    ]
    missing = []
    for entry in entries:
        msgid = entry.get("msgid")
        if not msgid:
            continue
        if "msgid_plural" in entry:
            english = EN.get((msgid, entry["msgid_plural"]))
        elif "msgctxt" in entry:
            english = EN.get((entry["msgctxt"], msgid))
        else:
            english = EN.get(msgid)
        if english is None:
            missing.append(msgid)
            continue
        if "msgctxt" in entry:
            out.append(f"msgctxt {q(entry['msgctxt'])}")
        out.append(f"msgid {q(msgid)}")
        if "msgid_plural" in entry:
            out.append(f"msgid_plural {q(entry['msgid_plural'])}")
            out.append(f"msgstr[0] {q(english[0])}")
            out.append(f"msgstr[1] {q(english[1])}")
        else:
            out.append(f"msgstr {q(english)}")
        out.append("")
    if missing:
        print("Ohne englische Übersetzung:", *missing, sep="\n  ")
        return 1
    target = HERE / "en" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    (target / "django.po").write_text("\n".join(out), encoding="utf-8")
    msgfmt = shutil.which("msgfmt") or "msgfmt"
    command = [msgfmt, "--check", "-o", str(target / "django.mo"), str(target / "django.po")]
    subprocess.run(command, check=True)  # noqa: S603 — fixed arguments
    print(f"{len(entries) - 1} Einträge übersetzt → {target / 'django.mo'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
