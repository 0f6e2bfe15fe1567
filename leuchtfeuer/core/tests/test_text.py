"""Control characters that no document can hold: cleaned from every form, refused by nothing."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

import leuchtfeuer
from leuchtfeuer.core.forms import CleanTextMixin, Form
from leuchtfeuer.core.text import clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Rück\x0bkehrertag", "Rück\nkehrertag"),  # Word's Shift+Enter line break
        ("Seite 1\x0cSeite 2", "Seite 1\nSeite 2"),  # Word's page break
        ("a\x00b\x01c\x08d\x0ee\x1ff", "abcdef"),
        ("\ufeffBOM bleibt, \ufffe und \uffff nicht", "\ufeffBOM bleibt,  und  nicht"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("Tab\tZeile\nWagenrücklauf\r", "Tab\tZeile\nWagenrücklauf\r"),
        ("Ümläute, ß, € und 😀 bleiben", "Ümläute, ß, € und 😀 bleiben"),
        ("", ""),
    ],
)
def test_clean_text_keeps_what_xml_can_hold(raw, clean):
    assert clean_text(raw) == clean


class _MeasureForm(Form):
    title = forms.CharField(max_length=50)
    note = forms.CharField(widget=forms.Textarea, required=False)
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)


def test_form_cleans_every_submitted_value_before_the_fields_see_it():
    form = _MeasureForm(
        QueryDict("title=R%C3%BCckkehrer%0Btag%01&note=Erste+Zeile%0BZweite&tags=a&tags=b%00")
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "title": "Rückkehrer\ntag",
        "note": "Erste Zeile\nZweite",
        "tags": ["a", "b"],
    }
    assert form.data["title"] == "Rückkehrer\ntag"  # a re-rendered form shows the cleaned text


def test_form_keeps_every_value_of_a_multi_value_dict():
    data = MultiValueDict({"title": ["Fest\x0b"], "tags": ["a\x01", "b"]})
    form = _MeasureForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tags"] == ["a", "b"]


def test_form_with_plain_dict_data_is_cleaned_too():
    form = _MeasureForm({"title": "\x0bFest\x07"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Fest"  # the line break at the start is stripped like a space


def _project_forms() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(leuchtfeuer.__path__, "leuchtfeuer."):
        name = module.name
        if ".tests" in name or ".migrations" in name or ".management" in name or ".engine" in name:
            continue
        if not (name.endswith("forms") or name.endswith("views")):
            continue
        mod = importlib.import_module(name)
        for _, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == name:
                found.append(obj)
    return found


def test_every_form_of_the_platform_cleans_its_input():
    """Contract: every form is built on core.forms.Form/ModelForm, so no text with control
    characters is stored through any form (a new form on django.forms.Form fails here)."""
    project_forms = _project_forms()
    assert len(project_forms) > 80  # the scan found the forms modules
    plain = [f"{f.__module__}.{f.__name__}" for f in project_forms if not issubclass(f, CleanTextMixin)]
    assert plain == []


def test_every_pdf_is_written_from_cleaned_html():
    """core.documents.html_to_pdf (all PDFs): a lone surrogate stopped WeasyPrint with an error."""
    from leuchtfeuer.core.documents import html_to_pdf

    assert html_to_pdf("<p>Rück\x0bkehr\x01tag \ud800</p>").startswith(b"%PDF-")
