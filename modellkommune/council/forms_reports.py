from django import forms
from django.utils.translation import gettext_lazy as _

from modellkommune.core.models import Department

from .constants import MAX_UPLOAD_BYTES, REPORT_PAPER_TYPES
from .forms import MultipleFileField


class ReportForm(forms.Form):
    paper_type = forms.ChoiceField(
        label=_("Art des Berichts"),
        choices=[(t.value, t.label) for t in REPORT_PAPER_TYPES],
        widget=forms.RadioSelect,
        help_text=_(
            "Stellungnahme oder Mitteilung: die Verwaltung berichtet. Beschlussvorlage: der Rat soll entscheiden."
        ),
    )
    title = forms.CharField(label=_("Titel"), max_length=500)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}), max_length=100_000)
    keywords = forms.CharField(
        label=_("Schlagworte"),
        required=False,
        max_length=2000,
        help_text=_("Optional, durch Kommas getrennt, z. B. „Radverkehr, Schulweg“."),
    )
    files = MultipleFileField(
        label=_("PDF-Dateien"),
        required=False,
        help_text=_("Optional. Nur PDF-Dateien, je höchstens %(mb)s MB. Die erste Datei wird das Hauptdokument.")
        % {"mb": MAX_UPLOAD_BYTES // 2**20},
    )
    remove_files = forms.MultipleChoiceField(
        label=_("Dateien entfernen"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, existing_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        if existing_files:
            self.fields["remove_files"].choices = [(str(f.pk), f.name) for f in existing_files]
        else:
            del self.fields["remove_files"]


class ReportReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Hinweis zur Überarbeitung"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class AssignDepartmentForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Federführender Fachbereich"), queryset=Department.objects.order_by("name")
    )
