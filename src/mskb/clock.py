"""Today's date for the build and the checker, reproducible with ``SOURCE_DATE_EPOCH``."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today_for_build() -> date:
    """Today, or the date in ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
