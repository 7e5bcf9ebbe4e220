"""Periodic job: keep the generated datasets of the catalogue current (see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task
def catalogue_sync() -> dict:
    from .services import catalogue_sync as sync

    return sync()
