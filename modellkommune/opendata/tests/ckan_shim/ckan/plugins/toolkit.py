"""The subset of ckan.plugins.toolkit that ckanext-dcat's parser reads."""

config: dict = {"ckan.locale_default": "de", "ckan.site_url": "http://ckan.example"}


class ObjectNotFound(Exception):
    pass


class NotAuthorized(Exception):
    pass


def asbool(value) -> bool:
    if isinstance(value, str):
        value = value.strip().lower()
        if value in ("true", "yes", "on", "y", "t", "1"):
            return True
        if value in ("false", "no", "off", "n", "f", "0", ""):
            return False
        raise ValueError(f"String is not true/false: {value!r}")
    return bool(value)


def aslist(value, sep=None, strip=True):
    if isinstance(value, str):
        parts = value.split(sep)
        return [p.strip() for p in parts] if strip else parts
    if isinstance(value, list | tuple):
        return list(value)
    return [] if value is None else [value]


_ACTIONS_WITHOUT_DATA = ("organization_show", "package_show", "package_search")


def get_action(name):
    """Like CKAN: KeyError for an action no plugin provides (ckanext-scheming is absent); the core actions
    exist but find nothing, since the shim has no database."""
    if name not in _ACTIONS_WITHOUT_DATA:
        raise KeyError(f"Action function {name} does not exist")

    def action(context=None, data_dict=None):
        raise ObjectNotFound(name)

    return action


def url_for(*args, **kwargs):
    raise RuntimeError("url_for is not available in the ckan test shim")


def _(text):
    return text


class _Helpers:
    def __getattr__(self, name):
        raise AttributeError(name)


h = _Helpers()


class _Missing:
    """CKAN's marker for a value absent from a validated dict."""

    def __repr__(self):
        return "<missing>"


missing = _Missing()


class StopOnError(Exception):
    pass


class Invalid(Exception):
    pass
