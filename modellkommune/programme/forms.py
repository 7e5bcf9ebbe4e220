from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellkommune.core.models import Sector

from .models import (
    BestPractice,
    FundingSource,
    Indicator,
    Milestone,
    Partner,
    Project,
    ProjectKpi,
    ProjectPaper,
    ProjectPartner,
)
from .providers import source_choices
from .reporting import Quarter


class DateInput(forms.DateInput):
    input_type = "date"


class SourceChoiceMixin:
    """The `source` field as a choice of the registered value sources."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "source" in self.fields:
            self.fields["source"] = forms.ChoiceField(
                label=_("Quelle"), choices=source_choices(), help_text=self.fields["source"].help_text
            )


class IndicatorAdminForm(SourceChoiceMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = "__all__"  # noqa: DJ007 - admin form, all fields are edited there


class KpiAdminForm(SourceChoiceMixin, forms.ModelForm):
    class Meta:
        model = ProjectKpi
        fields = "__all__"  # noqa: DJ007 - admin inline, all fields are edited there


class ProjectForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sektoren"),
        queryset=Sector.objects.order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "slug",
            "summary",
            "goal",
            "description",
            "status",
            "egovernment",
            "sectors",
            "department",
            "contact_name",
            "start_date",
            "end_date",
            "budget",
            "best_practices",
            "public",
        ]
        widgets = {
            "start_date": DateInput(format="%Y-%m-%d"),
            "end_date": DateInput(format="%Y-%m-%d"),
            "best_practices": forms.CheckboxSelectMultiple,
            "goal": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"egovernment": "eGovernment"}

    def clean(self):
        data = super().clean()
        if not data.get("egovernment") and not data.get("sectors"):
            self.add_error("sectors", _("Bitte wählen Sie mindestens einen Sektor oder „eGovernment“."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        if data.get("budget") is not None and data["budget"] < 0:
            self.add_error("budget", _("Die Haushaltsmittel dürfen nicht negativ sein."))
        return data


class BestPracticeForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sektoren"),
        queryset=Sector.objects.order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = BestPractice
        fields = [
            "title",
            "slug",
            "town",
            "sectors",
            "egovernment",
            "problem",
            "solution",
            "transferability",
            "transferability_note",
            "contact",
            "source_url",
            "source_illustrative",
            "published",
        ]
        labels = {"egovernment": "eGovernment"}


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "slug", "kind", "city", "website", "description", "contact_name", "contact_email"]
        help_texts = {"slug": _("Leer lassen: wird aus dem Namen gebildet.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False


# --- parts of a project (back office; the services validate again) ---------------------------------------


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done", "done_date"]
        widgets = {"due_date": DateInput(format="%Y-%m-%d"), "done_date": DateInput(format="%Y-%m-%d")}
        help_texts = {"done_date": _("Leer lassen: heute, sobald „erreicht“ angekreuzt ist.")}


class KpiForm(SourceChoiceMixin, forms.ModelForm):
    class Meta:
        model = ProjectKpi
        fields = [
            "name",
            "source",
            "source_param",
            "manual_value",
            "manual_value_date",
            "target_value",
            "unit",
            "higher_is_better",
            "order",
        ]
        widgets = {"manual_value_date": DateInput(format="%Y-%m-%d")}
        help_texts = {"manual_value": _("Nur bei der Quelle „manuelle Eingabe“ verwendet.")}


class FundingSourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["name", "amount", "share_percent"]

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("Der Betrag darf nicht negativ sein."))
        return amount


class ProjectPartnerForm(forms.ModelForm):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.order_by("name"))

    class Meta:
        model = ProjectPartner
        fields = ["partner", "role"]


class ProjectPaperForm(forms.ModelForm):
    class Meta:
        model = ProjectPaper
        fields = ["reference", "note"]


class IndicatorValuesForm(forms.Form):
    manual_value = forms.DecimalField(label=_("Ist-Wert"), required=False, max_digits=14, decimal_places=2, min_value=0)
    target_value = forms.DecimalField(
        label=_("Zielwert (absolute Schwelle)"), required=False, max_digits=14, decimal_places=2, min_value=0
    )
    threshold_note = forms.CharField(
        label=_("Begründung des Zielwerts"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leer lassen: Es gilt die Begründung aus der Struktur des Smart City Index."),
    )
    best_practices = forms.ModelMultipleChoiceField(
        label=_("Passende gute Beispiele (Best Practices)"),
        queryset=BestPractice.objects.order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Liegt der Indikator unter dem Zielwert, schlägt der Lückenbericht diese Beispiele als Projekte vor."
        ),
    )


class GapDraftForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.all())
    best_practice = forms.ModelChoiceField(queryset=BestPractice.objects.all())


def quarter_choices(*, count: int = 6) -> list[tuple[str, str]]:
    current = Quarter.of(timezone.localdate())
    out = []
    year, number = current.year, current.number
    for _i in range(count):
        q = Quarter(year, number)
        out.append((q.code, q.label))
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    return out


class QuarterlyReportForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quartal"))
    project = forms.ModelChoiceField(
        label=_("Projekt"),
        queryset=Project.objects.public().order_by("title"),
        required=False,
        empty_label=_("Gesamtes Programm"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices()

    def clean_quarter(self):
        return Quarter.parse(self.cleaned_data["quarter"])


class GapAttachForm(forms.Form):
    paper_reference = forms.CharField(
        label=_("Drucksachennummer"),
        max_length=50,
        help_text=_("Die Drucksache, an die der Lückenbericht als PDF angehängt wird, z. B. V/2026/0001."),
    )

    def clean_paper_reference(self):
        reference = self.cleaned_data["paper_reference"].strip()
        try:
            from modellkommune.council.selectors import paper_list_public
        except ImportError as exc:
            raise forms.ValidationError(_("Das Ratsinformationssystem ist nicht verfügbar.")) from exc
        paper = paper_list_public().filter(reference=reference).first()
        if paper is None:
            raise forms.ValidationError(_("Es gibt keine öffentliche Drucksache mit dieser Nummer."))
        self.cleaned_data["paper"] = paper
        return reference
