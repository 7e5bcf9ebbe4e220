"""URLs of the sensors app: the SensorThings API (api/urls.py), the MQTT broker hooks and the dashboards."""

from importlib.util import find_spec

from django.urls import include, path

from . import mqtt_auth, views

app_name = "sensors"
urlpatterns = [
    path("stadtdaten/", views.index, name="index"),
    path("stadtdaten/<str:code>/", views.sector, name="sector"),
    path("stadtdaten/<str:code>/karte.geojson", views.sector_map, name="sector_map"),
    # HTTP-auth hooks for the MQTT broker (mosquitto-go-auth, EMQX, VerneMQ): see mqtt_auth.py.
    path("sta/mqtt/auth/user", mqtt_auth.broker_user, name="mqtt_auth_user"),
    path("sta/mqtt/auth/superuser", mqtt_auth.broker_superuser, name="mqtt_auth_superuser"),
    path("sta/mqtt/auth/acl", mqtt_auth.broker_acl, name="mqtt_auth_acl"),
]
if find_spec("modellkommune.sensors.api.urls") is not None:
    urlpatterns.insert(0, path("", include("modellkommune.sensors.api.urls")))
