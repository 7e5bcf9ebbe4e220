from django.urls import path, re_path

from modellkommune.core import converters  # noqa: F401 - registers <dbid:…>

from . import views

# Included by council/urls.py under /oparl/v1.1/ (namespace "council").
urlpatterns = [
    path("oparl/v1.1/", views.system, name="oparl_system"),
    path("oparl/v1.1/body", views.body_list, name="oparl_body_collection"),
    path("oparl/v1.1/body/<dbid:pk>/<slug:kind>", views.body_sublist, name="oparl_body_list"),
    path("oparl/v1.1/file/<dbid:pk>/access", views.file_access, name="oparl_file_access"),
    path("oparl/v1.1/file/<dbid:pk>/download/<str:file_name>", views.file_download, name="oparl_file_download"),
    path("oparl/v1.1/<slug:kind>/<dbid:pk>", views.object_detail, name="oparl_object"),
    re_path(r"^oparl/(?P<rest>.*)$", views.not_found, name="oparl_not_found"),
]
