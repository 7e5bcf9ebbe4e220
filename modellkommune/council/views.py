"""Public pages of the council information system and the members' motion form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.page_cache import anonymous_page_cache

from .constants import OrganizationType, PaperType
from .forms import PaperSubmitForm
from .models import Membership, Paper, Person
from .selectors import (
    faction_for_user,
    factions_with_seats,
    meeting_detail_public,
    meeting_list_public,
    meeting_upcoming,
    organization_list_public,
    organization_members,
    paper_detail_public,
    paper_list_public,
)
from .services import paper_submit as paper_submit_service


@anonymous_page_cache(apps=("core", "council"))
def index(request):
    return render(
        request,
        "council/index.html",
        {
            "upcoming": meeting_upcoming(limit=5),
            "recent_papers": paper_list_public()[:8],
            "factions": factions_with_seats(),
            "faction": faction_for_user(user=request.user),
        },
    )


@anonymous_page_cache(apps=("core", "council"))
def meeting_list(request):
    if "monat" in request.GET:  # the month view has its own page: /rat/kalender/?monat=2026-12
        query = request.GET.copy()
        return redirect(reverse("council:meeting_calendar") + "?" + query.urlencode())
    meetings = meeting_list_public().prefetch_related("organizations").select_related("location")
    organization_id = request.GET.get("gremium", "")
    if organization_id.isdigit():
        meetings = meetings.filter(organizations__id=int(organization_id))
    upcoming = request.GET.get("zeitraum", "kommend") != "vergangen"
    now = timezone.now()
    meetings = meetings.filter(start__gte=now).order_by("start") if upcoming else meetings.filter(start__lt=now)
    page = Paginator(meetings, 25).get_page(request.GET.get("seite"))
    return render(
        request,
        "council/meeting_list.html",
        {
            "page": page,
            "upcoming": upcoming,
            "organizations": organization_list_public(),
            "organization_id": organization_id,
        },
    )


@anonymous_page_cache(apps=("core", "council"))
def meeting_detail(request, pk: int):
    try:
        meeting = meeting_detail_public(pk=pk)
    except Exception as exc:
        raise Http404 from exc
    from .selectors_meetings import minutes_public_corrections

    return render(
        request,
        "council/meeting_detail.html",
        {"meeting": meeting, "corrections": list(minutes_public_corrections(meeting=meeting))},
    )


@anonymous_page_cache(apps=("core", "council"))
def paper_list(request):
    papers = paper_list_public()
    paper_type = request.GET.get("art", "")
    if paper_type in PaperType.values:
        papers = papers.filter(paper_type=paper_type)
    # Only the columns the table prints (not the full text), evaluated here rather than inside the template.
    page = Paginator(papers.only("id", "reference", "name", "paper_type", "date"), 25).get_page(
        request.GET.get("seite")
    )
    page.object_list = list(page.object_list)
    return render(
        request, "council/paper_list.html", {"page": page, "paper_type": paper_type, "types": PaperType.choices}
    )


@anonymous_page_cache(apps=("core", "council"))
def paper_detail(request, pk: int):
    try:
        paper = paper_detail_public(pk=pk)
    except Paper.DoesNotExist as exc:
        raise Http404 from exc
    from .selectors_members import member_person

    # Council members keep a private note on the paper in their own area (issue 13).
    return render(
        request,
        "council/paper_detail.html",
        {"paper": paper, "member_can_note": member_person(user=request.user) is not None},
    )


@anonymous_page_cache(apps=("core", "council"))
def organization_list(request):
    organizations = organization_list_public()
    groups = [
        (label, [o for o in organizations if o.organization_type == value]) for value, label in OrganizationType.choices
    ]
    return render(
        request,
        "council/organization_list.html",
        {"groups": [g for g in groups if g[1]], "factions": factions_with_seats()},
    )


@anonymous_page_cache(apps=("core", "council"))
def organization_detail(request, pk: int):
    organization = get_object_or_404(organization_list_public(), pk=pk)
    return render(
        request,
        "council/organization_detail.html",
        {
            "organization": organization,
            "members": organization_members(organization=organization),
            "meetings": meeting_list_public().filter(organizations=organization).order_by("-start")[:10],
        },
    )


@anonymous_page_cache(apps=("core", "council"))
def person_detail(request, pk: int):
    person = get_object_or_404(
        Person.objects.public().prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.alive().select_related("organization"))
        ),
        pk=pk,
    )
    papers = paper_list_public().filter(originator_persons=person)[:20]
    return render(request, "council/person_detail.html", {"person": person, "papers": papers})


@login_required
def paper_submit(request):
    faction = faction_for_user(user=request.user)
    if faction is None:
        raise PermissionDenied
    form = PaperSubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = paper_submit_service(
                actor=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                paper_type=form.cleaned_data["paper_type"],
                files=[(f.name, f.read()) for f in form.cleaned_data["files"]],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("files" if "Datei" in " ".join(exc.messages) else None, exc)
        else:
            messages.success(request, _("Ihr Antrag „%(t)s“ ist beim Ratsbüro eingegangen.") % {"t": paper.name})
            return redirect("council:my_papers")
    return render(request, "council/paper_submit.html", {"form": form, "faction": faction})


@login_required
def my_papers(request):
    faction = faction_for_user(user=request.user)
    papers = Paper.objects.alive().filter(originator_organizations=faction) if faction else Paper.objects.none()
    return render(request, "council/my_papers.html", {"papers": papers.order_by("-id")[:100], "faction": faction})


def short_paper(request, pk: int):
    get_object_or_404(paper_list_public(), pk=pk)
    return redirect("council:paper_detail", pk=pk, permanent=True)


def short_meeting(request, pk: int):
    get_object_or_404(meeting_list_public(), pk=pk)
    return redirect("council:meeting_detail", pk=pk, permanent=True)
