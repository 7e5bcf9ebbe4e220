from django.contrib import admin

from modellkommune.core.admin import AuditedModelAdmin

from .models import AppointmentService, Booking, ClosedDay, Location, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 0


@admin.register(Location)
class LocationAdmin(AuditedModelAdmin):
    list_display = ["name", "city", "department", "counters", "active"]
    list_filter = ["department", "active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, ClosedDayInline]


@admin.register(ClosedDay)
class ClosedDayAdmin(AuditedModelAdmin):
    list_display = ["date", "location", "reason"]
    list_filter = ["location"]
    date_hierarchy = "date"


@admin.register(AppointmentService)
class AppointmentServiceAdmin(AuditedModelAdmin):
    list_display = ["name", "duration_minutes", "leika_key", "active", "order"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["locations"]


@admin.register(Booking)
class BookingAdmin(AuditedModelAdmin):
    list_display = ["reference", "start", "location", "counter", "status", "name"]
    list_filter = ["location", "status"]
    search_fields = ["reference", "name", "email"]
    date_hierarchy = "start"
    # Bookings change only through the services (opt-in, cancellation, attendance) so mails and audit follow.
    readonly_fields = [
        "reference",
        "location",
        "services",
        "start",
        "end",
        "counter",
        "status",
        "name",
        "email",
        "phone",
        "created",
        "expires_at",
        "confirmed_at",
        "cancelled_at",
        "reminder_sent_at",
    ]

    def has_add_permission(self, request):
        return False
