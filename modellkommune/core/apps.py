from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "modellkommune.core"
    label = "core"
    verbose_name = _("Grundlagen")

    def ready(self):
        from django.core.signals import request_started
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401 - registers the deploy checks (manage.py check --deploy)
        from .db_timeout import reset_for_pages
        from .geometry_sql import register_sqlite_functions
        from .page_cache import connect_signals
        from .services import site_sync

        # SQLite has no spatial functions: shapely's are registered in each connection (core/geometry_sql.py).
        connection_created.connect(register_sqlite_functions, dispatch_uid="modellkommune.core.geometry_sql")

        # The API's statement_timeout stays on a connection between API requests; pages run without it.
        request_started.connect(reset_for_pages, dispatch_uid="modellkommune.core.db_timeout")

        # After django.contrib.sites created its "example.com" default (sites is installed before core).
        post_migrate.connect(site_sync, sender=self, dispatch_uid="modellkommune.core.site_sync")
        # Cached anonymous pages go stale when the data behind them changes (core/page_cache.py).
        connect_signals()
