"""Events written into a day whose statistics may already be rolled up.

The statistics keep each closed day rolled up (reports' `KpiDay`); an event dated into such a day after all
(a back-dated write) must drop that day, or the day's figures would miss it. The services that write the
events the statistics count (timeline entries, deadline events, queued calls) call :func:`written`
explicitly; they sit below the reports room and may not import it, so the reports room names the one
function that acts on it when it is ready (:func:`on_written`).
"""

import datetime as dt
from collections.abc import Callable

Listener = Callable[[int, dt.datetime], None]
_listener: Listener | None = None


def on_written(listener: Listener) -> None:
    """Set what :func:`written` calls (the reports room's rollup, once, from its AppConfig.ready)."""
    global _listener
    _listener = listener


def written(court_id: int, at: dt.datetime) -> None:
    """An event of court ``court_id`` dated ``at`` was written: drop that day's rollup if there is one.
    Cheap in the usual case (an event dated now): no query unless the day may be rolled up."""
    if _listener is not None:
        _listener(court_id, at)
