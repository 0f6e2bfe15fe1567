"""The project's URLs plus one download route that builds its document in the background
(core/tests/test_generated.py)."""

from __future__ import annotations

from django.http import Http404
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from leuchtfeuer.core.generated import document_response


def letter(request, name: str):
    if name == "geheim":  # the view's own check comes first, as in every real download view
        raise Http404("Gibt es nicht.")
    return document_response(
        request,
        kind="brief",
        key=name,
        builder="test-brief",
        payload={"text": request.GET.get("text", f"Hallo {name}")},
        title=f"Brief an {name}",
        filename=f"brief-{name}.txt",
        content_type="text/plain; charset=utf-8",
    )


urlpatterns = [path("test/brief/<slug:name>.txt", letter), *project_urlpatterns]
