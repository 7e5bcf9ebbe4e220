"""Periodic job: a daily snapshot of the maturity indicators (history of the self-assessment)."""

from celery import shared_task

from .services import indicators_snapshot_take


@shared_task
def indicators_snapshot() -> int:
    return indicators_snapshot_take()
