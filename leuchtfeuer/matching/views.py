"""Pages of the matching agency. Views are thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.shortcuts import render


def index(request):
    return render(request, "matching/index.html", {})
