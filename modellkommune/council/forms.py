from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import MAX_UPLOAD_BYTES, PaperType
from .models import Meeting, Paper


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PaperSubmitForm(forms.Form):
    paper_type = forms.ChoiceField(
        label=_("Art"), choices=[(PaperType.ANTRAG, _("Antrag")), (PaperType.ANFRAGE, _("Anfrage"))]
    )
    title = forms.CharField(label=_("Titel"), max_length=500)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50_000)
    files = MultipleFileField(
        label=_("PDF-Anlagen"),
        required=False,
        help_text=_("Optional. Nur PDF-Dateien, je höchstens %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20},
    )


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Sitzung"), queryset=Meeting.objects.none())

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings if meetings is not None else Meeting.objects.none()


class LinkReportForm(forms.Form):
    report = forms.ModelChoiceField(label=_("Mitteilung der Verwaltung"), queryset=Paper.objects.none())

    def __init__(self, *args, reports=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = reports if reports is not None else Paper.objects.none()


class SavedSearchForm(forms.Form):
    """The search term of a saved search; its filters come as the search page's query-string fields
    (forms_search.parse_filters)."""

    query = forms.CharField(label=_("Suchbegriff"), max_length=200, required=False)
