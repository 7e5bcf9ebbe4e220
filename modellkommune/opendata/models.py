"""Datasets and distributions of the open-data catalogue (DCAT-AP.de)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import SOURCE_GENERATED_PREFIX, SOURCE_MANUAL, AccessRights, FileType, Frequency, Licence


class DatasetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def generated(self):
        return self.filter(source__startswith=SOURCE_GENERATED_PREFIX)


class Dataset(models.Model):
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)
    title = models.CharField(_("Titel"), max_length=300, help_text=_("dct:title"))
    description = models.TextField(_("Beschreibung"), help_text=_("dct:description"))
    publisher_name = models.CharField(_("Herausgeber"), max_length=200, help_text=_("dct:publisher (foaf:name)"))
    publisher_url = models.URLField(_("Website des Herausgebers"), max_length=300, blank=True)
    contact_name = models.CharField(_("Ansprechstelle"), max_length=200, help_text=_("dcat:contactPoint (vcard:fn)"))
    contact_email = models.EmailField(_("E-Mail der Ansprechstelle"), help_text=_("vcard:hasEmail"))
    licence = models.CharField(
        _("Lizenz"), max_length=200, choices=Licence.choices, help_text=_("dct:license aus dem dcat-ap.de-Vokabular")
    )
    themes = models.JSONField(_("Kategorien"), default=list, blank=True, help_text=_("dcat:theme (EU-Datenthemen)"))
    keywords = models.JSONField(_("Schlagwörter"), default=list, blank=True, help_text=_("dcat:keyword"))
    political_geocoding_uri = models.URLField(
        _("Politische Geokodierung"), max_length=300, help_text=_("dcatde:politicalGeocodingURI")
    )
    political_geocoding_level_uri = models.URLField(
        _("Ebene der Geokodierung"), max_length=300, help_text=_("dcatde:politicalGeocodingLevelURI")
    )
    spatial_uri = models.URLField(_("Räumliche Abdeckung"), max_length=300, blank=True, help_text=_("dct:spatial"))
    temporal_start = models.DateField(_("Zeitraum von"), null=True, blank=True)
    temporal_end = models.DateField(_("Zeitraum bis"), null=True, blank=True)
    accrual_periodicity = models.CharField(
        _("Aktualisierungsintervall"), max_length=20, choices=Frequency.choices, default=Frequency.IRREG
    )
    issued = models.DateTimeField(_("veröffentlicht am"), default=timezone.now)
    modified = models.DateTimeField(_("geändert am"), default=timezone.now, db_index=True)
    sector = models.ForeignKey(
        "core.Sector", verbose_name=_("Sektor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(
        _("Quelle"),
        max_length=100,
        default=SOURCE_MANUAL,
        db_index=True,
        help_text=_("„manual“ für redaktionell gepflegte, „generated:<Schlüssel>“ für erzeugte Datensätze"),
    )
    access_rights = models.CharField(
        _("Zugriffsrechte"), max_length=20, choices=AccessRights.choices, default=AccessRights.PUBLIC,
        help_text=_("dct:accessRights (EU-Vokabular access-right)"),
    )  # fmt: skip
    conforms_to = models.URLField(
        _("Standard / Schema"),
        max_length=300,
        blank=True,
        help_text=_("dct:conformsTo: URI des Standards oder Schemas"),
    )
    musterdatensatz = models.URLField(
        _("Musterdatensatz"),
        max_length=200,
        blank=True,
        help_text=_("Thema und Bezeichnung im Musterdatenkatalog (URI); im RDF als dct:references"),
    )
    published = models.BooleanField(_("veröffentlicht"), default=True)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    # SHA-256 over everything the catalogue publishes about the dataset: modified moves only when it changes.
    content_hash = models.CharField(_("Inhalts-Prüfsumme"), max_length=64, blank=True, editable=False)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        permissions = [("manage_catalogue", _("Offene Daten pflegen und veröffentlichen (Open-Data-Stelle)"))]
        verbose_name = _("Datensatz")
        verbose_name_plural = _("Datensätze")

    def __str__(self) -> str:
        return self.title

    @property
    def is_generated(self) -> bool:
        return self.source.startswith(SOURCE_GENERATED_PREFIX)


class Distribution(models.Model):
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("Datensatz"), on_delete=models.CASCADE, related_name="distributions"
    )
    key = models.SlugField(_("Schlüssel"), max_length=80, blank=True, help_text=_("bei erzeugten Distributionen"))
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    access_url = models.URLField(_("Zugangs-URL"), max_length=500, blank=True, help_text=_("dcat:accessURL"))
    download_url = models.URLField(_("Download-URL"), max_length=500, blank=True, help_text=_("dcat:downloadURL"))
    file = models.FileField(_("Datei"), upload_to="opendata/%Y/", blank=True)
    format = models.CharField(_("Format"), max_length=20, choices=FileType.choices)
    media_type = models.CharField(_("Medientyp"), max_length=120, blank=True)
    licence = models.CharField(
        _("Lizenz"), max_length=200, choices=Licence.choices, blank=True, help_text=_("leer: Lizenz des Datensatzes")
    )
    byte_size = models.PositiveBigIntegerField(_("Größe in Bytes"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    access_service = models.SlugField(
        _("Datendienst"), max_length=40, blank=True, help_text=_("dcat:accessService: Schlüssel des Datendienstes")
    )
    issued = models.DateTimeField(_("veröffentlicht am"), default=timezone.now)
    modified = models.DateTimeField(_("geändert am"), default=timezone.now)
    content_hash = models.CharField(_("Inhalts-Prüfsumme"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Distribution")
        verbose_name_plural = _("Distributionen")

    def __str__(self) -> str:
        return self.title

    @property
    def effective_licence(self) -> str:
        return self.licence or self.dataset.licence


class QualitySnapshot(models.Model):
    """MQA score of one dataset (dataset set) or of the whole catalogue (dataset empty) at one sync."""

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("Datensatz"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="quality_snapshots",
    )  # fmt: skip
    taken_at = models.DateTimeField(_("erfasst am"), default=timezone.now, db_index=True)
    score = models.PositiveSmallIntegerField(_("Punkte"))
    dimensions = models.JSONField(_("Punkte je Dimension"), default=dict)

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("Qualitätsbewertung (MQA)")
        verbose_name_plural = _("Qualitätsbewertungen (MQA)")

    def __str__(self) -> str:
        return f"{self.score} ({self.taken_at:%Y-%m-%d %H:%M})"


class PotentialStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    NOT_RELEVANT = "not_relevant", _("nicht relevant")


class PotentialDecision(models.Model):
    """The open-data officer's decision on one Musterdatensatz the town does not publish yet."""

    musterdatensatz = models.URLField(_("Musterdatensatz"), max_length=200, unique=True)
    status = models.CharField(_("Entscheidung"), max_length=20, choices=PotentialStatus.choices)
    note = models.CharField(_("Notiz"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entschieden von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("entschieden am"), default=timezone.now)

    class Meta:
        ordering = ["musterdatensatz"]
        verbose_name = _("Entscheidung zum Open-Data-Potenzial")
        verbose_name_plural = _("Entscheidungen zum Open-Data-Potenzial")

    def __str__(self) -> str:
        return f"{self.musterdatensatz}: {self.get_status_display()}"
