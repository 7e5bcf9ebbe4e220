from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import BACK_OFFICE_ROLES, Role


class User(AbstractUser):
    """A person who logs in. Citizens log in with their e-mail address; staff belong to a
    department; a council member's faction comes from their memberships in the council app."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.CITIZEN, db_index=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("Fachbereich"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username

    @property
    def is_back_office(self) -> bool:
        return self.is_superuser or self.role in BACK_OFFICE_ROLES

    @property
    def is_council_member(self) -> bool:
        return self.role == Role.COUNCIL_MEMBER
