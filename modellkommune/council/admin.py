from django.contrib import admin
from django.utils.translation import gettext as _

from modellkommune.core.admin import AuditedModelAdmin

from .models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
    SavedSearch,
)


class OParlModelAdmin(AuditedModelAdmin):
    """Deleting here marks objects as deleted (OParl clients see `deleted: true`); nothing cascades
    away, so the confirmation lists only the objects themselves and needs no rights on others."""

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        label = _("%(name)s (wird als gelöscht markiert und bleibt für OParl-Clients abrufbar)")
        return [label % {"name": obj} for obj in objs], {self.model._meta.verbose_name_plural: len(objs)}, set(), []


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "number", "name", "public", "result"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    fields = ["organization", "role", "voting_right", "start_date", "end_date", "on_behalf_of"]


@admin.register(Body)
class BodyAdmin(OParlModelAdmin):
    list_display = ["name", "ags", "modified"]


@admin.register(LegislativeTerm)
class LegislativeTermAdmin(OParlModelAdmin):
    list_display = ["name", "start_date", "end_date"]


@admin.register(Organization)
class OrganizationAdmin(OParlModelAdmin):
    list_display = ["name", "organization_type", "public", "deleted"]
    list_filter = ["organization_type", "public", "deleted"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(OParlModelAdmin):
    list_display = ["family_name", "given_name", "user", "deleted"]
    search_fields = ["family_name", "given_name"]
    inlines = [MembershipInline]
    raw_id_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(OParlModelAdmin):
    list_display = ["name", "start", "meeting_state", "cancelled", "public"]
    list_filter = ["meeting_state", "cancelled", "public", "organizations"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline]
    filter_horizontal = ["organizations", "participants", "auxiliary_files"]


@admin.register(Paper)
class PaperAdmin(OParlModelAdmin):
    list_display = ["reference", "name", "paper_type", "status", "date", "public", "deleted"]
    list_filter = ["paper_type", "status", "public", "deleted"]
    search_fields = ["reference", "name"]
    raw_id_fields = ["main_file", "submitted_by"]
    filter_horizontal = ["auxiliary_files", "originator_persons", "originator_organizations", "under_direction_of"]


@admin.register(Consultation)
class ConsultationAdmin(OParlModelAdmin):
    list_display = ["paper", "meeting", "role", "authoritative"]
    raw_id_fields = ["paper", "agenda_item", "meeting"]


@admin.register(File)
class FileAdmin(OParlModelAdmin):
    list_display = ["name", "mime_type", "size", "public", "deleted"]
    search_fields = ["name", "file_name"]
    readonly_fields = ["sha512", "size", "mime_type"]


@admin.register(Location)
class LocationAdmin(OParlModelAdmin):
    list_display = ["description", "street_address", "locality"]


@admin.register(Membership)
class MembershipAdmin(OParlModelAdmin):
    list_display = ["person", "organization", "role", "voting_right"]
    list_filter = ["organization"]


@admin.register(SavedSearch)
class SavedSearchAdmin(AuditedModelAdmin):
    list_display = ["query", "user", "created", "last_notified"]
