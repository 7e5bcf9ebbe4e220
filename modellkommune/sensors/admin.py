from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from modellkommune.core.admin import AuditedModelAdmin

from .models import (
    ApiToken,
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    MultiDatastream,
    ObservedProperty,
    Sensor,
    Thing,
)
from .models.token import token_hash


@admin.register(Thing)
class ThingAdmin(AuditedModelAdmin):
    list_display = ["id", "name", "description"]
    search_fields = ["name", "description"]
    filter_horizontal = ["locations"]


@admin.register(Location)
class LocationAdmin(AuditedModelAdmin):
    list_display = ["id", "name", "encoding_type"]
    search_fields = ["name"]


@admin.register(HistoricalLocation)
class HistoricalLocationAdmin(AuditedModelAdmin):
    list_display = ["id", "thing", "time"]
    list_select_related = ["thing"]
    raw_id_fields = ["thing"]


@admin.register(Sensor)
class SensorAdmin(AuditedModelAdmin):
    list_display = ["id", "name", "encoding_type"]
    search_fields = ["name"]


@admin.register(ObservedProperty)
class ObservedPropertyAdmin(AuditedModelAdmin):
    list_display = ["id", "name", "definition"]
    search_fields = ["name", "definition"]


@admin.register(Datastream)
class DatastreamAdmin(AuditedModelAdmin):
    list_display = ["id", "name", "thing", "sector", "project_ref", "internal", "phenomenon_time_end"]
    list_filter = ["sector", "internal"]
    list_select_related = ["thing", "sector"]
    search_fields = ["name", "thing__name", "project_ref"]
    raw_id_fields = ["thing", "sensor", "observed_property"]
    readonly_fields = ["phenomenon_time_start", "phenomenon_time_end", "result_time_start", "result_time_end"]


@admin.register(MultiDatastream)
class MultiDatastreamAdmin(AuditedModelAdmin):
    list_display = ["id", "name", "thing", "sector", "internal"]
    list_filter = ["sector", "internal"]
    raw_id_fields = ["thing", "sensor"]
    readonly_fields = ["phenomenon_time_start", "phenomenon_time_end", "result_time_start", "result_time_end"]


@admin.register(FeatureOfInterest)
class FeatureOfInterestAdmin(AuditedModelAdmin):
    list_display = ["id", "name", "encoding_type"]
    search_fields = ["name"]
    raw_id_fields = ["source_location"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """New tokens get a random secret shown once in the admin message; only its hash is stored."""

    list_display = ["name", "prefix", "active", "scope_all", "scope_things", "scope_sectors", "last_used"]
    list_filter = ["active"]
    search_fields = ["name"]
    readonly_fields = ["prefix", "created", "last_used"]
    fields = ["name", "scope_all", "scope_things", "scope_sectors", "active", "prefix", "created", "last_used"]

    def save_model(self, request, obj, form, change):
        if not change:
            import secrets

            raw = "sta_" + secrets.token_urlsafe(32)
            obj.token_hash = token_hash(raw)
            obj.prefix = raw[:8]
            super().save_model(request, obj, form, change)
            messages.warning(
                request,
                _("Das neue Token lautet %(token)s – es wird nur jetzt angezeigt. Bitte sicher aufbewahren.")
                % {"token": raw},
            )
            return
        super().save_model(request, obj, form, change)
