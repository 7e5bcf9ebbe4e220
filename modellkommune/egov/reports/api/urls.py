"""Open311 GeoReport v2 under /open311/v2/; every resource as .json and .xml."""

from django.urls import path, re_path

from . import views

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("open311/v2/", views.root, name="open311_root"),
    re_path(r"^open311/v2/discovery" + FMT, views.discovery, name="open311_discovery"),
    re_path(r"^open311/v2/services" + FMT, views.service_list, name="open311_services"),
    re_path(r"^open311/v2/services/(?P<code>[-\w]+)" + FMT, views.service_definition, name="open311_service"),
    re_path(r"^open311/v2/requests" + FMT, views.requests, name="open311_requests"),
    re_path(r"^open311/v2/requests/(?P<pk>[-\w]+)" + FMT, views.request_detail, name="open311_request"),
    re_path(r"^open311/v2/servicerequestupdates" + FMT, views.request_updates, name="open311_request_updates"),
    re_path(r"^open311/v2/tokens/(?P<token>[-\w]+)" + FMT, views.token_detail, name="open311_token"),
]
