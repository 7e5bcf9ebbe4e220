"""Forms of the Mängelmelder. Validation that matters lives in services; these only shape input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import PHOTO_MAX_COUNT, AttributeDatatype, ReportStatus
from .models import Category


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(item, initial) for item in items]


def _attribute_field(attr) -> forms.Field:
    common = {"label": attr.description, "required": attr.required, "help_text": attr.datatype_description}
    choices = [(str(v["key"]), str(v["name"])) for v in attr.values or []]
    if attr.datatype == AttributeDatatype.SINGLEVALUELIST:
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if attr.datatype == AttributeDatatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if attr.datatype == AttributeDatatype.NUMBER:
        return forms.DecimalField(**common)
    if attr.datatype == AttributeDatatype.DATETIME:
        return forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if attr.datatype == AttributeDatatype.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, **common)
    return forms.CharField(max_length=300, **common)


class ReportForm(forms.Form):
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Was ist wo kaputt? Bitte keine Namen oder Kfz-Kennzeichen anderer Personen."),
    )
    address = forms.CharField(
        label=_("Ort / Adresse"),
        max_length=300,
        required=False,
        help_text=_("Straße und Hausnummer oder eine Ortsbeschreibung, falls Sie keine Koordinaten angeben."),
    )
    lat = forms.FloatField(
        label=_("Breitengrad"), required=False, help_text=_("Wird beim Klick auf die Karte ausgefüllt, z. B. 51.3759.")
    )
    lon = forms.FloatField(label=_("Längengrad"), required=False, help_text=_("z. B. 7.6949."))
    photos = MultiplePhotoField(
        label=_("Fotos"),
        required=False,
        help_text=_("Bis zu %(n)d Fotos (JPEG, PNG oder WebP, je höchstens 8 MB). Standortdaten werden entfernt.")
        % {"n": PHOTO_MAX_COUNT},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        help_text=_(
            "Wir senden Ihnen einen Bestätigungslink und Nachrichten zum Stand. Sie wird nicht veröffentlicht."
        ),
    )
    website = forms.CharField(label=_("Bitte leer lassen"), required=False)  # honeypot, hidden by CSS (.hp)

    def __init__(self, *args, category: Category, user=None, duplicates_found: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        signed_in = bool(user and user.is_authenticated)
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].required = True
        self.attribute_codes = []
        for attr in category.attributes.all():
            if attr.variable:
                self.fields[f"attr_{attr.code}"] = _attribute_field(attr)
                self.attribute_codes.append(attr.code)
        if duplicates_found:
            self.fields["not_duplicate"] = forms.BooleanField(
                label=_("Mein Anliegen ist keine der oben gezeigten Meldungen – trotzdem melden."), required=False
            )
            self.fields["not_duplicate_shown"] = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")
        # website last so the honeypot does not sit between real fields
        self.order_fields([f for f in self.fields if f != "website"] + ["website"])

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Bitte lassen Sie dieses Feld leer."))
        return ""

    def attributes(self) -> dict:
        values = {}
        for code in self.attribute_codes:
            value = self.cleaned_data.get(f"attr_{code}")
            if value in (None, "", []):
                continue
            values[code] = (
                value.isoformat() if hasattr(value, "isoformat") else (value if isinstance(value, list) else str(value))
            )
        return values


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund (nur bei Nichtveröffentlichung)"),
        required=False,
        max_length=300,
        help_text=_("Zum Beispiel: enthält personenbezogene Daten, Doppelmeldung, kein Mangel."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Bearbeitungsstand"), choices=ReportStatus.choices)
    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_public = forms.BooleanField(
        label=_("Kommentar öffentlich zeigen und Meldende benachrichtigen"), required=False, initial=True
    )


class ReassignForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Neue Kategorie"), queryset=Category.objects.filter(is_active=True))


class FollowForm(forms.Form):
    """Follow a published report by e-mail (signed-in people need not type their address)."""

    email = forms.EmailField(label=_("Ihre E-Mail-Adresse"), max_length=254)
