"""Embedded default for a newcomer's laptop: SQLite, in-process tasks, database search."""

from contenthub.conf.base import *  # noqa: F401,F403
from contenthub.conf.base import DATABASES

DEBUG = True
DATABASES["default"].setdefault("OPTIONS", {})
