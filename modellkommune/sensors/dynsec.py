"""Broker clients and ACLs in Mosquitto's dynamic-security plugin (shipped with Mosquitto 2.0, no extra plugin).

The platform talks to the plugin as an MQTT client with the admin credentials of ``MQTT_DYNSEC_ADMIN_URL``
(commands on ``$CONTROL/dynamic-security/v1``, answers on ``…/response``). What it keeps there:

- one broker client per active API token: username ``sta-<token id>``, password = the token itself (the device
  knows nothing else). The broker stores only a salted PBKDF2 hash. The platform never stores the clear token,
  so a client can only be created or given a new password when the token is created or rotated.
- one role per sector (``sta-sector-<code>``) and per Thing (``sta-thing-<id>``) whose ACLs allow publishing to
  exactly ``v1.1/Datastreams(<id>)/Observations`` of that sector's / Thing's (Multi)Datastreams. A token's
  client holds the roles of its scope, so a new datastream needs two ACL additions, not one per token.
- the group ``sta-public`` (also the anonymous group): subscribing to ``v1.1/#`` is allowed, receiving anything
  of an internal datastream is denied. The platform's own client (``MQTT_URL``) gets ``sta-platform``:
  publish notifications, subscribe (shared) to observations.

Every function here is a no-op when ``MQTT_DYNSEC_ADMIN_URL`` is empty. See docs/sensors.md, "MQTT".
"""

from __future__ import annotations

import json
import logging
import queue
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from .mqtt import Broker, broker_from_url, make_client

logger = logging.getLogger(__name__)

CONTROL_TOPIC = "$CONTROL/dynamic-security/v1"
RESPONSE_TOPIC = f"{CONTROL_TOPIC}/response"
TIMEOUT = 5.0
PUBLIC_GROUP = "sta-public"
PUBLIC_ROLE = "sta-public"
PLATFORM_ROLE = "sta-platform"
CLIENT_PREFIX = "sta-"
ROLE_PREFIXES = ("sta-sector-", "sta-thing-")
ALL_ROLE = "sta-all"
# Dynamic-security topics know only + and #: a global token may publish to any "v1.1/<one level>/Observations";
# the listener takes only Datastreams(<id>) and MultiDatastreams(<id>) from it.
ALL_STREAM_PATTERNS = ("v1.1/+",)

PUBLIC_ACLS = [
    {"acltype": "subscribePattern", "topic": "v1.1/#", "priority": 0, "allow": True},
    {"acltype": "unsubscribePattern", "topic": "#", "priority": 0, "allow": True},
]
PLATFORM_ACLS = [
    {"acltype": "publishClientSend", "topic": "v1.1/#", "priority": 0, "allow": True},
    {"acltype": "subscribePattern", "topic": "v1.1/#", "priority": 0, "allow": True},
    {"acltype": "subscribePattern", "topic": "$share/#", "priority": 0, "allow": True},
    {"acltype": "publishClientReceive", "topic": "#", "priority": 0, "allow": True},
]


class DynsecError(RuntimeError):
    pass


def admin_broker() -> Broker | None:
    return broker_from_url(getattr(settings, "MQTT_DYNSEC_ADMIN_URL", "") or "")


def enabled() -> bool:
    return admin_broker() is not None


def client_username(token) -> str:
    return f"{CLIENT_PREFIX}{token.pk}"


def sector_role(code: str) -> str:
    return f"sta-sector-{code}"


def thing_role(thing_id: int) -> str:
    return f"sta-thing-{thing_id}"


def stream_topic(stream) -> str:
    kind = "Datastreams" if type(stream).__name__ == "Datastream" else "MultiDatastreams"
    return f"v1.1/{kind}({stream.pk})/Observations"


def _publish_acl(topic: str) -> dict:
    return {"acltype": "publishClientSend", "topic": topic, "priority": 0, "allow": True}


def _hidden_acls(topic: str) -> list[dict]:
    """Deny receiving an internal datastream's topics (its own observations and anything below it)."""
    base = topic.rsplit("/", 1)[0]
    return [
        {"acltype": "publishClientReceive", "topic": topic, "priority": 10, "allow": False},
        {"acltype": "publishClientReceive", "topic": f"{base}/#", "priority": 10, "allow": False},
    ]


