"""CKAN installs simplejson; ckanext.dcat.utils imports it. The standard library's json is API-compatible here."""

from json import *  # noqa: F403
from json import dumps, loads  # noqa: F401
