"""The base of every OParl model: change tracking and soft deletion by construction.

- `modified` is set by `save()` and by every queryset `update()`; whatever embeds or lists the
  object is bumped too (see changes.py). The admin, the shell, services and the importer all go
  through these two paths, so none of them can leave `modified` behind.
- `delete()` on an object or a queryset only marks it `deleted` (with the objects it embeds);
  OParl clients then see it with `deleted: true`. Rows go away only with `hard_delete()`, used by
  the operator command `oparl_purge`.
- `was_public` remembers that an object has been published: an unpublished object is then shown
  to OParl clients as deleted, while an object that never was public stays unknown (404)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellkommune.core import page_cache

from .changes import SOFT_DELETE_CHILDREN, bump_dependents


class OParlQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted=False)

    def public(self):
        return self.filter(deleted=False, public=True)

    def update(self, **kwargs):
        kwargs.setdefault("modified", timezone.now())
        if kwargs.get("public") is True:
            kwargs["was_public"] = True
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        # No post_save for a queryset update: cached anonymous pages and OParl answers go stale explicitly.
        page_cache.changed("council", using=self.db)
        bump_dependents(
            self.model.__name__,
            pks,
            visibility_changed="deleted" in kwargs or "public" in kwargs,
            now=kwargs["modified"],
        )
        return count

    def delete(self):
        """Soft delete: mark as deleted (with embedded children), keep the rows."""
        pks = list(self.filter(deleted=False).values_list("pk", flat=True))
        if not pks:
            return 0, {}
        self.model._default_manager.filter(pk__in=pks).update(deleted=True)
        for child_name, fk in SOFT_DELETE_CHILDREN.get(self.model.__name__, ()):
            self.model._meta.apps.get_model("council", child_name)._default_manager.filter(
                **{f"{fk}__in": pks}
            ).delete()
        return len(pks), {self.model._meta.label: len(pks)}

    delete.queryset_only = True

    def hard_delete(self):
        """Remove the rows for good (operator purge only)."""
        return super().delete()


class OParlObject(models.Model):
    """Fields every OParl object has: soft delete, created/modified, keywords, public flag."""

    created = models.DateTimeField(_("angelegt"), default=timezone.now, db_index=True)
    modified = models.DateTimeField(_("geändert"), default=timezone.now, db_index=True, editable=False)
    deleted = models.BooleanField(_("gelöscht"), default=False, db_index=True)
    public = models.BooleanField(_("öffentlich"), default=True)
    was_public = models.BooleanField(_("war schon einmal öffentlich"), default=False, editable=False)
    keyword = models.JSONField(_("Schlagworte"), default=list, blank=True)
    # Id of the object on an imported OParl server (empty for our own objects).
    external_id = models.URLField(_("externe OParl-ID"), max_length=500, blank=True, db_index=True)

    objects = OParlQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.modified = timezone.now()
        if self.public:
            self.was_public = True
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = {*update_fields, "modified"}
            if "public" in update_fields:
                update_fields.add("was_public")
            kwargs["update_fields"] = update_fields
        visibility = (self.deleted, self.public)
        created = self._state.adding
        visibility_changed = not created and getattr(self, "_loaded_visibility", None) != visibility
        super().save(*args, **kwargs)
        self._loaded_visibility = visibility
        bump_dependents(
            type(self).__name__, [self.pk], visibility_changed=visibility_changed, created=created, now=self.modified
        )

    def delete(self, using=None, keep_parents=False):
        """Soft delete (OParl: deleted objects stay reachable with `deleted: true`)."""
        if self.deleted:
            return 0, {}
        self.deleted = True
        self.save(update_fields=["deleted"])
        for child_name, fk in SOFT_DELETE_CHILDREN.get(type(self).__name__, ()):
            self._meta.apps.get_model("council", child_name)._default_manager.filter(**{fk: self.pk}).delete()
        return 1, {self._meta.label: 1}

    def hard_delete(self):
        return super().delete()

    def touch(self) -> None:
        self.modified = timezone.now()

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_visibility = (self.__dict__.get("deleted"), self.__dict__.get("public"))

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._loaded_visibility = (obj.__dict__.get("deleted"), obj.__dict__.get("public"))
        return obj
