from django.urls import path, re_path

from . import views

# Included by council/urls.py under /oparl/v1.1/ (namespace "council").
urlpatterns = [
    path("oparl/v1.1/", views.system, name="oparl_system"),
    path("oparl/v1.1/body", views.body_list, name="oparl_body_collection"),
    path("oparl/v1.1/body/<int:pk>/<slug:kind>", views.body_sublist, name="oparl_body_list"),
    path("oparl/v1.1/file/<int:pk>/access", views.file_access, name="oparl_file_access"),
    path("oparl/v1.1/file/<int:pk>/download/<str:file_name>", views.file_download, name="oparl_file_download"),
    path("oparl/v1.1/<slug:kind>/<int:pk>", views.object_detail, name="oparl_object"),
    re_path(r"^oparl/(?P<rest>.*)$", views.not_found, name="oparl_not_found"),
]