class Session:
    """One admin connection; ``run`` sends a list of commands and returns the plugin's responses in order."""

    def __init__(self, broker: Broker):
        self.broker = broker
        self.answers: queue.Queue = queue.Queue()
        self.client = make_client(broker, client_id=f"modellkommune-dynsec-{uuid.uuid4().hex[:8]}")

    def __enter__(self) -> Session:
        import threading

        ready = threading.Event()
        failed: list[str] = []

        def on_connect(client, userdata, flags, reason_code, properties=None):
            if reason_code.is_failure:
                failed.append(str(reason_code))
                ready.set()
                return
            client.subscribe(RESPONSE_TOPIC, qos=1)

        self.client.on_connect = on_connect
        self.client.on_subscribe = lambda *args: ready.set()
        self.client.on_message = lambda c, u, message: self.answers.put(message.payload)
        try:
            self.client.connect(self.broker.host, self.broker.port, keepalive=30)
        except OSError as exc:
            raise DynsecError(f"broker {self.broker.display} not reachable: {exc}") from exc
        self.client.loop_start()
        if not ready.wait(TIMEOUT) or failed:
            self.close()
            raise DynsecError(f"dynamic-security admin login at {self.broker.display} failed: {failed or 'timeout'}")
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def run(self, commands: list[dict]) -> list[dict]:
        if not commands:
            return []
        marker = uuid.uuid4().hex
        for index, command in enumerate(commands):
            command["correlationData"] = f"{marker}-{index}"
        self.client.publish(CONTROL_TOPIC, json.dumps({"commands": commands}), qos=1)
        responses: dict[str, dict] = {}
        while len(responses) < len(commands):
            try:
                payload = self.answers.get(timeout=TIMEOUT)
            except queue.Empty as exc:
                raise DynsecError("no answer from the dynamic-security plugin (is it loaded?)") from exc
            for response in json.loads(payload).get("responses", []):
                if str(response.get("correlationData", "")).startswith(marker):
                    responses[response["correlationData"]] = response
        return [responses[f"{marker}-{i}"] for i in range(len(commands))]

    def check(self, commands: list[dict], *, tolerate: Iterable[str] = ()) -> list[dict]:
        """Run and raise on an error other than those in ``tolerate`` (e.g. "Role already exists")."""
        results = self.run(commands)
        for command, result in zip(commands, results, strict=True):
            error = result.get("error")
            if error and not any(t in error for t in tolerate):
                raise DynsecError(f"{command['command']}: {error}")
        return results


def _session() -> Session | None:
    broker = admin_broker()
    return Session(broker) if broker else None


# --- desired state, computed from the database ------------------------------------------------------


def desired_role_acls() -> dict[str, list[dict]]:
    """Role name -> publish ACLs for every sector and every Thing that has (multi)datastreams."""
    from .models import Datastream, MultiDatastream

    roles: dict[str, list[dict]] = {}
    for model in (Datastream, MultiDatastream):
        for stream in model.objects.select_related("sector").order_by("id"):
            acl = _publish_acl(stream_topic(stream))
            roles.setdefault(sector_role(stream.sector.code), []).append(acl)
            roles.setdefault(thing_role(stream.thing_id), []).append(acl)
    return roles


def token_roles(token) -> list[dict]:
    names = [sector_role(code) for code in token.scope_sectors] + [thing_role(int(t)) for t in token.scope_things]
    if getattr(token, "scope_all", False):  # a global token (the town's own gateway): every datastream
        names.insert(0, ALL_ROLE)
    return [{"rolename": name, "priority": 0} for name in names]


def _hidden_topics() -> list[str]:
    from .models import Datastream, MultiDatastream

    return [stream_topic(s) for model in (Datastream, MultiDatastream) for s in model.objects.filter(internal=True)]


# --- hooks for the token and datastream services ----------------------------------------------------


def role_acls(rolename: str) -> list[dict]:
    """The publish ACLs of one sector or Thing role, from the database."""
    from .models import Datastream, MultiDatastream

    if rolename == ALL_ROLE:
        return [_publish_acl(f"{kind}/Observations") for kind in ALL_STREAM_PATTERNS]
    if rolename.startswith("sta-sector-"):
        lookup = {"sector__code": rolename.removeprefix("sta-sector-")}
    elif rolename.startswith("sta-thing-") and rolename.removeprefix("sta-thing-").isdigit():
        lookup = {"thing_id": int(rolename.removeprefix("sta-thing-"))}
    else:
        return []
    return [
        _publish_acl(stream_topic(stream))
        for model in (Datastream, MultiDatastream)
        for stream in model.objects.filter(**lookup).order_by("id")
    ]


