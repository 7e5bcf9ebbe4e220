import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from modellkommune.core.admin import AuditedModelAdmin

from .formschema import schema_check
from .models import Application, ApplicationNote, LifeSituation, Message, Service, StatusChange


class ServiceAdminForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = "__all__"  # noqa: DJ007 - admin form; the schema field is checked below

    def clean_form_schema(self):
        schema = self.cleaned_data.get("form_schema") or {}
        try:
            schema_check(schema)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return schema


@admin.register(Service)
class ServiceAdmin(AuditedModelAdmin):
    form = ServiceAdminForm
    list_display = ["name", "leika_key", "department", "fee", "online", "published"]
    list_filter = ["online", "published", "department", "life_situations"]
    search_fields = ["name", "leika_key", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["life_situations"]


@admin.register(LifeSituation)
class LifeSituationAdmin(AuditedModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


class NoteInline(admin.TabularInline):
    model = ApplicationNote
    extra = 0
    readonly_fields = ["author", "text", "created"]
    can_delete = False


class StatusInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["old_status", "new_status", "actor_repr", "comment", "created"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(AuditedModelAdmin):
    """Read-mostly: case handling happens in the back office, where every step notifies the applicant."""

    list_display = ["__str__", "service", "status", "submitted_at", "due_date", "assigned_to"]
    list_filter = ["status", "service__department"]
    search_fields = ["reference"]
    readonly_fields = [
        "service",
        "applicant",
        "reference",
        "status",
        "data_pretty",
        "submitted_at",
        "closed_at",
        "anonymised_at",
        "identity_level",
    ]
    exclude = ["data", "schema_snapshot"]
    inlines = [StatusInline, NoteInline]

    @admin.display(description=_("Angaben"))
    def data_pretty(self, obj):
        return json.dumps(obj.data, ensure_ascii=False, indent=2)

    def has_add_permission(self, request):
        return False


@admin.register(Message)
class MessageAdmin(AuditedModelAdmin):
    list_display = ["subject", "recipient", "direction", "created", "read_at"]
    readonly_fields = ["recipient", "application", "direction", "subject", "body", "sender_repr", "created", "read_at"]

    def has_add_permission(self, request):
        return False
