import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import ConsultationRole, PaperStatus, PaperType
from .base import OParlObject


class Paper(OParlObject):
    """Drucksache: motion, inquiry, proposal for a decision or report of the administration."""

    body = models.ForeignKey("council.Body", on_delete=models.CASCADE, related_name="papers")
    name = models.CharField(_("Titel"), max_length=500)
    reference = models.CharField(_("Drucksachennummer"), max_length=50, blank=True, db_index=True)
    date = models.DateField(_("Datum"), null=True, blank=True)
    paper_type = models.CharField(_("Art"), max_length=30, choices=PaperType.choices)
    status = models.CharField(
        _("Bearbeitungsstand"), max_length=20, choices=PaperStatus.choices, default=PaperStatus.REGISTERED
    )
    text = models.TextField(_("Text"), blank=True)
    related_papers = models.ManyToManyField("self", blank=True, symmetrical=True)
    superordinated_papers = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="subordinated_papers"
    )
    main_file = models.ForeignKey(
        "council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="papers_main"
    )
    auxiliary_files = models.ManyToManyField("council.File", related_name="papers_auxiliary", blank=True)
    locations = models.ManyToManyField("council.Location", related_name="papers", blank=True)
    originator_persons = models.ManyToManyField("council.Person", related_name="originated_papers", blank=True)
    originator_organizations = models.ManyToManyField(
        "council.Organization", related_name="originated_papers", blank=True
    )
    under_direction_of = models.ManyToManyField("council.Organization", related_name="directed_papers", blank=True)
    # Title, text and the extracted text of all files; kept current by services, indexed for
    # German full-text search on PostgreSQL (migration 0002).
    search_text = models.TextField(blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="council_papers"
    )

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "reference"], condition=~models.Q(reference=""), name="council_paper_unique_reference"
            )
        ]
        permissions = [("manage_proceedings", _("Drucksachen registrieren und Sitzungen vorbereiten (Ratsbüro)"))]
        verbose_name = _("Drucksache")
        verbose_name_plural = _("Drucksachen")

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()


class Consultation(OParlObject):
    """A paper's treatment in a meeting by an organization; embedded in its Paper in OParl."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="consultations")
    agenda_item = models.ForeignKey(
        "council.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    meeting = models.ForeignKey(
        "council.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    organizations = models.ManyToManyField("council.Organization", related_name="consultations", blank=True)
    authoritative = models.BooleanField(_("beschließend"), default=False)
    role = models.CharField(_("Rolle"), max_length=30, choices=ConsultationRole.choices, blank=True)

    class Meta:
        ordering = ["paper", "id"]
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungen")

    def __str__(self) -> str:
        return f"{self.paper} – {self.meeting or ''}"


def saved_search_token() -> str:
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """An e-mail alert: new papers matching a query and its filters are mailed daily; also an RSS feed under
    an unguessable token URL (the token is the only credential of the feed: readers cannot sign in).
    `filters` holds the search's filters in the form of selectors_search.PaperFilters.as_json()."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_saved_searches")
    query = models.CharField(_("Suchbegriff"), max_length=200, blank=True)
    filters = models.JSONField(_("Filter"), default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_notified = models.DateTimeField(null=True, blank=True)
    token = models.CharField(
        _("Feed-Schlüssel"), max_length=64, unique=True, default=saved_search_token, editable=False
    )

    class Meta:
        verbose_name = _("Suchabo")
        verbose_name_plural = _("Suchabos")

    def __str__(self) -> str:
        return self.query
