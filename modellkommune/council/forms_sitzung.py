"""Forms of the Sitzungsdienst (council office)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import AgendaResult, ConsultationRole
from .models import AttendanceStatus, Location, Organization, Paper

_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


def _datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=_DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Datum und Uhrzeit, z. B. 15.12.2026 17:00"),
    )


class MeetingCreateForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Gremium"), queryset=Organization.objects.none())
    name = forms.CharField(
        label=_("Bezeichnung"), max_length=300, required=False, help_text=_("Leer: „Sitzung: Name des Gremiums“")
    )
    start = _datetime_field(_("Beginn"))
    end = _datetime_field(_("Ende (voraussichtlich)"), required=False)
    location = forms.ModelChoiceField(label=_("Ort"), queryset=Location.objects.none(), required=False)
    public = forms.BooleanField(label=_("öffentliche Sitzung"), required=False, initial=True)
    convene = forms.BooleanField(label=_("Mitglieder sofort per E-Mail einladen"), required=False, initial=True)

    def __init__(self, *args, organizations=None, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        self.fields["location"].queryset = locations if locations is not None else Location.objects.none()


class MeetingMoveForm(forms.Form):
    start = _datetime_field(_("Neuer Beginn"))
    end = _datetime_field(_("Neues Ende"), required=False)


class AgendaItemAddForm(forms.Form):
    name = forms.CharField(label=_("Gegenstand"), max_length=500)
    public = forms.BooleanField(label=_("öffentlicher Teil"), required=False, initial=True)


class AgendaPaperForm(forms.Form):
    paper = forms.ModelChoiceField(label=_("Drucksache"), queryset=Paper.objects.none())
    role = forms.ChoiceField(
        label=_("Art der Beratung"), choices=ConsultationRole.choices, initial=ConsultationRole.ENTSCHEIDUNG
    )

    def __init__(self, *args, papers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = papers if papers is not None else Paper.objects.none()


class AttendanceForm(forms.Form):
    """One radio group per member of the meeting's bodies, followed by the choice of a deputy (Vertretung)
    for an excused member where someone may stand in (selectors_meetings.deputy_candidates)."""

    def __init__(self, *args, memberships=(), current=None, candidates=None, current_deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        candidates = candidates or {}
        current_deputies = current_deputies or {}
        self.people = {}
        self.deputy_fields = {}
        for membership in memberships:
            person = membership.person
            name = f"person_{person.pk}"
            self.people[name] = person.pk
            self.fields[name] = forms.ChoiceField(
                label=person.name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=current.get(person.pk, AttendanceStatus.PRESENT),
            )
            options = candidates.get(person.pk) or []
            if options:
                deputy_name = f"deputy_{person.pk}"
                self.deputy_fields[deputy_name] = person.pk
                self.fields[deputy_name] = forms.TypedChoiceField(
                    label=_("Vertretung für %(name)s (nur wenn entschuldigt)") % {"name": person.name},
                    choices=[("", _("keine Vertretung"))] + [(p.pk, p.name) for p in options],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=current_deputies.get(person.pk),
                )

    def clean(self):
        data = super().clean()
        for name, member_pk in self.deputy_fields.items():
            status = data.get(f"person_{member_pk}")
            if data.get(name) and status and status != AttendanceStatus.EXCUSED:
                self.add_error(name, _("Eine Vertretung ist nur für ein entschuldigtes Mitglied möglich."))
        return data

    def statuses(self) -> dict[int, str]:
        return {pk: self.cleaned_data[name] for name, pk in self.people.items()}

    def deputies(self) -> dict[int, int]:
        return {pk: self.cleaned_data[name] for name, pk in self.deputy_fields.items() if self.cleaned_data.get(name)}


class ResultVotesForm(forms.Form):
    """Result, resolution text and vote counts (in total and, optionally, per faction)."""

    result = forms.ChoiceField(label=_("Ergebnis"), choices=AgendaResult.choices)
    resolution_text = forms.CharField(
        label=_("Beschlusstext"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    votes_yes = forms.IntegerField(label=_("Ja-Stimmen (gesamt)"), min_value=0, max_value=10_000, required=False)
    votes_no = forms.IntegerField(label=_("Nein-Stimmen (gesamt)"), min_value=0, max_value=10_000, required=False)
    votes_abstain = forms.IntegerField(label=_("Enthaltungen (gesamt)"), min_value=0, max_value=10_000, required=False)

    KINDS = (("yes", _("Ja")), ("no", _("Nein")), ("abstain", _("Enthaltung")))

    def __init__(self, *args, factions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.factions = list(factions)
        for faction in self.factions:
            for kind, label in self.KINDS:
                self.fields[f"faction_{faction.pk}_{kind}"] = forms.IntegerField(
                    label=f"{faction.short_name or faction.name}: {label}",
                    min_value=0,
                    max_value=10_000,
                    required=False,
                )

    def faction_votes(self) -> dict | None:
        """Factions with at least one count given -> (yes, no, abstain); None when no faction counts."""
        votes = {}
        for faction in self.factions:
            counts = [self.cleaned_data.get(f"faction_{faction.pk}_{kind}") for kind, _label in self.KINDS]
            if any(c is not None for c in counts):
                votes[faction] = tuple(c or 0 for c in counts)
        return votes or None


class AttendanceExportForm(forms.Form):
    start = forms.DateField(label=_("von"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("bis"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    person = forms.TypedChoiceField(label=_("Mitglied"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("alle Mitglieder"))] + [(p.pk, p.name) for p in persons]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                raise forms.ValidationError(_("Das Ende des Zeitraums liegt vor seinem Beginn."))
            if (data["end"] - data["start"]).days > 366 * 5:
                raise forms.ValidationError(_("Bitte wählen Sie höchstens fünf Jahre."))
        return data


WEEKDAYS = [
    (0, _("Montag")),
    (1, _("Dienstag")),
    (2, _("Mittwoch")),
    (3, _("Donnerstag")),
    (4, _("Freitag")),
    (5, _("Samstag")),
    (6, _("Sonntag")),
]


class MeetingSeriesForm(forms.Form):
    """A recurring schedule (services_schedule): previewed first, then created as single meetings."""

    organization = forms.ModelChoiceField(label=_("Gremium"), queryset=Organization.objects.none())
    name = forms.CharField(
        label=_("Bezeichnung"), max_length=300, required=False, help_text=_("Leer: „Sitzung: Name des Gremiums“")
    )
    first = forms.DateField(
        label=_("Erster möglicher Termin"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    pattern = forms.ChoiceField(
        label=_("Wiederholung"),
        choices=[
            ("weeks", _("alle n Wochen am Wochentag des ersten Termins")),
            ("monthly", _("monatlich am n-ten Wochentag")),
        ],
        widget=forms.RadioSelect,
        initial="monthly",
    )
    interval = forms.IntegerField(label=_("Abstand (n Wochen bzw. n Monate)"), min_value=1, max_value=12, initial=1)
    nth = forms.TypedChoiceField(
        label=_("Am wievielten Wochentag des Monats"),
        choices=[(1, _("ersten")), (2, _("zweiten")), (3, _("dritten")), (4, _("vierten")), (5, _("letzten"))],
        coerce=int,
        required=False,
        initial=2,
        help_text=_("Nur bei monatlicher Wiederholung, z. B. „zweiten“ Dienstag"),
    )
    weekday = forms.TypedChoiceField(label=_("Wochentag"), choices=WEEKDAYS, coerce=int, required=False, initial=1)
    start_time = forms.TimeField(
        label=_("Beginn (Uhrzeit)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), initial="17:00"
    )
    end_time = forms.TimeField(
        label=_("Ende (Uhrzeit, voraussichtlich)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        required=False,
    )
    until = forms.DateField(
        label=_("bis einschließlich"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        required=False,
        help_text=_("Enddatum oder Anzahl angeben"),
    )
    count = forms.IntegerField(label=_("Anzahl der Sitzungen"), min_value=1, max_value=60, required=False)
    location = forms.ModelChoiceField(label=_("Ort"), queryset=Location.objects.none(), required=False)
    public = forms.BooleanField(label=_("öffentliche Sitzungen"), required=False, initial=True)

    def __init__(self, *args, organizations=None, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        self.fields["location"].queryset = locations if locations is not None else Location.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("pattern") == "monthly":
            if data.get("nth") is None:
                self.add_error("nth", _("Bitte wählen Sie, am wievielten Wochentag des Monats."))
            if data.get("weekday") is None:
                self.add_error("weekday", _("Bitte wählen Sie einen Wochentag."))
        if not data.get("until") and not data.get("count") and "until" not in self.errors:
            self.add_error("until", _("Bitte geben Sie ein Enddatum oder eine Anzahl von Sitzungen an."))
        return data

    def rule(self):
        from .services_schedule import SeriesRule

        data = self.cleaned_data
        monthly = data["pattern"] == "monthly"
        return SeriesRule(
            first=data["first"],
            pattern=data["pattern"],
            interval=data["interval"],
            weekday=data["weekday"] if monthly else None,
            nth=data["nth"] if monthly else None,
            until=data.get("until"),
            count=data.get("count"),
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "rule": self.rule(),
            "start_time": data["start_time"],
            "end_time": data.get("end_time"),
        }


class MinutesForm(forms.Form):
    text_public = forms.CharField(
        label=_("Öffentlicher Teil"),
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=200_000,
        help_text=_("Wird nach der Genehmigung als PDF veröffentlicht (OParl resultsProtocol)."),
    )
    text_internal = forms.CharField(
        label=_("Nicht öffentlicher Teil"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=200_000,
        required=False,
        help_text=_("Nur in der vollständigen, nicht öffentlichen Fassung."),
    )


class MinutesCorrectionForm(MinutesForm):
    """A correction (Berichtigung) of approved minutes: the corrected texts and the reason."""

    reason = forms.CharField(
        label=_("Grund der Berichtigung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text=_(
            "Zum Beispiel: „Einwendung von Frau X in der Sitzung vom …, TOP 3: Abstimmungsergebnis berichtigt“. "
            "Wird der öffentliche Teil berichtigt, steht der Grund auf der öffentlichen Seite der Sitzung und in "
            "der veröffentlichten Niederschrift; nennen Sie darin nichts aus dem nicht öffentlichen Teil."
        ),
    )

    field_order = ["reason", "text_public", "text_internal"]


class ResolutionUploadForm(forms.Form):
    file = forms.FileField(label=_("Beschluss als PDF"), help_text=_("Nur PDF-Dateien, höchstens 20 MB."))
