from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from modellkommune.core.views_media import media_serve

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Modellkommune – Verwaltung"
admin.site.site_title = "Modellkommune"

urlpatterns = [
    # The SensorThings API first: Django tries the patterns in order, and its requests (machines polling, every
    # few seconds) are the most frequent and the shortest; its paths (sta/, stadtdaten/) match nothing else.
    path("", include("modellkommune.sensors.urls")),
    path("", include("modellkommune.core.urls")),
    # Uploaded files, after the owning app's permission check; nginx sends the bytes (X-Accel-Redirect).
    path(settings.MEDIA_URL.lstrip("/") + "<path:name>", media_serve, name="media"),
    path("admin/", admin.site.urls),
    path("konto/", include("modellkommune.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Each domain app owns its own paths (pages and its standard API).
    path("", include("modellkommune.council.urls")),
    path("", include("modellkommune.egov.urls")),
    path("", include("modellkommune.egov.appointments.urls")),
    path("", include("modellkommune.egov.reports.urls")),
    path("", include("modellkommune.opendata.urls")),
    path("", include("modellkommune.programme.urls")),
    path("", include("modellkommune.participation.urls")),
    path("", include("modellkommune.portal.urls")),
]

handler404 = "modellkommune.portal.views.error_404"
handler500 = "modellkommune.portal.views.error_500"
