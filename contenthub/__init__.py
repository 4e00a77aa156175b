"""Omnichannel content hub: write municipal content once, every channel gives the same answer."""

from contenthub.celery import app as celery_app

__all__ = ["celery_app"]
