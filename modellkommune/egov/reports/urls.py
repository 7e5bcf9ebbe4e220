"""URLs of the reports app (filled by its issue)."""

app_name = "reports"
urlpatterns: list = []
