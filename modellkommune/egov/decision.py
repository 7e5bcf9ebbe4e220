"""The decision document (Bescheid) of an approved application: barrier-free PDF (PDF/UA-1) with the
town's letterhead and the notice of legal remedy (Rechtsbehelfsbelehrung).

The template is chosen per service: `egov/decisions/<service slug>.html` if a town adds one, else
`egov/decisions/default.html` (both extend `egov/decisions/base.html`, which holds letterhead and
remedy notice)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation

from modellkommune.core.selectors import municipality_current

from .formschema import display_rows
from .models import Application


def decision_template_name(application: Application) -> str:
    names = [f"egov/decisions/{application.service.slug}.html", "egov/decisions/default.html"]
    return select_template(names).template.name


def decision_pdf(application: Application) -> bytes:
    from weasyprint import HTML

    with translation.override("de"):
        html = render_to_string(
            decision_template_name(application),
            {
                "application": application,
                "rows": display_rows(application.schema_snapshot, application.data),
                "municipality": municipality_current(),
                "court": getattr(settings, "EGOV_DECISION_COURT", ""),
                "today": timezone.localdate(),
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
