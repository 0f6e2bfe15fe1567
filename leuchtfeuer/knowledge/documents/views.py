"""Umsetzungshilfen: the library (list, download) and the office's upload."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import form_action
from leuchtfeuer.knowledge.documents import services
from leuchtfeuer.knowledge.forms import DocumentForm
from leuchtfeuer.knowledge.models import Document
from leuchtfeuer.knowledge.pages import status_of


def document_list(request):
    documents = list(Document.objects.all())
    return render(
        request,
        "knowledge/document_list.html",
        {"documents": documents, "can_manage": request.user.has_perm("knowledge.manage_documents")},
    )


def document_download(request, slug: str):
    document = get_object_or_404(Document, slug=slug)
    services.document_count_download(document=document)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request):
    if not request.user.has_perm("knowledge.manage_documents"):
        raise PermissionDenied("Die Bibliothek pflegt die Geschäftsstelle.")
    form = DocumentForm(request.POST or None, request.FILES or None)

    def page(form):
        return render(
            request, "knowledge/document_form.html", {"form": form}, status=status_of(request, form)
        )

    if request.method != "POST":
        return page(form)

    def upload():
        data = dict(form.cleaned_data)
        return services.document_upload(actor=request.user, upload=data.pop("file"), **data)

    return form_action(
        request,
        form=form,
        call=upload,
        success_url=reverse("knowledge:document-list"),
        error_page=page,
        success_message=lambda document: f"„{document.title}“ ist in der Bibliothek.",
    )
