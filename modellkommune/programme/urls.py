"""URLs of the programme app (filled by its issue)."""

app_name = "programme"
urlpatterns: list = []
