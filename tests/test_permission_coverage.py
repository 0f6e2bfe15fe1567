"""Every permission the platform names is exercised by its part's role-matrix test.

A permission nobody tests is a permission nobody knows the answer to. Each part keeps a
``tests/test_*rules*.py`` with a role × permission matrix; this test checks that every permission
registered with django-rules appears there or in another test module of the part (as
"part.action" or as the action in the matrix).
"""

from __future__ import annotations

from pathlib import Path

import rules

ROOT = Path(__file__).resolve().parent.parent / "leuchtfeuer"


def _matrix_text(app: str) -> str:
    # the role matrices first (test_*rules*.py), then the part's other tests
    files = sorted((ROOT / app).glob("tests/test_*rules*.py")) + sorted((ROOT / app).glob("tests/test_*.py"))
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def test_every_permission_is_in_its_parts_role_matrix():
    missing = []
    for name in sorted(rules.permissions.permissions):
        app, action = name.split(".", 1)
        text = _matrix_text(app)
        if f'"{name}"' not in text and f'"{action}"' not in text:
            missing.append(name)
    assert missing == [], f"permissions without a role-matrix test: {missing}"
