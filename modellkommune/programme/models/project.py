"""Pilot projects with their funding, milestones, partners, KPIs and council papers."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modellkommune.core.models import TimeStampedModel

from ..constants import ProjectStatus
from .measured import MeasuredValue


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public=True)


class Project(TimeStampedModel):
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    goal = models.TextField(_("Ziel"))
    description = models.TextField(_("Beschreibung"), blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA)
    sectors = models.ManyToManyField("core.Sector", verbose_name=_("Sektoren"), blank=True, related_name="+")
    egovernment = models.BooleanField(
        _("eGovernment"), default=False, help_text=_("Das Projekt gehört (auch) zum Bereich Verwaltung/eGovernment.")
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("verantwortlicher Fachbereich"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende (geplant)"), null=True, blank=True)
    budget = models.DecimalField(_("Haushaltsmittel (Euro)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    best_practices = models.ManyToManyField(
        "programme.BestPractice", verbose_name=_("Vorbilder (Best Practices)"), blank=True, related_name="projects"
    )
    public = models.BooleanField(_("öffentlich"), default=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("Modellprojekt")
        verbose_name_plural = _("Modellprojekte")
        permissions = [("manage_programme", _("Modellprojekte, gute Beispiele und Reifegrad pflegen (Programmbüro)"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="programme_project_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class FundingSource(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_sources")
    name = models.CharField(_("Fördergeber / Mittel"), max_length=200)
    amount = models.DecimalField(_("Betrag (Euro)"), max_digits=12, decimal_places=2)
    share_percent = models.DecimalField(
        _("Förderquote (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["project", "-amount", "name"]
        verbose_name = _("Finanzierungsquelle")
        verbose_name_plural = _("Finanzierungsquellen")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} €"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Meilenstein"), max_length=200)
    due_date = models.DateField(_("Termin"))
    done = models.BooleanField(_("erreicht"), default=False)
    done_date = models.DateField(_("erreicht am"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_date", "id"]
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")

    def __str__(self) -> str:
        return self.title


class ProjectPartner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    partner = models.ForeignKey("programme.Partner", on_delete=models.PROTECT, related_name="partnerships")
    role = models.CharField(_("Rolle im Projekt"), max_length=200)

    class Meta:
        ordering = ["project", "partner__name"]
        constraints = [models.UniqueConstraint(fields=["project", "partner"], name="programme_project_partner_once")]
        verbose_name = _("Projektpartner")
        verbose_name_plural = _("Projektpartner")

    def __str__(self) -> str:
        return f"{self.partner} – {self.role}"


class ProjectKpi(MeasuredValue):
    """A key performance indicator of a project; its current value comes from a provider."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("Kennzahl"), max_length=200)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")

    def __str__(self) -> str:
        return self.name


class ProjectPaper(models.Model):
    """A council paper that decided or reported on the project, stored by its reference
    (Drucksachennummer) or OParl id so it survives a re-import of the council data."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="papers")
    reference = models.CharField(_("Drucksachennummer oder OParl-ID"), max_length=500)
    note = models.CharField(_("Bezug"), max_length=200, blank=True, help_text=_("z. B. „Beschluss zum Projektstart“"))

    class Meta:
        ordering = ["project", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "reference"], name="programme_project_paper_once")]
        verbose_name = _("Ratsdrucksache")
        verbose_name_plural = _("Ratsdrucksachen")

    def __str__(self) -> str:
        return self.reference


class ProjectKpiSnapshot(models.Model):
    """The value of a KPI on a day (taken by the daily snapshot job), so reports can show a past quarter."""

    kpi = models.ForeignKey(ProjectKpi, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField(_("Stichtag"))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["kpi", "date"]
        constraints = [models.UniqueConstraint(fields=["kpi", "date"], name="programme_kpi_snapshot_day")]
        verbose_name = _("Kennzahl-Stand")
        verbose_name_plural = _("Kennzahl-Stände")

    def __str__(self) -> str:
        return f"{self.kpi} {self.date}: {self.value}"
