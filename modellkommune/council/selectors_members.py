"""Reads for council members' signed-in area (issue 13): the non-public papers and agenda parts of the
bodies a member currently sits in (only those), their faction's pending motions, their private notes.

A "member" is a portal user linked to a council Person (Person.user); what they see follows their current
memberships (start/end dates), so a member of another committee never sees this committee's papers."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from .constants import OrganizationType, PaperStatus
from .models import AgendaItem, Consultation, Meeting, Organization, Paper, PaperNote, Person
from .selectors import faction_for_user

PENDING_STATUS = (PaperStatus.SUBMITTED, PaperStatus.REGISTERED, PaperStatus.ANSWERED, PaperStatus.SCHEDULED)


def member_person(*, user) -> Person | None:
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return None
    return Person.objects.alive().filter(user=user).first()


def user_is_member(*, user) -> bool:
    return member_person(user=user) is not None


def member_organizations(*, user) -> QuerySet[Organization]:
    """The bodies (council, committees, factions) the user currently sits in; none for non-members."""
    person = member_person(user=user)
    if person is None:
        return Organization.objects.none()
    today = timezone.localdate()
    memberships = (
        person.memberships.alive()
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    )
    return (
        Organization.objects.alive()
        .exclude(organization_type=OrganizationType.VERWALTUNG)
        .filter(pk__in=memberships.values("organization_id"))
        .order_by("name")
    )


def member_meetings(*, user) -> QuerySet[Meeting]:
    """Meetings of the member's bodies, public or not."""
    return (
        Meeting.objects.alive()
        .filter(organizations__in=member_organizations(user=user))
        .distinct()
        .prefetch_related("organizations")
        .order_by("start")
    )


def member_meeting(*, user, pk: int) -> Meeting:
    return member_meetings(user=user).select_related("location", "invitation").get(pk=pk)


def meeting_agenda_for_member(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The whole agenda, the non-public part included."""
    return (
        meeting.agenda_items.alive()
        .order_by("order")
        .prefetch_related("consultations__paper", "auxiliary_files")
        .select_related("resolution_file")
    )


def _consulted_by(organizations) -> QuerySet[Consultation]:
    return Consultation.objects.alive().filter(
        Q(organizations__in=organizations) | Q(meeting__organizations__in=organizations, meeting__deleted=False)
    )


def member_papers_nonpublic(*, user) -> QuerySet[Paper]:
    """Registered non-public papers treated by one of the member's bodies (not a faction's unregistered draft)."""
    organizations = member_organizations(user=user)
    if not organizations.exists():
        return Paper.objects.none()
    return (
        Paper.objects.alive()
        .filter(public=False)
        .exclude(status=PaperStatus.SUBMITTED)
        .filter(pk__in=_consulted_by(organizations).values("paper_id"))
        .order_by("-date", "-id")
    )


def faction_pending_motions(*, user) -> QuerySet[Paper]:
    """The faction's papers still waiting for a decision (submitted, registered, answered, scheduled)."""
    faction = faction_for_user(user=user)
    if faction is None or member_person(user=user) is None:
        return Paper.objects.none()
    return (
        Paper.objects.alive()
        .filter(originator_organizations=faction, status__in=PENDING_STATUS)
        .order_by("-date", "-id")
    )


def member_paper(*, user, pk: int) -> Paper:
    """A paper as a member may read it: public, non-public of their bodies, or their own faction's."""
    if member_person(user=user) is None:
        raise Paper.DoesNotExist
    paper = Paper.objects.alive().select_related("main_file").get(pk=pk)
    if paper.public:
        return paper
    if member_papers_nonpublic(user=user).filter(pk=pk).exists():
        return paper
    faction = faction_for_user(user=user)
    if paper.submitted_by_id == user.pk or (faction and paper.originator_organizations.filter(pk=faction.pk).exists()):
        return paper
    raise Paper.DoesNotExist


def member_notes(*, user) -> QuerySet[PaperNote]:
    """The member's own notes; nobody else's, ever."""
    if not getattr(user, "is_authenticated", False):
        return PaperNote.objects.none()
    return PaperNote.objects.filter(user=user).select_related("paper").order_by("-modified")


def file_may_read_for_member(*, user, file_id: int) -> bool:
    """Members read the files of the papers and meetings they may see (see member_paper, member_meetings)."""
    if member_person(user=user) is None:
        return False
    with_file = Paper.objects.filter(Q(main_file_id=file_id) | Q(auxiliary_files__id=file_id)).values("pk")
    for papers in (member_papers_nonpublic(user=user), faction_pending_motions(user=user)):
        if papers.filter(pk__in=with_file).exists():
            return True
    meetings = member_meetings(user=user).values("pk")
    if (
        Meeting.objects.filter(pk__in=meetings)
        .filter(Q(invitation_id=file_id) | Q(results_protocol_id=file_id) | Q(auxiliary_files__id=file_id))
        .exists()
    ):
        return True
    return (
        AgendaItem.objects.alive()
        .filter(meeting__in=meetings)
        .filter(Q(resolution_file_id=file_id) | Q(auxiliary_files__id=file_id))
        .exists()
    )
