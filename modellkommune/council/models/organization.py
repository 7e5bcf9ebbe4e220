from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import OrganizationType
from .base import OParlObject


class Organization(OParlObject):
    """Council, committees, factions and administrative departments."""

    body = models.ForeignKey("council.Body", on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    organization_type = models.CharField(_("Art"), max_length=30, choices=OrganizationType.choices)
    classification = models.CharField(_("Klassifizierung"), max_length=100, blank=True)
    post = models.JSONField(_("Positionen"), default=list, blank=True)
    sub_organization_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="sub_organizations"
    )
    start_date = models.DateField(_("Gründung"), null=True, blank=True)
    end_date = models.DateField(_("Auflösung"), null=True, blank=True)
    website = models.URLField(_("Website"), blank=True)
    location = models.ForeignKey(
        "council.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="organizations"
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gremium/Organisation")
        verbose_name_plural = _("Gremien und Organisationen")

    def __str__(self) -> str:
        return self.name


class Person(OParlObject):
    body = models.ForeignKey("council.Body", on_delete=models.CASCADE, related_name="persons")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="council_person"
    )
    family_name = models.CharField(_("Familienname"), max_length=100)
    given_name = models.CharField(_("Vorname"), max_length=100)
    form_of_address = models.CharField(_("Anrede"), max_length=50, blank=True)
    affix = models.CharField(_("Namenszusatz"), max_length=50, blank=True)
    title = models.JSONField(_("Titel"), default=list, blank=True)
    gender = models.CharField(_("Geschlecht"), max_length=20, blank=True)
    phone = models.JSONField(_("Telefon"), default=list, blank=True)
    email = models.JSONField(_("E-Mail"), default=list, blank=True)
    status = models.JSONField(_("Status"), default=list, blank=True)
    life = models.TextField(_("Lebenslauf"), blank=True)
    location = models.ForeignKey(
        "council.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="persons"
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return " ".join(p for p in [*self.title, self.given_name, self.family_name] if p)


class Membership(OParlObject):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=100, blank=True)
    voting_right = models.BooleanField(_("stimmberechtigt"), default=True)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    on_behalf_of = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="delegated_memberships"
    )

    class Meta:
        ordering = ["organization__name", "person__family_name"]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")

    def __str__(self) -> str:
        return f"{self.person} – {self.organization}"
