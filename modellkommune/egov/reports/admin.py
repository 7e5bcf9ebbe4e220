from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from modellkommune.core.admin import AuditedModelAdmin

from .models import ApiKey, Category, CategoryAttribute, Report, ReportPhoto, ReportUpdate
from .models.apikey import api_key_generate, api_key_hash


class CategoryAttributeInline(admin.TabularInline):
    model = CategoryAttribute
    extra = 0


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "department", "group", "is_active", "order"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "code", "keywords"]
    inlines = [CategoryAttributeInline]


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    extra = 0
    fields = ["image", "width", "height", "is_public"]
    readonly_fields = ["image", "width", "height"]


class ReportUpdateInline(admin.TabularInline):
    model = ReportUpdate
    extra = 0
    fields = ["created", "status", "comment", "is_public", "actor"]
    readonly_fields = ["created", "actor"]


@admin.register(Report)
class ReportAdmin(AuditedModelAdmin):
    list_display = ["id", "category", "department", "status", "moderation", "requested"]
    list_filter = ["moderation", "status", "department", "category", "source"]
    search_fields = ["id", "description", "address", "email"]
    readonly_fields = ["token", "requested", "updated", "confirmed_at", "published_at", "closed_at", "api_key", "user"]
    inlines = [ReportPhotoInline, ReportUpdateInline]


@admin.register(ApiKey)
class ApiKeyAdmin(AuditedModelAdmin):
    """Keys are made here or with `manage.py open311_key`; the key is shown once, only its hash is kept."""

    list_display = ["name", "prefix", "is_active", "created", "last_used"]
    readonly_fields = ["prefix", "created", "last_used"]
    fields = ["name", "is_active", "prefix", "created", "last_used"]

    def save_model(self, request, obj, form, change):
        raw = None
        if not change:
            raw = api_key_generate()
            obj.prefix, obj.key_hash = raw[:10], api_key_hash(raw)
        super().save_model(request, obj, form, change)
        if raw:
            messages.warning(
                request,
                _("Neuer API-Schlüssel (wird nur jetzt angezeigt, bitte sicher weitergeben): %(key)s") % {"key": raw},
            )
