"""The parts of a project the programme office edits on back-office pages (formerly admin inlines):
one row per kind, naming the URL segment, model, form and the German words for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .forms import FundingSourceForm, KpiForm, MilestoneForm, ProjectPaperForm, ProjectPartnerForm
from .models import FundingSource, Milestone, ProjectKpi, ProjectPaper, ProjectPartner


@dataclass(frozen=True)
class ItemKind:
    segment: str  # URL segment under /verwaltung/programm/projekte/<slug>/
    model: type
    form: type
    singular: str
    plural: str
    add_label: str


KINDS = {
    kind.segment: kind
    for kind in (
        ItemKind(
            "meilensteine", Milestone, MilestoneForm, _("Meilenstein"), _("Meilensteine"), _("Meilenstein hinzufügen")
        ),
        ItemKind("kennzahlen", ProjectKpi, KpiForm, _("Kennzahl"), _("Kennzahlen"), _("Kennzahl hinzufügen")),
        ItemKind(
            "finanzierung",
            FundingSource,
            FundingSourceForm,
            _("Finanzierungsquelle"),
            _("Finanzierungsquellen"),
            _("Finanzierungsquelle hinzufügen"),
        ),
        ItemKind(
            "partner", ProjectPartner, ProjectPartnerForm, _("Projektpartner"), _("Partner"), _("Partner zuordnen")
        ),
        ItemKind(
            "drucksachen",
            ProjectPaper,
            ProjectPaperForm,
            _("Ratsdrucksache"),
            _("Ratsdrucksachen"),
            _("Drucksache verknüpfen"),
        ),
    )
}


def kind_get(segment: str) -> ItemKind:
    try:
        return KINDS[segment]
    except KeyError as exc:
        raise Http404 from exc
