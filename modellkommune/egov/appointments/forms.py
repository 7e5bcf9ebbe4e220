from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AppointmentService, Location
from .selectors import location_list_public, service_list_public


class ChooseForm(forms.Form):
    """Step 1: where and what. Submitted by GET so the choice stays in the URL (bookmarkable, no JS)."""

    standort = forms.ModelChoiceField(
        label=_("Standort"),
        queryset=Location.objects.none(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Bitte wählen Sie einen Standort."),
            "invalid_choice": _("Bitte wählen Sie einen Standort aus der Liste."),
        },
    )
    leistung = forms.ModelMultipleChoiceField(
        label=_("Leistungen"),
        queryset=AppointmentService.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sie können mehrere Anliegen in einem Termin erledigen; die Dauer wird addiert."),
        error_messages={
            "required": _("Bitte wählen Sie mindestens eine Leistung."),
            "invalid_choice": _("Bitte wählen Sie Leistungen aus der Liste."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standort"].queryset = location_list_public()
        self.fields["leistung"].queryset = service_list_public()
        self.fields["leistung"].label_from_instance = lambda s: (
            _("%(name)s (%(m)d Minuten)")
            % {
                "name": s.name,
                "m": s.duration_minutes,
            }
        )

    def clean(self):
        data = super().clean()
        location, services = data.get("standort"), data.get("leistung")
        if location and services:
            offered = set(service_list_public(location=location).values_list("pk", flat=True))
            missing = [s.name for s in services if s.pk not in offered]
            if missing:
                self.add_error(
                    "leistung",
                    _("Am Standort %(l)s nicht angeboten: %(s)s") % {"l": location.name, "s": ", ".join(missing)},
                )
        return data


class BookingForm(forms.Form):
    name = forms.CharField(
        label=_("Vor- und Nachname"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("An diese Adresse senden wir den Link, mit dem Sie den Termin bestätigen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefon (freiwillig)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass meine Angaben zur Terminvergabe gespeichert werden."),
        error_messages={"required": _("Bitte stimmen Sie der Speicherung Ihrer Angaben zu.")},
    )
    # Honeypot: hidden by CSS ("hp" class in the shared form include); people leave it empty.
    website = forms.CharField(label=_("Bitte leer lassen"), required=False)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Bitte lassen Sie dieses Feld leer."))
        return ""


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Grund (freiwillig)"), max_length=300, required=False)
