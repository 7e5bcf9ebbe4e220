"""Plain Django forms of the egov pages (the application form itself is built from JSON Schema)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import STATUS_TRANSITIONS, ApplicationStatus


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Ihre Antwort"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    attachment = forms.FileField(
        label=_("Unterlage nachreichen (freiwillig)"),
        required=False,
        help_text=_("PDF, JPEG oder PNG, höchstens 5 MB."),
    )


class StatusForm(forms.Form):
    new_status = forms.ChoiceField(label=_("Neuer Status"))
    comment = forms.CharField(
        label=_("Mitteilung an die Antragstellerin / den Antragsteller"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("Bei Rückfrage und Ablehnung erforderlich. Wird ins Postfach gestellt."),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = [
            (s, ApplicationStatus(s).label) for s in STATUS_TRANSITIONS.get(current, ())
        ]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Zuständig"), queryset=None, required=False, empty_label=_("niemand"))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Interne Notiz"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DeadlineForm(forms.Form):
    due_date = forms.DateField(label=_("Frist"), widget=forms.DateInput(attrs={"type": "date"}))


class SchemaEditForm(forms.Form):
    schema = forms.CharField(
        label=_("Formular als JSON Schema"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        required=False,
        help_text=_("Leer lassen, um den Online-Antrag abzuschalten."),
    )

    def clean_schema(self):
        text = self.cleaned_data["schema"].strip()
        return json_object_clean(text) if text else {}


def json_object_clean(text: str) -> dict:
    """A form field's text as a JSON object, or a German error naming the line (form schemas of services and
    surveys)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise forms.ValidationError(
            _("Kein gültiges JSON (Zeile %(l)s): %(m)s") % {"l": exc.lineno, "m": exc.msg}
        ) from exc
    if not isinstance(value, dict):
        raise forms.ValidationError(_("Das Formular muss ein JSON-Objekt sein."))
    return value


class FimImportForm(forms.Form):
    fim_file = forms.FileField(label=_("FIM-Datenschema (JSON Schema)"), help_text=_("Höchstens 1 MB."))

    def clean_fim_file(self):
        upload = self.cleaned_data["fim_file"]
        if upload.size > 2**20:
            raise forms.ValidationError(_("Die Datei ist größer als 1 MB."))
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise forms.ValidationError(_("Die Datei enthält kein gültiges JSON.")) from exc
