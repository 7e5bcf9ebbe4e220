from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Bürgerin/Bürger")
    STAFF = "staff", _("Verwaltung")
    COUNCIL_MEMBER = "council_member", _("Ratsmitglied")
    ADMINISTRATOR = "administrator", _("Administration")


# Roles that work in the back office and must log in with a second factor.
BACK_OFFICE_ROLES = {Role.STAFF, Role.ADMINISTRATOR}
