"""Django admin of the catalogue (operators); staff use the back office /verwaltung/offene-daten/. Saves are validated like the services."""

from django.contrib import admin
from django.utils import timezone

from modellkommune.core.admin import AuditedModelAdmin

from .constants import FILE_TYPE_MEDIA_TYPE
from .forms import DatasetForm, DistributionForm
from .models import Dataset, Distribution


class DistributionInline(admin.StackedInline):
    model = Distribution
    form = DistributionForm
    extra = 0


@admin.register(Dataset)
class DatasetAdmin(AuditedModelAdmin):
    form = DatasetForm
    inlines = [DistributionInline]
    list_display = ["title", "sector", "licence", "source", "published", "modified"]
    list_filter = ["published", "sector", "licence", "source"]
    search_fields = ["title", "description", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_readonly_fields(self, request, obj=None):
        # Generated datasets are rewritten by the sync task; edits would be lost.
        if obj is not None and obj.is_generated:
            return [*DatasetForm.Meta.fields]
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
