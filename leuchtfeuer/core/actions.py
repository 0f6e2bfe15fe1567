"""One way to write an action: the POST endpoint that changes something.

Every write endpoint of the platform takes the same steps:

1. the user must be logged in (unless the action is public, e.g. a vote with a letter code),
2. the permission (``rules.py``, django-rules) is checked against the object acted on,
3. the form is validated,
4. the service is called with ``actor=request.user`` — it runs in a transaction, checks the
   permission again and writes the audit entry (``core.audit``),
5. success: a German message and a redirect (POST/redirect/GET);
   failure: the service's ``ValidationError`` is attached to the form (field errors where the
   service names a field) and the page is rendered again with status 422, so that nothing the
   user typed is lost and the message says what and where.

Declarative, for a new endpoint::

    class SpaceCreate(ActionView):
        permission = "matching.add_space"
        form_class = SpaceForm
        template_name = "matching/space_form.html"
        success_message = "Der Raum ist gespeichert."

        def get_target(self):
            return get_object_or_404(Municipality, slug=self.kwargs["slug"])

        def perform(self, form):
            return services.space_create(actor=self.request.user, municipality=self.target,
                                         **form.cleaned_data)

        def get_success_url(self, result):
            return reverse("matching:space", kwargs={"pk": result.pk})

A button without fields (delete, close, mark done) sets no ``form_class``; its errors become
messages on the page it redirects back to (``get_failure_url``).

Function views that already build their page use the two building blocks directly:
:func:`form_action` (form → service → redirect, or the error page with 422) and
:func:`button_action` (service → message → redirect).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.views import View

from leuchtfeuer.core.forms import add_service_errors

#: What :func:`attempt` returns when the form or the service refused (a service may return None).
FAILED: Any = object()

DEFAULT_DENIED = "Dafür fehlt Ihnen die Berechtigung."


def attempt(form: forms.Form | None, call: Callable[[], Any]) -> Any:
    """Run ``call`` for a valid form; attach its ValidationError to the form. → result or FAILED.

    Without a form, a ValidationError propagates (the caller shows it as messages).
    """
    if form is not None and not form.is_valid():
        return FAILED
    try:
        return call()
    except ValidationError as exc:
        if form is None:
            raise
        add_service_errors(form, exc)
        return FAILED


def form_action(
    request: HttpRequest,
    *,
    form: forms.Form,
    call: Callable[[], Any],
    success_url: str | Callable[[Any], str],
    error_page: Callable[[forms.Form], HttpResponse],
    success_message: str | Callable[[Any], str] = "",
) -> HttpResponse:
    """Validate ``form``, run the service, redirect with a message — or show ``error_page(form)``.

    ``error_page`` renders the page the form came from; its status is set to 422 here, so that
    every refused form answers the same way.
    """
    result = attempt(form, call)
    if result is FAILED:
        response = error_page(form)
        response.status_code = 422
        return response
    message = success_message(result) if callable(success_message) else success_message
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(resolve_url(success_url(result) if callable(success_url) else success_url))


def button_action(
    request: HttpRequest,
    *,
    call: Callable[[], Any],
    redirect_to: str,
    success_message: str | Callable[[Any], str] = "",
) -> HttpResponse:
    """A button without fields: run the service, report success or its errors, go back."""
    try:
        result = call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        message = success_message(result) if callable(success_message) else success_message
        if message:
            messages.success(request, message)
    return HttpResponseRedirect(resolve_url(redirect_to))


class ActionView(View):
    """A declarative write endpoint (see the module docstring)."""

    http_method_names: ClassVar[list[str]] = ["post"]
    #: Anonymous users are sent to the login page first.
    login_required: ClassVar[bool] = True
    #: django-rules permission checked against ``get_target()``; None: the service checks alone.
    permission: ClassVar[str | None] = None
    permission_denied_message: ClassVar[str] = DEFAULT_DENIED
    form_class: ClassVar[type[forms.BaseForm] | None] = None
    #: Page rendered again with status 422 when the form or the service refuses.
    template_name: ClassVar[str | None] = None
    success_message: ClassVar[str] = ""

    request: HttpRequest
    target: Any

    # -- hooks ------------------------------------------------------------------------------
    def get_target(self) -> Any:
        """The object the permission is checked against (and the service acts on)."""
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"data": self.request.POST, "files": self.request.FILES}

    def get_form(self) -> forms.BaseForm | None:
        if self.form_class is None:
            return None
        return self.form_class(**self.get_form_kwargs())

    def perform(self, form: Any) -> Any:
        """Call the service (``actor=self.request.user``); raise ValidationError to refuse."""
        raise NotImplementedError

    def get_success_url(self, result: Any) -> str:
        raise NotImplementedError

    def get_success_message(self, result: Any) -> str:
        return self.success_message

    def get_failure_url(self) -> str:
        """Where a button action goes back to when the service refuses (default: success URL)."""
        return self.get_success_url(None)

    def get_error_context(self, form: Any) -> dict[str, Any]:
        """Context of the page rendered again on error (the form is added as ``form``)."""
        return {}

    # -- the one flow ----------------------------------------------------------------------
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.login_required and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.target = self.get_target()
        if self.permission and not request.user.has_perm(self.permission, self.target):
            raise PermissionDenied(self.permission_denied_message)
        form = self.get_form()
        if form is None:
            try:
                result = self.perform(None)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(resolve_url(self.get_failure_url()))
        else:
            result = attempt(form, lambda: self.perform(form))  # type: ignore[arg-type]
            if result is FAILED:
                return self.error_response(form)
        message = self.get_success_message(result)
        if message:
            messages.success(request, message)
        return HttpResponseRedirect(resolve_url(self.get_success_url(result)))

    def error_response(self, form: Any) -> HttpResponse:
        if self.template_name is None:
            for message in _form_messages(form):
                messages.error(self.request, message)
            return HttpResponseRedirect(resolve_url(self.get_failure_url()))
        context = {**self.get_error_context(form), "form": form}
        return render(self.request, self.template_name, context, status=422)


def _form_messages(form: Any) -> list[str]:
    """The form's errors as sentences ("Feld: Fehler"), for a redirect without the form."""
    result = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else None
        for error in errors:
            result.append(f"{label}: {error}" if label else str(error))
    return result
