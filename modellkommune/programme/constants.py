from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idee")
    PLANNED = "planned", _("geplant")
    RUNNING = "running", _("laufend")
    EVALUATED = "evaluated", _("evaluiert")
    SCALED_UP = "scaled_up", _("verstetigt")
    STOPPED = "stopped", _("eingestellt")


class PartnerKind(models.TextChoices):
    RESEARCH = "research", _("Hochschule oder Forschungseinrichtung")
    COMPANY = "company", _("Unternehmen")
    MUNICIPALITY = "municipality", _("Kommune")
    PUBLIC = "public", _("öffentliche Einrichtung")
    ASSOCIATION = "association", _("Verein oder Initiative")


class Transferability(models.TextChoices):
    HIGH = "high", _("hoch – direkt übertragbar")
    MEDIUM = "medium", _("mittel – mit Anpassungen übertragbar")
    LOW = "low", _("gering – nur als Anregung")


class MaturityArea(models.TextChoices):
    """The five areas of the Bitkom Smart City Index, used for the self-assessment."""

    VERWALTUNG = "verwaltung", _("Verwaltung")
    IT_KOMMUNIKATION = "it_kommunikation", _("IT und Kommunikation")
    ENERGIE_UMWELT = "energie_umwelt", _("Energie und Umwelt")
    MOBILITAET = "mobilitaet", _("Mobilität")
    GESELLSCHAFT = "gesellschaft", _("Gesellschaft")


class ReportKind(models.TextChoices):
    QUARTERLY_PROJECT = "quarterly_project", _("Quartalsbericht Projekt")
    QUARTERLY_PROGRAMME = "quarterly_programme", _("Quartalsbericht Programm")
    GAP = "gap", _("Lückenbericht digitaler Reifegrad")


# Source key for values entered by hand; every other key names a provider in providers.py.
SOURCE_MANUAL = "manual"
