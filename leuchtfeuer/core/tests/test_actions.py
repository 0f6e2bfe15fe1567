"""The one write flow (core.actions) and the shared helpers (permissions, mail, German text)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from leuchtfeuer.core.actions import FAILED, ActionView, attempt, button_action, form_action
from leuchtfeuer.core.engine.german import fold, fold_umlauts, format_decimal, format_euro
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.core.permissions import require


class NameForm(forms.Form):
    name = forms.CharField(label="Name", max_length=20)


class Actor:
    is_authenticated = True

    def __init__(self, perms=()):
        self.perms = set(perms)

    def has_perm(self, perm, obj=None):
        return perm in self.perms


def _post(data=None, user=None):
    request = RequestFactory().post("/aktion/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = user or Actor({"demo.act"})
    return request


def _texts(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_attempt_returns_the_service_result_for_a_valid_form():
    assert attempt(NameForm({"name": "Loitz"}), lambda: 42) == 42


def test_attempt_attaches_a_service_error_to_the_named_field():
    form = NameForm({"name": "Loitz"})

    def service():
        raise ValidationError({"name": "Diesen Namen gibt es schon."})

    assert attempt(form, service) is FAILED
    assert form.errors["name"] == ["Diesen Namen gibt es schon."]


def test_attempt_does_not_call_the_service_for_an_invalid_form():
    called = []
    assert attempt(NameForm({"name": ""}), lambda: called.append(1)) is FAILED
    assert called == []


def test_attempt_keeps_a_none_result_apart_from_failure():
    assert attempt(NameForm({"name": "x"}), lambda: None) is None


def test_form_action_redirects_with_message_on_success():
    request = _post({"name": "Loitz"})
    form = NameForm(request.POST)
    response = form_action(
        request,
        form=form,
        call=lambda: "ok",
        success_url="/fertig/",
        error_page=lambda f: HttpResponse("page"),
        success_message=lambda result: f"Gespeichert: {result}",
    )
    assert response.status_code == 302 and response["Location"] == "/fertig/"
    assert _texts(request) == [("success", "Gespeichert: ok")]


def test_form_action_renders_the_error_page_with_422():
    request = _post({"name": ""})
    form = NameForm(request.POST)
    response = form_action(
        request,
        form=form,
        call=lambda: "ok",
        success_url="/fertig/",
        error_page=lambda f: HttpResponse("page"),
    )
    assert response.status_code == 422
    assert "name" in form.errors


def test_button_action_turns_a_service_refusal_into_messages():
    request = _post()

    def service():
        raise ValidationError(["Die Stufe ist schon abgeschlossen.", "Bitte erst die Aufgaben erledigen."])

    response = button_action(request, call=service, redirect_to="/zurueck/", success_message="Erledigt.")
    assert response["Location"] == "/zurueck/"
    assert _texts(request) == [
        ("error", "Die Stufe ist schon abgeschlossen."),
        ("error", "Bitte erst die Aufgaben erledigen."),
    ]


class Rename(ActionView):
    permission = "demo.act"
    form_class = NameForm
    success_message = "Umbenannt."
    calls: list = []

    def get_target(self):
        return "target"

    def perform(self, form):
        if form.cleaned_data["name"] == "doppelt":
            raise ValidationError({"name": "Den Namen trägt schon eine andere Kommune."})
        self.calls.append((self.target, form.cleaned_data["name"]))
        return form.cleaned_data["name"]

    def get_success_url(self, result):
        return f"/kommune/{result}/"

    def get_failure_url(self):
        return "/kommune/"


def test_action_view_runs_the_service_and_redirects():
    Rename.calls = []
    request = _post({"name": "loitz"})
    response = Rename.as_view()(request)
    assert response.status_code == 302 and response["Location"] == "/kommune/loitz/"
    assert Rename.calls == [("target", "loitz")]
    assert _texts(request) == [("success", "Umbenannt.")]


def test_action_view_without_permission_is_refused_before_the_service():
    Rename.calls = []
    with pytest.raises(PermissionDenied):
        Rename.as_view()(_post({"name": "loitz"}, user=Actor()))
    assert Rename.calls == []


def test_action_view_sends_anonymous_users_to_the_login():
    request = _post({"name": "loitz"})
    request.user = AnonymousUser()
    response = Rename.as_view()(request)
    assert response.status_code == 302 and "login" in response["Location"]


def test_action_view_without_template_reports_errors_with_field_label():
    request = _post({"name": "doppelt"})
    response = Rename.as_view()(request)
    assert response["Location"] == "/kommune/"
    assert _texts(request) == [("error", "Name: Den Namen trägt schon eine andere Kommune.")]


@pytest.mark.django_db
def test_action_view_with_template_renders_again_with_422(django_user_model):
    class RenameOnPage(Rename):
        permission = None  # the service checks alone
        template_name = "403.html"

    user = django_user_model.objects.create_user(email="a@example.org", password="x")
    response = RenameOnPage.as_view()(_post({"name": ""}, user=user))
    assert response.status_code == 422


def test_action_view_answers_only_post():
    request = RequestFactory().get("/aktion/")
    request.user = Actor({"demo.act"})
    assert Rename.as_view()(request).status_code == 405


def test_require_raises_a_german_permission_denied():
    with pytest.raises(PermissionDenied, match="Berechtigung"):
        require(Actor(), "demo.act")
    with pytest.raises(PermissionDenied):
        require(None, "demo.act")
    require(Actor({"demo.act"}), "demo.act")


@pytest.mark.django_db
def test_mail_on_commit_sends_once_per_address_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail_on_commit("Betreff", "Text", ["a@example.org", "", None, "b@example.org", "a@example.org"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org", "b@example.org"]


@pytest.mark.django_db
def test_mail_on_commit_sends_nothing_without_recipients(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mail_on_commit("Betreff", "Text", ["", None])
    assert callbacks == [] and mail.outbox == []


def test_german_text_helpers():
    assert fold_umlauts("Größe Ärger") == "Groesse Aerger"
    assert fold("Lübeck Café") == "luebeck cafe"
    assert format_euro("1234567.5") == "1.234.567,50 €"
    assert format_euro(-12.5) == "\N{MINUS SIGN}12,50 €"
    assert format_decimal(1234.5) == "1234,50"
