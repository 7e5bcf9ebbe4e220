"""Which OParl objects change when another one does: the explicit table behind change tracking.

OParl clients sync with `modified_since`. An object's JSON changes not only when its own row is
saved but also when an object it embeds changes (a Membership inside its Person, a File inside its
Meeting) or when an object it refers to appears or disappears (a deleted Organization vanishes from
a Meeting's `organization` list). The base model calls `bump_dependents` after every save, soft
delete and queryset update, and the m2m signal after every relation change, so no write path
(services, admin, importer, shell) can forget it.

Both tables map a changed type to (dependent type, lookup from the dependent to the changed
object). A dependent that is bumped counts as changed content itself, so whatever embeds it is
bumped as well (AgendaItem -> Meeting)."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.utils import timezone

# Changed type -> objects whose JSON embeds it in full: bumped on every change.
EMBEDDED_IN: dict[str, list[tuple[str, str]]] = {
    "LegislativeTerm": [("Body", "legislative_terms")],
    "Membership": [("Person", "memberships")],
    "AgendaItem": [("Meeting", "agenda_items")],
    "Consultation": [("Paper", "consultations")],
    "File": [
        ("Meeting", "invitation"),
        ("Meeting", "results_protocol"),
        ("Meeting", "verbatim_protocol"),
        ("Meeting", "auxiliary_files"),
        ("AgendaItem", "resolution_file"),
        ("AgendaItem", "auxiliary_files"),
        ("Paper", "main_file"),
        ("Paper", "auxiliary_files"),
    ],
    "Location": [
        ("Body", "location"),
        ("Organization", "location"),
        ("Meeting", "location"),
        ("Paper", "locations"),
    ],
}

# Changed type -> objects whose JSON lists its URL (only while it is visible): bumped when it is
# created, deleted, published or unpublished.
REFERENCED_BY: dict[str, list[tuple[str, str]]] = {
    "Organization": [
        ("Meeting", "organizations"),
        ("Paper", "originator_organizations"),
        ("Paper", "under_direction_of"),
        ("Consultation", "organizations"),
        ("Membership", "organization"),
        ("Membership", "on_behalf_of"),
        ("Organization", "sub_organization_of"),
    ],
    "Person": [("Meeting", "participants"), ("Paper", "originator_persons"), ("Membership", "person")],
    "Membership": [("Organization", "memberships")],
    "Meeting": [("Consultation", "meeting"), ("AgendaItem", "meeting"), ("File", "meetings_auxiliary")],
    "AgendaItem": [("Consultation", "agenda_item"), ("File", "agenda_items_auxiliary")],
    "Paper": [
        ("Paper", "related_papers"),
        ("Paper", "superordinated_papers"),
        ("Paper", "subordinated_papers"),
        ("Consultation", "paper"),
        # AgendaItem.consultation names a consultation only while its paper is visible.
        ("AgendaItem", "consultations__paper"),
        ("File", "papers_auxiliary"),
        ("File", "papers_main"),
    ],
    "Consultation": [("AgendaItem", "consultations")],
    "Location": [("Person", "location")],
}

# Soft-deleting a parent soft-deletes the objects it embeds (they have no life of their own).
SOFT_DELETE_CHILDREN: dict[str, list[tuple[str, str]]] = {
    "Body": [("LegislativeTerm", "body")],
    "Person": [("Membership", "person")],
    "Meeting": [("AgendaItem", "meeting")],
    "Paper": [("Consultation", "paper")],
}


def _model(name: str) -> type[models.Model]:
    return apps.get_model("council", name)


def _points_back(dependent: type[models.Model], lookup: str) -> bool:
    """Whether the changed object holds the foreign key (so a brand-new object can already be linked)."""
    if "__" in lookup:  # through another object, which a brand-new object cannot have yet
        return False
    field = dependent._meta.get_field(lookup)
    return field.auto_created and not field.concrete and field.one_to_many


def bump_dependents(
    model_name: str, pks: Iterable[int], *, visibility_changed: bool, created: bool = False, now=None
) -> None:
    """Set `modified` of every object whose OParl JSON changed because `pks` of `model_name` did."""
    pks = list(pks)
    if not pks:
        return
    now = now or timezone.now()
    targets = list(EMBEDDED_IN.get(model_name, ()))
    if visibility_changed or created:
        targets += REFERENCED_BY.get(model_name, ())
    for dependent_name, lookup in targets:
        dependent = _model(dependent_name)
        if created and not _points_back(dependent, lookup):
            continue  # nothing can refer to an object created a moment ago through its own table
        matching = dependent._base_manager.filter(**{f"{lookup}__in": pks})
        # The plain QuerySet.update: this is the bump itself, it must not recurse through OParlQuerySet.
        if dependent_name not in EMBEDDED_IN:
            models.QuerySet.update(dependent._base_manager.filter(pk__in=matching.values("pk")), modified=now)
            continue
        dependent_pks = list(matching.values_list("pk", flat=True).distinct())
        if dependent_pks:
            models.QuerySet.update(dependent._base_manager.filter(pk__in=dependent_pks), modified=now)
            bump_dependents(dependent_name, dependent_pks, visibility_changed=False, now=now)


def m2m_changed_handler(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A relation was added or removed: both ends' JSON (and what embeds them) changed."""
    from .base import OParlObject

    if action == "pre_clear":
        field = _field_for_through(sender)
        source, target = (
            (field.m2m_reverse_field_name(), field.m2m_field_name())
            if reverse
            else (
                field.m2m_field_name(),
                field.m2m_reverse_field_name(),
            )
        )
        instance._oparl_cleared = list(
            sender.objects.filter(**{f"{source}_id": instance.pk}).values_list(f"{target}_id", flat=True)
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_oparl_cleared", [])
    now = timezone.now()
    for obj_model, obj_pks in ((type(instance), [instance.pk]), (model, list(pk_set or []))):
        if issubclass(obj_model, OParlObject) and obj_pks:
            models.QuerySet.update(obj_model._base_manager.filter(pk__in=obj_pks), modified=now)
            bump_dependents(obj_model.__name__, obj_pks, visibility_changed=False, now=now)


_THROUGH_FIELDS: dict[type, models.ManyToManyField] = {}


def _field_for_through(through) -> models.ManyToManyField:
    return _THROUGH_FIELDS[through]


def connect_m2m_signals() -> None:
    from django.db.models.signals import m2m_changed

    from .base import OParlObject

    for model in apps.get_app_config("council").get_models():
        if not issubclass(model, OParlObject):
            continue
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            _THROUGH_FIELDS[through] = field
            m2m_changed.connect(m2m_changed_handler, sender=through, dispatch_uid=f"oparl-m2m-{through._meta.label}")
