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
from django.views.decorators.http import require_POST

from .constants import OrganizationType, PaperType
from .forms import PaperSubmitForm, SavedSearchForm
from .models import Membership, Paper, Person, SavedSearch
from .selectors import (
    agenda_item_search,
    faction_for_user,
    factions_with_seats,
    meeting_detail_public,
    meeting_list_public,
    meeting_upcoming,
    organization_list_public,
    organization_members,
    paper_detail_public,
    paper_list_public,
    paper_search,
)
from .services import paper_submit as paper_submit_service


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


def meeting_detail(request, pk: int):
    try:
        meeting = meeting_detail_public(pk=pk)
    except Exception as exc:
        raise Http404 from exc
    return render(request, "council/meeting_detail.html", {"meeting": meeting})


def paper_list(request):
    papers = paper_list_public()
    paper_type = request.GET.get("art", "")
    if paper_type in PaperType.values:
        papers = papers.filter(paper_type=paper_type)
    page = Paginator(papers, 25).get_page(request.GET.get("seite"))
    return render(
        request, "council/paper_list.html", {"page": page, "paper_type": paper_type, "types": PaperType.choices}
    )


def paper_detail(request, pk: int):
    try:
        paper = paper_detail_public(pk=pk)
    except Paper.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "council/paper_detail.html", {"paper": paper})


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


def person_detail(request, pk: int):
    person = get_object_or_404(
        Person.objects.public().prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.alive().select_related("organization"))
        ),
        pk=pk,
    )
    papers = paper_list_public().filter(originator_persons=person)[:20]
    return render(request, "council/person_detail.html", {"person": person, "papers": papers})


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    papers = paper_search(query)[:50] if query else []
    items = agenda_item_search(query)[:50] if query else []
    return render(
        request,
        "council/search.html",
        {"query": query, "papers": papers, "items": items, "saved_form": SavedSearchForm(initial={"query": query})},
    )


@login_required
@require_POST
def saved_search_create(request):
    form = SavedSearchForm(request.POST)
    if form.is_valid():
        if SavedSearch.objects.filter(user=request.user).count() >= 20:
            messages.error(request, _("Sie können höchstens 20 Suchabos anlegen."))
        else:
            SavedSearch.objects.get_or_create(user=request.user, query=form.cleaned_data["query"])
            messages.success(
                request, _("Sie erhalten neue Treffer für „%(q)s“ per E-Mail.") % {"q": form.cleaned_data["query"]}
            )
    return redirect("council:search")


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
