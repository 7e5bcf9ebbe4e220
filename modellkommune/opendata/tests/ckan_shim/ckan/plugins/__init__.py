from . import toolkit  # noqa: F401
from .interfaces import Interface  # noqa: F401


class SingletonPlugin:
    pass


def implements(*args, **kwargs):
    return None


class PluginImplementations(list):
    """No plugins are loaded in the shim."""

    def __init__(self, interface):
        super().__init__()
