"""Reads of ideas: the public list per sector (only published or selected ones) and what the idea's page
shows of the project it became (accountability: status, milestones reached, a link once it is public)."""

from __future__ import annotations

from django.db.models import QuerySet

from .constants import IdeaStatus
from .models import Idea, IdeaSupport

PUBLIC_STATUSES = [IdeaStatus.PUBLISHED, IdeaStatus.SELECTED]
ORDERINGS = {"unterstuetzung": ["-support_count", "-created"], "neu": ["-created", "-id"]}


def idea_list_public(*, sector: str = "", order: str = "unterstuetzung") -> QuerySet[Idea]:
    ideas = Idea.objects.filter(status__in=PUBLIC_STATUSES).select_related("sector", "project")
    if sector:
        ideas = ideas.filter(sector__code=sector)
    return ideas.order_by(*ORDERINGS.get(order, ORDERINGS["unterstuetzung"]))


def idea_public(*, pk: int) -> Idea | None:
    return Idea.objects.filter(status__in=PUBLIC_STATUSES, pk=pk).select_related("sector", "project").first()


def idea_of_author(*, pk: int, user) -> Idea | None:
    """The author sees their own idea while it is checked or after it was refused."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Idea.objects.filter(pk=pk, author=user).select_related("sector", "project").first()


def user_supports(*, idea: Idea, user) -> bool:
    return getattr(user, "is_authenticated", False) and IdeaSupport.objects.filter(idea=idea, user=user).exists()


def project_progress(*, idea: Idea) -> dict | None:
    """What the idea's page tells about the project it became; nothing of a project's internals."""
    project = idea.project
    if project is None:
        return None
    milestones = list(project.milestones.order_by("due_date", "id")) if project.public else []
    return {
        "title": project.title,
        "status": project.get_status_display(),
        "public": project.public,
        "slug": project.slug,
        "milestones": milestones,
        "done": sum(1 for m in milestones if m.done),
    }


def idea_queue() -> QuerySet[Idea]:
    return Idea.objects.select_related("sector", "project", "author").order_by("-created", "-id")
