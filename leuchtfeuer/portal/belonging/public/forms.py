"""The filter of the "Mitmachen" page (plain GET form, no JavaScript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leuchtfeuer.core.forms import Form
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.vocab import Interest


class MitmachenFilterForm(Form):
    interest = forms.ChoiceField(
        label=_("Interesse"), required=False, choices=[("", _("alle")), *Interest.choices]
    )

    def __init__(self, *args, municipality_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"] = forms.ChoiceField(
            label=_("Ortsteil"),
            required=False,
            choices=[
                ("", _("alle")),
                *(
                    (str(o.pk), o.name)
                    for o in Ortsteil.objects.filter(municipality_id__in=municipality_ids).order_by("name")
                ),
            ],
        )
