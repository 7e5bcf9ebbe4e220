"""The municipality itself, its sectors and departments, and the shared base models."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .constants import AuditAction, SectorCode


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("angelegt"), auto_now_add=True, db_index=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Municipality(TimeStampedModel):
    """The town that runs this installation (one row; the demo is Iserlohn)."""

    name = models.CharField(_("Name"), max_length=200)
    official_name = models.CharField(_("amtlicher Name"), max_length=200)
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=8, unique=True)
    state = models.CharField(_("Bundesland"), max_length=100)
    district = models.CharField(_("Regierungsbezirk"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    address = models.TextField(_("Anschrift"), blank=True)
    # Bounding box of the town area (WGS84); reports and sensors outside are refused.
    bbox_south = models.FloatField(_("Südgrenze (Breite)"), default=51.30)
    bbox_west = models.FloatField(_("Westgrenze (Länge)"), default=7.55)
    bbox_north = models.FloatField(_("Nordgrenze (Breite)"), default=51.45)
    bbox_east = models.FloatField(_("Ostgrenze (Länge)"), default=7.85)
    center_lat = models.FloatField(_("Mittelpunkt (Breite)"), default=51.3759)
    center_lon = models.FloatField(_("Mittelpunkt (Länge)"), default=7.6949)

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self) -> str:
        return self.name

    @property
    def boundary(self):
        """The town's area as a geometry (today its bounding box; a real boundary polygon can replace it)."""
        import shapely

        return shapely.box(self.bbox_west, self.bbox_south, self.bbox_east, self.bbox_north)

    def contains(self, *, lat: float, lon: float) -> bool:
        """Whether the point lies in the town's area, its border included (geometry layer, GEOS)."""
        import shapely

        return self.boundary.covers(shapely.Point(lon, lat))


class Sector(models.Model):
    code = models.CharField(_("Kürzel"), max_length=30, choices=SectorCode.choices, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    description = models.TextField(_("Beschreibung"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Sektor")
        verbose_name_plural = _("Sektoren")

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    """An administrative unit of the town hall (Fachbereich, Amt)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzbezeichnung"), max_length=30, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Fachbereich")
        verbose_name_plural = _("Fachbereiche")

    def __str__(self) -> str:
        return self.name


def _new_pseudonym() -> str:
    return secrets.token_hex(16)


class AuditActor(models.Model):
    """The only link between an audit pseudonym and a person; deleting the row makes every audit
    entry that carries the pseudonym anonymous, without touching the append-only trail.

    Staff act under one pseudonym (scope ""), so their work stays attributable. Citizens get one
    pseudonym per object they act on (scope "egov.application:17"), so that when that case is
    anonymised after its retention period only its mapping is deleted; deleting an account deletes
    all of that person's mappings (CASCADE)."""

    pseudonym = models.CharField(_("Pseudonym"), max_length=32, unique=True, default=_new_pseudonym)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Benutzer"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("Geltungsbereich"), max_length=170, blank=True, db_index=True)
    label = models.CharField(_("Anzeigename"), max_length=255)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Protokoll-Pseudonym")
        verbose_name_plural = _("Protokoll-Pseudonyme")
        constraints = [models.UniqueConstraint(fields=["user", "scope"], name="core_auditactor_user_scope")]

    def __str__(self) -> str:
        return self.label


class AuditLogQuerySet(models.QuerySet):
    """Entries carry `actor_repr` resolved through the pseudonym mapping: the name while the mapping
    exists, "System" for jobs, and "anonymisiert" once the mapping has been deleted.

    `filter(actor=user)` keeps working: it is translated to the mapping's user."""

    def _filter_or_exclude(self, negate, args, kwargs):
        translated = {}
        for key, value in kwargs.items():
            if key == "actor" or key.startswith("actor__") or key == "actor_id":
                key = "actor_link__user" + key[len("actor") :]
            translated[key] = value
        return super()._filter_or_exclude(negate, args, translated)


class AuditLogManager(models.Manager.from_queryset(AuditLogQuerySet)):
    def get_queryset(self):
        label = AuditActor.objects.filter(pseudonym=OuterRef("actor_pseudonym")).values("label")[:1]
        return (
            super()
            .get_queryset()
            .annotate(
                actor_repr=Coalesce(
                    Subquery(label),
                    Case(
                        When(actor_pseudonym="", then=Value(SYSTEM_ACTOR)),
                        default=Value(ANONYMOUS_ACTOR),
                        output_field=models.CharField(),
                    ),
                )
            )
        )


SYSTEM_ACTOR = "System"
ANONYMOUS_ACTOR = "anonymisiert"


class AuditLogEntry(models.Model):
    """Who changed what and when. Append-only: the admin shows it read-only and, on
    PostgreSQL, a trigger refuses UPDATE and DELETE even from the application.

    It holds no direct personal data: the actor is a pseudonym (see AuditActor), and entries about
    a user account name the account by its pseudonym, not by id or address."""

    timestamp = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor_pseudonym = models.CharField(_("Benutzer (Pseudonym)"), max_length=32, blank=True, db_index=True)
    # Virtual relation (no column, no constraint) so that queries can reach the mapping. Not serialised:
    # a backup carries actor_pseudonym itself (the relation has no value of its own to restore).
    actor_link = models.ForeignObject(
        AuditActor,
        on_delete=models.DO_NOTHING,
        from_fields=["actor_pseudonym"],
        to_fields=["pseudonym"],
        null=True,
        related_name="+",
        serialize=False,
    )
    action = models.CharField(_("Aktion"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("Objekttyp"), max_length=100, db_index=True)
    object_id = models.CharField(_("Objekt-ID"), max_length=64, db_index=True)
    object_repr = models.CharField(_("Objekt"), max_length=255)
    message = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)

    objects = AuditLogManager()

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Änderungsprotokoll")

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_display} {self.action} {self.object_repr}"

    @property
    def actor(self):
        """The user behind the pseudonym, or None (system job, or anonymised)."""
        if not self.actor_pseudonym:
            return None
        mapping = AuditActor.objects.filter(pseudonym=self.actor_pseudonym).select_related("user").first()
        return mapping.user if mapping else None

    @property
    def actor_display(self) -> str:
        if hasattr(self, "actor_repr"):
            return self.actor_repr
        if not self.actor_pseudonym:
            return SYSTEM_ACTOR
        mapping = AuditActor.objects.filter(pseudonym=self.actor_pseudonym).first()
        return mapping.label if mapping else ANONYMOUS_ACTOR
