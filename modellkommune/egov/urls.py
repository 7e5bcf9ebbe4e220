"""URLs of the egov app (filled by its issue)."""

app_name = "egov"
urlpatterns: list = []
