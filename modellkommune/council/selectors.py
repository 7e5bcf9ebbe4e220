"""Reads of the council information system. Public selectors never return internal items."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
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
    """The paper page's data. The extracted texts of files and the search text are left in the database: the
    page shows neither, and a scanned attachment's text alone can be hundreds of kilobytes."""
    return (
        paper_list_public()
        .select_related("main_file")
        .defer("search_text", "main_file__text")
        .prefetch_related(
            Prefetch("auxiliary_files", queryset=File.objects.defer("text")),
            "originator_persons",
            "originator_organizations",
            Prefetch("related_papers", queryset=Paper.objects.defer("text", "search_text")),
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
    "Membership": ("organization__name", "person__family_name", "id"),
    "Meeting": ("-start", "id"),
    "AgendaItem": ("meeting__id", "order", "id"),
    "Body": ("id",),
}


def _ordered(model, *only: str) -> QuerySet:
    queryset = model.objects.order_by(*OPARL_ORDER[model.__name__])
    return queryset.only(*only) if only else queryset


def _memberships():
    return Prefetch("memberships", queryset=Membership.objects.order_by(*OPARL_ORDER["Membership"]))


def _consultations_with_paper():
    # AgendaItem.consultation names only a consultation whose paper is visible.
    return Prefetch(
        "consultations",
        queryset=Consultation.objects.order_by("paper_id", "id")
        .select_related("paper")
        .only("id", "agenda_item_id", "public", "deleted", "paper__id", "paper__public", "paper__deleted"),
    )


OPARL_QUERYSETS = {
    "Body": lambda: Body.objects.prefetch_related("legislative_terms").select_related("location"),
    "LegislativeTerm": lambda: LegislativeTerm.objects.all(),
    "Organization": lambda: (
        Organization.objects.filter(PUBLISHED).select_related("location").prefetch_related(_memberships())
    ),
    "Person": lambda: Person.objects.filter(PUBLISHED).prefetch_related(_memberships()),
    "Membership": lambda: Membership.objects.filter(PUBLISHED),
    "Meeting": lambda: (
        Meeting.objects.filter(PUBLISHED)
        .select_related("location", "invitation", "results_protocol", "verbatim_protocol")
        .prefetch_related(
            # Total orders, so that the list pipeline (api/rows_meetings.py) prints the same.
            Prefetch("organizations", queryset=_ordered(Organization, *_REF)),
            Prefetch("participants", queryset=_ordered(Person, *_REF)),
            Prefetch("auxiliary_files", queryset=_ordered(File)),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("meeting", "order", "id")
                .select_related("resolution_file")
                .prefetch_related(Prefetch("auxiliary_files", queryset=_ordered(File)), _consultations_with_paper()),
            ),
        )
    ),
    "AgendaItem": lambda: (
        AgendaItem.objects.filter(PUBLISHED)
        .filter(Q(meeting__public=True) | Q(meeting__was_public=True))
        .select_related("resolution_file", "meeting")
        .prefetch_related(Prefetch("auxiliary_files", queryset=_ordered(File)), _consultations_with_paper())
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
        Prefetch("meetings_auxiliary", queryset=_ordered(Meeting, *_REF)),
        Prefetch("agenda_items_auxiliary", queryset=_ordered(AgendaItem, *_REF)),
        Prefetch("papers_auxiliary", queryset=_ordered(Paper, *_REF)),
        Prefetch("papers_main", queryset=_ordered(Paper, *_REF)),
    ),
    "Location": lambda: Location.objects.filter(PUBLISHED).prefetch_related(
        Prefetch("bodies", queryset=_ordered(Body, *_REF)),
        Prefetch("organizations", queryset=_ordered(Organization, *_REF)),
        Prefetch("persons", queryset=_ordered(Person, *_REF)),
        Prefetch("meetings", queryset=_ordered(Meeting, *_REF)),
        Prefetch("papers", queryset=_ordered(Paper, *_REF)),
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
    obj = File.objects.filter(sha512__startswith=parts[3], content=name).only("pk", "public", "deleted").first()
    if obj is None:
        return None
    if obj.public and not obj.deleted:
        return True
    if user_is_council_office(user=user):
        return True
    if obj.deleted:
        return False
    # Issue 13: report writers read their drafts' and motions' files, members their bodies' papers.
    from .selectors_members import file_may_read_for_member
    from .selectors_reports import file_may_read_for_reports

    return file_may_read_for_reports(user=user, file_id=obj.pk) or file_may_read_for_member(user=user, file_id=obj.pk)


def council_office_users() -> list:
    """Active back-office users holding council.manage_proceedings (the council office)."""
    candidates = get_user_model().objects.with_perm(
        "council.manage_proceedings", include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    return [u for u in candidates.filter(is_active=True) if user_is_council_office(user=u)]
