from django.contrib import admin

from modellkommune.core.admin import AuditedModelAdmin

from .models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(AuditedModelAdmin):
    list_display = ["created", "topic", "subject", "email", "handled"]
    list_filter = ["topic", "handled"]
    search_fields = ["subject", "message", "email", "name"]
    readonly_fields = ["topic", "name", "email", "subject", "message", "page_url", "created"]