def _ensure_roles(session: Session, roles: list[dict]) -> None:
    """Create missing roles with their ACLs as they are now; existing ones are kept (stream_acl_add, sync)."""
    session.check(
        [{"command": "createRole", "rolename": r["rolename"], "acls": role_acls(r["rolename"])} for r in roles],
        tolerate=["already exists"],
    )


def token_client_sync(*, token, raw: str | None = None) -> None:
    """Create or update the broker client of ``token`` (password only when ``raw`` is given), or delete it
    when the token is inactive. Runs after the surrounding transaction commits; errors are logged."""
    if not enabled():
        return
    transaction.on_commit(lambda: _quietly(_token_client_sync, token, raw))


def _token_client_sync(token, raw: str | None) -> None:
    with _session() as session:
        _client_apply(session, token, raw)


def _client_apply(session: Session, token, raw: str | None) -> str:
    """Bring one token's client in line; returns what happened ("created", "updated", "deleted", "missing")."""
    username = client_username(token)
    if not token.active:
        session.check([{"command": "deleteClient", "username": username}], tolerate=["not found"])
        return "deleted"
    roles = token_roles(token)
    _ensure_roles(session, roles)
    found = session.run([{"command": "getClient", "username": username}])[0]
    if found.get("error"):
        if raw is None:
            return "missing"  # only a rotation can tell the broker a password again
        session.check(
            [
                {
                    "command": "createClient",
                    "username": username,
                    "password": raw,
                    "textname": token.name[:100],
                    "roles": roles,
                    "groups": [{"groupname": PUBLIC_GROUP, "priority": 0}],
                }
            ]
        )
        return "created"
    have = sorted(r["rolename"] for r in found.get("data", {}).get("client", {}).get("roles", []))
    commands = []
    if have != sorted(r["rolename"] for r in roles):  # only then: modifying a client may disconnect it
        commands.append({"command": "modifyClient", "username": username, "roles": roles})
    if raw is not None:
        commands.append({"command": "setClientPassword", "username": username, "password": raw})
        commands.append({"command": "enableClient", "username": username})
    session.check(commands)
    return "updated" if commands else "unchanged"


def token_client_remove(*, token) -> None:
    """Delete the broker client of a revoked token and disconnect it (the plugin kicks connected clients)."""
    if not enabled():
        return
    username = client_username(token)

    def remove():
        with _session() as session:
            session.check([{"command": "deleteClient", "username": username}], tolerate=["not found"])

    transaction.on_commit(lambda: _quietly(remove))


def stream_acl_add(*, stream) -> None:
    """A new (multi)datastream: allow publishing for its sector's and Thing's roles; hide it when internal."""
    if not enabled():
        return
    topic = stream_topic(stream)
    roles = [sector_role(stream.sector.code), thing_role(stream.thing_id)]
    internal = bool(stream.internal)

    def add():
        with _session() as session:
            _ensure_roles(session, [{"rolename": r} for r in roles])
            session.check(
                [{"command": "addRoleACL", "rolename": r, **_publish_acl(topic)} for r in roles],
                tolerate=["already exists"],
            )
            if internal:
                session.check(
                    [{"command": "addRoleACL", "rolename": PUBLIC_ROLE, **acl} for acl in _hidden_acls(topic)],
                    tolerate=["already exists"],
                )

    transaction.on_commit(lambda: _quietly(add))


def _quietly(func, *args) -> None:
    try:
        func(*args)
    except Exception:  # noqa: BLE001 - the broker being down must not fail a token or datastream write
        logger.exception("MQTT dynamic-security update failed; run `manage.py mqtt_dynsec_sync`")


# --- full sync ----------------------------------------------------------------------------------------


