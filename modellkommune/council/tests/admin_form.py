"""Submit a Django admin change form the way a browser does: every field as rendered, one changed."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._option: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data.removeprefix("\n") if not self.data[self._textarea][0] else data


def admin_change(client, url: str, changes: dict[str, str]):
    """GET the admin change page at `url`, change some fields, POST it back; return the response."""
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    form_id = url.strip("/").split("/")[2] + "_form"  # /admin/<app>/<model>/<pk>/change/
    parser = _FormParser(form_id=form_id)
    parser.feed(html)
    data = {k: v if len(v) != 1 else v[0] for k, v in parser.data.items()}
    data.update(changes)
    data["_save"] = "Sichern"
    response = client.post(url, data)
    if response.status_code == 200:  # the form came back with errors: show them
        errors = [line.strip() for line in response.content.decode().splitlines() if "errorlist" in line]
        raise AssertionError(f"admin form rejected: {errors[:10]}")
    return response
