"""The base forms of every form on the platform, and helpers to carry service errors into forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict

from leuchtfeuer.core.text import clean_text


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return [_clean_value(v) for v in value]
    return value


def clean_form_data(data: Mapping) -> Mapping:
    """A copy of submitted form data with every text value passed through :func:`clean_text`."""
    if isinstance(data, MultiValueDict):  # request.POST (a QueryDict) keeps every value of a key
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [_clean_value(v) for v in values])
        return cleaned
    return {key: _clean_value(value) for key, value in data.items()}


class CleanTextMixin:
    """Cleans the submitted data before any field sees it: control characters that no document can
    hold (see core.text) never reach a service or the database, whatever the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = clean_form_data(self.data)
        _iso_for_date_pickers(self)


# The browser's date pickers accept only ISO values (HTML spec); Django would pre-fill them in the
# German format of the locale ("31.03.2027"), which Chrome rejects and shows as an empty field.
_PICKER_FORMATS = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT%H:%M", "month": "%Y-%m"}


def _iso_for_date_pickers(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        picker = _PICKER_FORMATS.get(widget.attrs.get("type", getattr(widget, "input_type", "")))
        if picker and isinstance(widget, forms.DateInput | forms.DateTimeInput):
            widget.format = picker


class Form(CleanTextMixin, forms.Form):
    """Base of every form of the platform (instead of django.forms.Form)."""


class ModelForm(CleanTextMixin, forms.ModelForm):
    """Base of every model form of the platform (instead of django.forms.ModelForm)."""


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the matching fields (or the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
