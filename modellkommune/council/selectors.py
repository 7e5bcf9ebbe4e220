"""Reads of the council information system. Public selectors never return internal items."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .constants import OrganizationType
from .models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)


def body_current() -> Body | None:
    return Body.objects.alive().order_by("pk").first()


def faction_for_user(*, user) -> Organization | None:
    """The faction a council-member user currently sits in (via Person.user and Membership)."""
    if not getattr(user, "is_authenticated", False):
        return None
    today = timezone.localdate()
    membership = (
        Membership.objects.alive()
        .filter(
            person__user=user, organization__organization_type=OrganizationType.FRAKTION, organization__deleted=False
        )
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("organization")
        .first()
    )
    return membership.organization if membership else None


def user_is_council_office(*, user) -> bool:
    """Council-office staff register, schedule and publish papers (permission council.manage_proceedings).

    Only back-office users (who must log in with a second factor) count: the permission given by mistake to a
    council member or a citizen grants nothing."""
    from modellkommune.accounts.permissions import user_has_office_permission

    return user_has_office_permission(user, "council.manage_proceedings")


def paper_list_public() -> QuerySet[Paper]:
    return Paper.objects.public().order_by("-date", "-id")


def meeting_list_public() -> QuerySet[Meeting]:
    return Meeting.objects.public().order_by("-start")


def organization_list_public() -> QuerySet[Organization]:
    return Organization.objects.public().order_by("name")


def oparl_system_url() -> str:
    return settings.SITE_URL + reverse("council:oparl_system")


def meeting_upcoming(*, limit: int = 5) -> QuerySet[Meeting]:
    return meeting_list_public().filter(start__gte=timezone.now()).order_by("start")[:limit]


def meeting_detail_public(*, pk: int) -> Meeting:
    return (
        meeting_list_public()
        .select_related("location", "invitation", "results_protocol")
        .prefetch_related(
            "organizations",
            Prefetch(
                "agenda_items", queryset=AgendaItem.objects.public().select_related("resolution_file").order_by("order")
            ),
            "agenda_items__consultations__paper",
            "agenda_items__faction_votes__faction",
            "attendances__person",
            "attendances__deputy_for",
        )
        .get(pk=pk)
    )


def paper_detail_public(*, pk: int) -> Paper:
    return (
        paper_list_public()
        .select_related("main_file")
        .prefetch_related(
            "auxiliary_files",
            "originator_persons",
            "originator_organizations",
            "related_papers",
            Prefetch(
                "consultations",
                queryset=Consultation.objects.alive()
                .select_related("meeting", "agenda_item")
                .order_by("meeting__start"),
            ),
        )
        .get(pk=pk)
    )


def paper_visible_to(*, user, pk: int) -> Paper:
    """A paper as its submitter, their faction or the council office may see it (also before it is public)."""
    paper = Paper.objects.alive().get(pk=pk)
    if paper.public or user_is_council_office(user=user):
        return paper
    faction = faction_for_user(user=user)
    if paper.submitted_by_id == getattr(user, "pk", None) or (
        faction and paper.originator_organizations.filter(pk=faction.pk).exists()
    ):
        return paper
    raise Paper.DoesNotExist


def organization_members(*, organization: Organization) -> QuerySet[Membership]:
    today = timezone.localdate()
    return (
        organization.memberships.alive()
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person")
        .order_by("person__family_name")
    )


def factions_with_seats() -> list[tuple[Organization, int]]:
    factions = organization_list_public().filter(organization_type=OrganizationType.FRAKTION)
    return [(f, organization_members(organization=f).count()) for f in factions]


def paper_search(query: str) -> QuerySet[Paper]:
    """Full-text search over title, text and the text of attached files.

    PostgreSQL: German text search on `search_text` with a GIN index (see migration). SQLite: every
    word must occur (case-insensitive substring), which is what a citizen expects of a search box."""
    words = [w for w in query.split() if w][:10]
    papers = paper_list_public()
    if not words:
        return papers.none()
    if connection.vendor == "postgresql":
        return papers.extra(
            where=["to_tsvector('german', council_paper.search_text) @@ websearch_to_tsquery('german', %s)"],
            params=[query],
        )
    for word in words:
        papers = papers.filter(search_text__icontains=word)
    return papers


def agenda_item_search(query: str) -> QuerySet[AgendaItem]:
    words = [w for w in query.split() if w][:10]
    items = AgendaItem.objects.public().filter(meeting__public=True, meeting__deleted=False).select_related("meeting")
    if not words:
        return items.none()
    for word in words:
        items = items.filter(Q(name__icontains=word) | Q(resolution_text__icontains=word))
    return items.order_by("-meeting__start")


# --- OParl querysets: everything an API page needs, prefetched ---

# Objects a client may know: public now, or published once (then shown as deleted). An object that
# never was public (a faction's draft) stays unknown.
PUBLISHED = Q(public=True) | Q(was_public=True)
_REF = ("id", "public", "deleted")
# Order of embedded lists and URL lists in OParl objects: the models' own order made total (File and
# Location have none), so that the object endpoint and the list pipeline (api/rows.py) agree.
OPARL_ORDER = {
    "Paper": ("-date", "-id"),
    "Person": ("family_name", "given_name", "id"),
    "Organization": ("name", "id"),
    "File": ("id",),
    "Location": ("id",),
}


def _ordered(model, *only: str) -> QuerySet:
    queryset = model.objects.order_by(*OPARL_ORDER[model.__name__])
    return queryset.only(*only) if only else queryset


def _consultations_with_paper():
    # AgendaItem.consultation names only a consultation whose paper is visible.
    return Prefetch(
        "consultations",
        queryset=Consultation.objects.select_related("paper").only(
            "id", "agenda_item_id", "public", "deleted", "paper__id", "paper__public", "paper__deleted"
        ),
    )


OPARL_QUERYSETS = {
    "Body": lambda: Body.objects.prefetch_related("legislative_terms").select_related("location"),
    "LegislativeTerm": lambda: LegislativeTerm.objects.all(),
    "Organization": lambda: (
        Organization.objects.filter(PUBLISHED).select_related("location").prefetch_related("memberships")
    ),
    "Person": lambda: Person.objects.filter(PUBLISHED).prefetch_related("memberships"),
    "Membership": lambda: Membership.objects.filter(PUBLISHED),
    "Meeting": lambda: (
        Meeting.objects.filter(PUBLISHED)
        .select_related("location", "invitation", "results_protocol", "verbatim_protocol")
        .prefetch_related(
            "organizations",
            "participants",
            "auxiliary_files",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("resolution_file").prefetch_related(
                    "auxiliary_files", _consultations_with_paper()
                ),
            ),
        )
    ),
    "AgendaItem": lambda: (
        AgendaItem.objects.filter(PUBLISHED)
        .filter(Q(meeting__public=True) | Q(meeting__was_public=True))
        .select_related("resolution_file", "meeting")
        .prefetch_related("auxiliary_files", _consultations_with_paper())
    ),
    "Paper": lambda: (
        Paper.objects.filter(PUBLISHED)
        .select_related("main_file")
        .prefetch_related(
            # Referenced objects appear as URLs only: load just what the URL and visibility need.
            Prefetch("related_papers", queryset=_ordered(Paper, *_REF)),
            Prefetch("superordinated_papers", queryset=_ordered(Paper, *_REF)),
            Prefetch("subordinated_papers", queryset=_ordered(Paper, *_REF)),
            Prefetch("auxiliary_files", queryset=_ordered(File)),
            Prefetch("locations", queryset=_ordered(Location)),
            Prefetch("originator_persons", queryset=_ordered(Person, *_REF)),
            Prefetch("under_direction_of", queryset=_ordered(Organization, *_REF)),
            Prefetch("originator_organizations", queryset=_ordered(Organization, *_REF)),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.order_by("paper_id", "id")
                .select_related("agenda_item", "meeting")
                .prefetch_related(Prefetch("organizations", queryset=_ordered(Organization, *_REF))),
            ),
        )
    ),
    "Consultation": lambda: (
        Consultation.objects.filter(Q(paper__public=True) | Q(paper__was_public=True))
        .select_related("agenda_item", "meeting", "paper")
        .defer("paper__search_text", "paper__text")
        .prefetch_related("organizations")
    ),
    "File": lambda: File.objects.filter(PUBLISHED).prefetch_related(
        Prefetch("meetings_auxiliary", queryset=Meeting.objects.only(*_REF)),
        Prefetch("agenda_items_auxiliary", queryset=AgendaItem.objects.only(*_REF)),
        Prefetch("papers_auxiliary", queryset=Paper.objects.only(*_REF)),
        Prefetch("papers_main", queryset=Paper.objects.only(*_REF)),
    ),
    "Location": lambda: Location.objects.filter(PUBLISHED).prefetch_related(
        "bodies", "organizations", "persons", "meetings", "papers"
    ),
}

# What a plain list (no modified_since) shows: visible objects only; an embedded type also needs
# its parent visible.
OPARL_LIST_VISIBLE = {
    "AgendaItem": Q(deleted=False, public=True, meeting__deleted=False, meeting__public=True),
    "Consultation": Q(deleted=False, public=True, paper__deleted=False, paper__public=True),
}
OPARL_LIST_VISIBLE_DEFAULT = Q(deleted=False, public=True)

# Which objects of a body a body list shows (the body filter per type).
BODY_FILTER = {
    "Organization": "body_id",
    "Person": "body_id",
    "Meeting": "organizations__body_id",
    "Paper": "body_id",
    "LegislativeTerm": "body_id",
    "Membership": "organization__body_id",
    "AgendaItem": "meeting__organizations__body_id",
    "Consultation": "paper__body_id",
    "File": None,
    "Location": None,
}


def file_may_read(*, user, name: str) -> bool | None:
    """Access to a stored council file under MEDIA_URL (core/media.py): public unless non-public or deleted;
    the council office reads every file. None when no file is stored under that name."""
    parts = name.split("/")  # council/files/<sha512[:2]>/<sha512[:32]>/<file name>: use the indexed checksum
    if len(parts) != 5 or len(parts[3]) != 32:
        return None
    obj = File.objects.filter(sha512__startswith=parts[3], content=name).only("public", "deleted").first()
    if obj is None:
        return None
    if obj.public and not obj.deleted:
        return True
    return user_is_council_office(user=user)


def council_office_users() -> list:
    """Active back-office users holding council.manage_proceedings (the council office)."""
    candidates = get_user_model().objects.with_perm(
        "council.manage_proceedings", include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    return [u for u in candidates.filter(is_active=True) if user_is_council_office(user=u)]
