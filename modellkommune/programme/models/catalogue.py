"""The best-practice catalogue and the partner register."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modellkommune.core.models import TimeStampedModel

from ..constants import PartnerKind, Transferability


class Partner(TimeStampedModel):
    """A research institution, company, other municipality or association the town works with."""

    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=PartnerKind.choices)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Partner")
        verbose_name_plural = _("Partner")

    def __str__(self) -> str:
        return self.name


class BestPractice(TimeStampedModel):
    """A measure another town took, kept so that pilot projects can build on it."""

    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    sectors = models.ManyToManyField("core.Sector", verbose_name=_("Sektoren"), blank=True, related_name="+")
    egovernment = models.BooleanField(_("eGovernment"), default=False)
    town = models.CharField(_("Kommune"), max_length=120)
    problem = models.TextField(_("Ausgangslage / Problem"))
    solution = models.TextField(_("Lösung"))
    transferability = models.CharField(
        _("Übertragbarkeit"), max_length=10, choices=Transferability.choices, default=Transferability.MEDIUM
    )
    transferability_note = models.TextField(_("Hinweise zur Übertragbarkeit"), blank=True)
    contact = models.CharField(_("Kontakt"), max_length=200, blank=True)
    source_url = models.URLField(_("Quelle (Link)"), blank=True)
    source_illustrative = models.BooleanField(
        _("Beschreibung illustrativ"),
        default=False,
        help_text=_("Angekreuzt, wenn die Beschreibung ein ausgedachtes Beispiel ist (Demo-Daten)."),
    )
    published = models.BooleanField(_("veröffentlicht"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("gutes Beispiel (Best Practice)")
        verbose_name_plural = _("gute Beispiele (Best Practices)")

    def __str__(self) -> str:
        return f"{self.title} ({self.town})"
