"""Forms of consultations: the administration's editor and moderation, the residents' comment form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import RejectReason


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PaperReferenceInput(forms.TextInput):
    """A text box for a Drucksachennummer with the newest papers as suggestions (a native datalist): a town has
    thousands of papers, more than a select list can offer, and the council office knows the number."""

    template_name = "participation/widgets/paper_reference.html"

    def __init__(self, attrs=None):
        super().__init__({"list": "paper-suggestions", "autocomplete": "off", **(attrs or {})})
        self.suggestions: list[tuple[str, str]] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggestions"] = self.suggestions
        return context


class PaperReferenceField(forms.Field):
    """Any public paper by its Drucksachennummer (or, for a paper without one, its exact title)."""

    widget = PaperReferenceInput

    def __init__(self, *, papers=None, **kwargs):
        super().__init__(**kwargs)
        self.papers = papers

    def prepare_value(self, value):
        if hasattr(value, "reference"):
            return value.reference or value.name
        return value

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        if not text:
            return None
        matches = list(self.papers.filter(reference__iexact=text)[:2]) or list(
            self.papers.filter(name__iexact=text)[:2]
        )
        if len(matches) != 1:
            raise forms.ValidationError(
                _("Keine öffentliche Drucksache mit der Nummer „%(n)s“ gefunden.") % {"n": text}
                if not matches
                else _("Mehrere Drucksachen passen zu „%(n)s“; bitte die Drucksachennummer angeben.") % {"n": text}
            )
        return matches[0]


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Worum es geht"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zwei, drei Sätze in einfacher Sprache: Was ist geplant, wozu ist Ihre Meinung gefragt?"),
    )
    text = forms.CharField(
        label=_("Beschreibung"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    starts_at = forms.DateTimeField(label=_("Beginn"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Ende"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    project = forms.ModelChoiceField(label=_("Modellprojekt"), queryset=None, required=False)
    paper = PaperReferenceField(
        label=_("Drucksache"),
        required=False,
        help_text=_("Drucksachennummer, z. B. 2026/0123; die neuesten werden beim Tippen vorgeschlagen."),
    )
    deciding_body = forms.ModelChoiceField(
        label=_("Gremium, das über das Ergebnis berät"), queryset=None, required=False
    )
    with_map = forms.BooleanField(label=_("Beiträge dürfen einen Ort in der Karte markieren"), required=False)

    def __init__(self, *args, projects, papers, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["paper"].papers = papers
        self.fields["paper"].widget.suggestions = [
            (p.reference or p.name, f"{p.reference} {p.name}".strip()) for p in papers.order_by("-date", "-id")[:50]
        ]
        self.fields["deciding_body"].queryset = bodies


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel des Dokuments"), max_length=200)
    file = forms.FileField(label=_("Datei (PDF, höchstens 20 MB)"))


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Ihr Beitrag"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Bitte nennen Sie keine Daten anderer Personen. Höchstens 4.000 Zeichen."),
    )
    lat = forms.FloatField(label=_("Breite (optional)"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Länge (optional)"), required=False, min_value=-180, max_value=180)
    show_name = forms.BooleanField(
        label=_("Meinen Namen beim Beitrag anzeigen"),
        required=False,
        help_text=_("Ohne diese Angabe erscheint der Beitrag nur mit seiner Nummer."),
    )
    conduct = forms.BooleanField(label=_("Ich halte mich an die Regeln für Beiträge (Netiquette)."), required=True)

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            self.add_error("lat", _("Bitte geben Sie Breite und Länge an oder markieren Sie den Ort in der Karte."))
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("publish", _("veröffentlichen")), ("reject", _("nicht veröffentlichen"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Grund (nur bei Ablehnung)"), choices=[("", "–")] + list(RejectReason.choices), required=False
    )
    answer = forms.CharField(
        label=_("Antwort der Verwaltung (optional, öffentlich)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResultForm(forms.Form):
    result = forms.CharField(
        label=_("Zusammenfassung der Ergebnisse"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Was wurde vorgebracht, wie geht die Verwaltung damit um? Sie wird öffentlich gezeigt."),
    )


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Titel Ihrer Idee"), max_length=200)
    sector = forms.ModelChoiceField(
        label=_("Bereich"), queryset=None, required=False, empty_label=_("Verwaltung (eGovernment)")
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Was soll besser werden, für wen, und wie könnte die Stadt es digital lösen?"),
    )
    show_name = forms.BooleanField(
        label=_("Meinen Namen bei der Idee anzeigen"),
        required=False,
        help_text=_("Ohne diese Angabe erscheint „eine Einwohnerin oder ein Einwohner“."),
    )
    conduct = forms.BooleanField(label=_("Ich halte mich an die Regeln für Beiträge (Netiquette)."), required=True)

    def __init__(self, *args, **kwargs):
        from modellkommune.core.models import Sector

        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.order_by("order", "name")


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    intro = forms.CharField(
        label=_("Einleitung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Worum geht es, wer fragt, was geschieht mit den Ergebnissen?"),
    )
    starts_at = forms.DateTimeField(label=_("Beginn"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Ende"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    schema = forms.CharField(
        label=_("Fragen als JSON Schema"),
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        help_text=_(
            "Dieselbe Form wie bei Online-Anträgen: je Frage ein Eintrag in „properties“ mit „title“ (Fragetext) "
            "und „enum“/„oneOf“ für Auswahlfragen, „type“: „array“ für Mehrfachauswahl, „boolean“ für Ja/Nein. "
            "Freitextfragen werden nicht veröffentlicht, nur gezählt."
        ),
    )

    def clean_schema(self):
        from modellkommune.egov.forms import json_object_clean

        return json_object_clean(self.cleaned_data["schema"].strip())
