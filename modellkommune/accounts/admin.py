from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from modellkommune.core.admin import AuditedModelAdmin

from .models import User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "department", "is_active"]
    list_filter = ["role", "department", "is_staff", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Modellkommune"), {"fields": ("role", "department", "phone")}),
    )
