"""Back office for the catalogue: staff create and edit datasets here; every save is validated like the services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellkommune.core.admin import AuditedModelAdmin

from .constants import FILE_TYPE_MEDIA_TYPE, AccessRights, Theme
from .models import Dataset, Distribution
from .services import dataset_defaults, upload_check
from .validation import dataset_clean, distribution_clean


class DatasetAdminForm(forms.ModelForm):
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
            "sector", "published",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        return data


class DistributionAdminForm(forms.ModelForm):
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


class DistributionInline(admin.StackedInline):
    model = Distribution
    form = DistributionAdminForm
    extra = 0


@admin.register(Dataset)
class DatasetAdmin(AuditedModelAdmin):
    form = DatasetAdminForm
    inlines = [DistributionInline]
    list_display = ["title", "sector", "licence", "source", "published", "modified"]
    list_filter = ["published", "sector", "licence", "source"]
    search_fields = ["title", "description", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_readonly_fields(self, request, obj=None):
        # Generated datasets are rewritten by the sync task; edits would be lost.
        if obj is not None and obj.is_generated:
            return [*DatasetAdminForm.Meta.fields]
        return []

    def save_model(self, request, obj, form, change):
        if not change or form.has_changed():  # saving unchanged is no change for harvesters
            obj.modified = timezone.now()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            dist = inline_form.instance
            if inline_form.has_changed() and dist.format:
                dist.media_type = FILE_TYPE_MEDIA_TYPE.get(dist.format, "")
                dist.modified = timezone.now()
                Dataset.objects.filter(pk=form.instance.pk).update(modified=dist.modified)
                if dist.file and not dist.byte_size:
                    dist.byte_size = dist.file.size
        super().save_formset(request, form, formset, change)
        from .links import absolute

        for dist in form.instance.distributions.exclude(file=""):
            url = absolute(f"/opendata/datensaetze/{dist.dataset.slug}/dateien/{dist.pk}/")
            if dist.download_url != url:
                Distribution.objects.filter(pk=dist.pk).update(download_url=url, access_url=dist.access_url or url)
