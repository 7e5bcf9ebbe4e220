"""The barrier-free PDF receipt (PDF/UA-1, tagged, German, with a document title)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from modellkommune.core.selectors import municipality_current

from .formschema import display_rows
from .models import Application


def receipt_pdf(application: Application) -> bytes:
    from weasyprint import HTML

    with translation.override("de"):
        html = render_to_string(
            "egov/receipt.html",
            {
                "application": application,
                "rows": display_rows(application.schema_snapshot, application.data),
                "municipality": municipality_current(),
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