def sync_all(*, platform: Broker | None = None) -> dict:
    """Make the broker match the database: base roles and groups, the platform client, every sector/Thing
    role's ACLs, every token's client. Returns counts and the tokens whose client is missing (rotate them)."""
    from .models import ApiToken

    report = {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "deleted": 0,
        "missing": [],
        "acls_added": 0,
        "acls_removed": 0,
    }
    with _session() as session:
        bootstrap(session, platform)
        desired = desired_role_acls()
        desired[ALL_ROLE] = role_acls(ALL_ROLE)
        known = session.run([{"command": "listRoles", "verbose": False, "count": -1, "offset": 0}])[0]
        existing_roles = set(known.get("data", {}).get("roles", []))
        for name in existing_roles:
            if name.startswith(ROLE_PREFIXES) and name not in desired:
                desired[name] = []  # a sector or Thing without datastreams today keeps an empty role
        for name, acls in desired.items():
            added, removed = _role_apply(session, name, acls, existing=name in existing_roles)
            report["acls_added"] += added
            report["acls_removed"] += removed
        hidden = [acl for topic in _hidden_topics() for acl in _hidden_acls(topic)]
        added, removed = _role_apply(session, PUBLIC_ROLE, PUBLIC_ACLS + hidden, existing=True)
        report["acls_added"] += added
        report["acls_removed"] += removed
        tokens = {client_username(t): t for t in ApiToken.objects.all()}
        listed = session.run([{"command": "listClients", "verbose": False, "count": -1, "offset": 0}])[0]
        for username in listed.get("data", {}).get("clients", []):
            if (
                username.startswith(CLIENT_PREFIX)
                and username[len(CLIENT_PREFIX) :].isdigit()
                and username not in tokens
            ):
                session.check([{"command": "deleteClient", "username": username}], tolerate=["not found"])
                report["deleted"] += 1
        for token in tokens.values():
            outcome = _client_apply(session, token, None)
            if outcome == "missing":
                report["missing"].append(token.name)
            else:
                report[outcome] += 1
    return report


def _role_apply(session: Session, name: str, acls: list[dict], *, existing: bool) -> tuple[int, int]:
    if not existing:
        session.check([{"command": "createRole", "rolename": name, "acls": []}], tolerate=["already exists"])
    role = session.check([{"command": "getRole", "rolename": name}])[0].get("data", {}).get("role", {})
    have = {(a["acltype"], a["topic"]): a for a in role.get("acls", [])}
    want = {(a["acltype"], a["topic"]): a for a in acls}
    remove = [k for k, a in have.items() if k not in want or bool(a.get("allow")) != bool(want[k]["allow"])]
    session.check([{"command": "removeRoleACL", "rolename": name, "acltype": t, "topic": topic} for t, topic in remove])
    add = [a for k, a in want.items() if k not in have or k in remove]
    session.check([{"command": "addRoleACL", "rolename": name, **a} for a in add])
    return len(add), len(remove)


def bootstrap(session: Session, platform: Broker | None) -> None:
    """The public group (also for anonymous clients) and the platform's own client (MQTT_URL's credentials)."""
    session.check(
        [
            {"command": "createRole", "rolename": PUBLIC_ROLE, "acls": []},
            {"command": "createRole", "rolename": PLATFORM_ROLE, "acls": PLATFORM_ACLS},
            {"command": "createGroup", "groupname": PUBLIC_GROUP, "roles": [{"rolename": PUBLIC_ROLE}]},
        ],
        tolerate=["already exists"],
    )
    _role_apply(session, PLATFORM_ROLE, PLATFORM_ACLS, existing=True)
    session.check(
        [{"command": "addRoleACL", "rolename": PUBLIC_ROLE, **acl} for acl in PUBLIC_ACLS], tolerate=["already exists"]
    )
    session.check([{"command": "setAnonymousGroup", "groupname": PUBLIC_GROUP}])
    if platform is not None and platform.username and platform.password:
        results = session.run(
            [
                {
                    "command": "createClient",
                    "username": platform.username,
                    "password": platform.password,
                    "textname": "Modellkommune platform (listener, notifications)",
                    "roles": [{"rolename": PLATFORM_ROLE, "priority": 0}],
                }
            ]
        )
        if results[0].get("error"):  # exists: give it the platform role; its password is the operator's business
            client = session.check([{"command": "getClient", "username": platform.username}])[0]["data"]["client"]
            roles = [r["rolename"] for r in client.get("roles", [])]
            if PLATFORM_ROLE not in roles:
                session.check(
                    [
                        {
                            "command": "modifyClient",
                            "username": platform.username,
                            "roles": [{"rolename": r} for r in [*roles, PLATFORM_ROLE]],
                        }
                    ]
                )
