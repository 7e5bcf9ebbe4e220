"""Periodic work of the sensors app."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def dynsec_sync() -> dict | None:
    """Bring Mosquitto's dynamic security in line with the database (changes made in the admin, a broker that was
    down during a token or datastream write). No-op without MQTT_DYNSEC_ADMIN_URL."""
    from . import dynsec
    from .mqtt import mqtt_broker

    if not dynsec.enabled():
        return None
    report = dynsec.sync_all(platform=mqtt_broker())
    if report["missing"]:
        logger.warning("MQTT tokens without broker client (rotate them): %s", ", ".join(report["missing"]))
    return report
