"""The town's service catalogue (Leistungskatalog)."""

from django.utils.translation import gettext as _

from ..constants import Frequency, Theme
from ..registry import DatasetSpec, Table, register

SERVICE_COLUMNS = [
    "kuerzel",
    "bezeichnung",
    "leika_schluessel",
    "kurzbeschreibung",
    "fachbereich",
    "gebuehr_euro",
    "online_beantragbar",
]


def _service_rows():
    from modellkommune.egov import selectors

    services = selectors.service_list_public().select_related("department").order_by("pk")
    for s in services.iterator(chunk_size=1000):
        department = getattr(s, "department", None)
        yield [
            s.slug,
            s.name,
            getattr(s, "leika_key", ""),
            getattr(s, "summary", ""),
            department.name if department else "",
            getattr(s, "fee", ""),
            "ja" if getattr(s, "online", False) else "nein",
        ]


@register("verwaltung")
def service_datasets() -> list[DatasetSpec]:
    from modellkommune.egov import selectors

    selectors.service_list_public  # noqa: B018  (AttributeError while egov has no public selector)
    return [
        DatasetSpec(
            key="verwaltung-leistungen",
            title=_("Verwaltungsleistungen der Stadt"),
            description=_(
                "Katalog der Verwaltungsleistungen mit LeiKa-Schlüssel, zuständigem Fachbereich, Gebühr und "
                "der Angabe, ob die Leistung online beantragt werden kann."
            ),
            themes=[Theme.GOVE],
            keywords=[_("Verwaltungsleistungen"), "LeiKa", _("Bürgerservice")],
            frequency=Frequency.WEEKLY,
            tables=[Table(key="leistungen", title=_("Leistungen"), columns=SERVICE_COLUMNS, rows=_service_rows)],
        )
    ]
