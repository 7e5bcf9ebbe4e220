from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .constants import AuditAction
from .models import AuditLogEntry, Department, Municipality, Sector
from .ratelimit import client_ip
from .services import audit_diff, audit_record, audit_snapshot, site_sync


def _client_ip(request) -> str | None:
    return client_ip(request) or None


class AuditedModelAdmin(admin.ModelAdmin):
    """Every ModelAdmin of the project derives from this: each save and delete done
    by staff in the admin lands in the audit trail with the changed fields."""

    def save_model(self, request, obj, form, change):
        before = {}
        if change and obj.pk:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit_snapshot(old) if old else {}
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            changes=audit_diff(before, audit_snapshot(obj)),
            message=_("über die Verwaltungsoberfläche"),
            ip_address=_client_ip(request),
        )

    def delete_model(self, request, obj):
        snapshot = audit_snapshot(obj)
        label, pk, text = obj._meta.label_lower, str(obj.pk), str(obj)
        super().delete_model(request, obj)
        audit_record(
            actor=request.user,
            action=AuditAction.DELETE,
            object_type=label,
            object_id=pk,
            object_repr=text,
            changes={k: [v, None] for k, v in snapshot.items()},
            ip_address=_client_ip(request),
        )

    def delete_queryset(self, request, queryset):
        for obj in list(queryset):
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(actor=request.user, action=AuditAction.DELETE, obj=obj, ip_address=_client_ip(request))
            obj.delete()
        for obj in instances:
            is_new = obj.pk is None
            obj.save()
            audit_record(
                actor=request.user,
                action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
                obj=obj,
                changes=audit_snapshot(obj),
                ip_address=_client_ip(request),
            )
        formset.save_m2m()


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    list_display = ["name", "ags", "state", "district"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        site_sync()  # e-mails greet with the municipality's name


@admin.register(Sector)
class SectorAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "order"]
    ordering = ["order"]


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ["name", "short_name", "email"]
    search_fields = ["name", "short_name"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """Read-only for everybody, superusers included."""

    list_display = ["timestamp", "actor_display", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_pseudonym", "object_repr", "object_id", "message"]
    date_hierarchy = "timestamp"

    @admin.display(description=_("Benutzer"))
    def actor_display(self, obj):
        # resolved through the pseudonym mapping: "anonymisiert" once that was deleted
        return obj.actor_display

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields] + ["actor_display"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
