"""The office's page to create or edit a programme of the catalogue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from leuchtfeuer.core.actions import form_action
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.common import OFFICE_ONLY
from leuchtfeuer.funding.forms import ProgrammeForm
from leuchtfeuer.funding.programmes import services
from leuchtfeuer.funding.programmes.models import Programme


@login_required
@require_http_methods(["GET", "POST"])
def office_programme_edit(request, slug: str | None = None):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    programme = get_object_or_404(Programme, slug=slug) if slug else None
    initial = (
        ProgrammeForm.initial_for(programme) if programme else {"is_active": True, "needs_completion": True}
    )
    form = ProgrammeForm(request.POST or None, initial=initial)

    def page(form: ProgrammeForm):
        return render(request, "funding/office_programme_form.html", {"form": form, "programme": programme})

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.programme_save(actor=request.user, data=form.cleaned_data, programme=programme),
        success_url="funding:office",
        error_page=page,
        success_message=lambda saved: f"Förderprogramm „{saved.name}“ gespeichert.",
    )
