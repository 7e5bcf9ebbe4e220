"""Forms of the catalogue (back office and admin): every save is validated like the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import musterdatenkatalog
from .constants import AccessRights, Theme
from .models import Dataset, Distribution
from .services import dataset_defaults, upload_check
from .validation import dataset_clean, distribution_clean


class DatasetForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Kategorien"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("dcat:theme (EU-Datenthemen), mindestens eine"), required=False,
    )  # fmt: skip
    keywords = forms.CharField(
        label=_("Schlagwörter"), required=False, help_text=_("dcat:keyword, durch Kommas getrennt")
    )
    access_rights = forms.ChoiceField(
        label=_("Zugriffsrechte"), choices=AccessRights.choices, initial=AccessRights.PUBLIC, required=False,
        help_text=_("dct:accessRights (EU-Vokabular access-right); leer: öffentlich"),
    )  # fmt: skip

    class Meta:
        model = Dataset
        fields = [
            "slug", "title", "description", "publisher_name", "publisher_url", "contact_name", "contact_email",
            "licence", "themes", "keywords", "political_geocoding_uri", "political_geocoding_level_uri",
            "spatial_uri", "temporal_start", "temporal_end", "accrual_periodicity", "access_rights", "conforms_to",
            "sector", "musterdatensatz", "published",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["musterdatensatz"] = forms.ChoiceField(
            label=_("Musterdatensatz"), required=False,
            choices=[("", _("– keine Zuordnung –")), *musterdatenkatalog.choices()],
            help_text=_("Thema und Bezeichnung im Musterdatenkatalog; damit finden Nutzende vergleichbare Daten anderer Kommunen."),
        )  # fmt: skip
        if self.instance.pk:
            self.initial["keywords"] = ", ".join(self.instance.keywords)
        else:
            for field, value in dataset_defaults().items():
                self.fields[field].initial = value

    def clean(self):
        data = super().clean()
        try:
            cleaned = dataset_clean({**data, "slug": data.get("slug") or ""})
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
            return data
        data["themes"], data["keywords"] = cleaned["themes"], cleaned["keywords"]
        data["access_rights"] = cleaned["access_rights"]
        data["musterdatensatz"] = cleaned["musterdatensatz"]
        return data


class DistributionForm(forms.ModelForm):
    class Meta:
        model = Distribution
        fields = ["title", "description", "format", "access_url", "download_url", "file", "licence", "order"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        try:
            distribution_clean({**data, "has_file": bool(upload)})
            if upload and hasattr(upload, "read") and not getattr(upload, "_committed", False):
                content = upload.read()
                upload.seek(0)
                upload_check(name=upload.name, content=content, format=data.get("format"))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


class DatasetBackofficeForm(DatasetForm):
    """The back-office form: publishing is a button of its own; the short name is fixed once created."""

    class Meta(DatasetForm.Meta):
        fields = [f for f in DatasetForm.Meta.fields if f != "published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["slug"].disabled = True
        else:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leer lassen: wird aus dem Titel gebildet.")

    def clean_slug(self):
        if self.instance.pk:
            return self.instance.slug
        from .services import _unique_slug

        return self.cleaned_data.get("slug") or _unique_slug(str(self.data.get("title") or ""))


class PotentialDecisionForm(forms.Form):
    musterdatensatz = forms.CharField(widget=forms.HiddenInput, max_length=200)
    status = forms.ChoiceField(
        label=_("Entscheidung"),
        required=False,
        choices=[("", _("offen")), ("planned", _("geplant")), ("not_relevant", _("nicht relevant"))],
    )
    note = forms.CharField(label=_("Notiz"), max_length=500, required=False)
