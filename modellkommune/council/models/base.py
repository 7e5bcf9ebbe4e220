from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OParlQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted=False)

    def public(self):
        return self.filter(deleted=False, public=True)


class OParlObject(models.Model):
    """Fields every OParl object has: soft delete, created/modified, keywords, public flag.

    `modified` is set by services (not auto_now) so an importer can keep the source's dates."""

    created = models.DateTimeField(_("angelegt"), default=timezone.now, db_index=True)
    modified = models.DateTimeField(_("geändert"), default=timezone.now, db_index=True)
    deleted = models.BooleanField(_("gelöscht"), default=False, db_index=True)
    public = models.BooleanField(_("öffentlich"), default=True)
    keyword = models.JSONField(_("Schlagworte"), default=list, blank=True)
    # Id of the object on an imported OParl server (empty for our own objects).
    external_id = models.URLField(_("externe OParl-ID"), max_length=500, blank=True, db_index=True)

    objects = OParlQuerySet.as_manager()

    class Meta:
        abstract = True

    def touch(self) -> None:
        self.modified = timezone.now()
