"""The reports room's sweeps, registered by ``ReportsConfig.ready``.

- ``kpi_rollup``: each closed day's KPI counts, written once (rollups.py).
- ``personal_data_purge``: the retention purge (court12368/retention.py), once a local day. It reaches into
  every room that keeps callers' data (calls and the call queue, SMS, orders); this room is the first
  above all of them, and the statistics it keeps are what the purge leaves whole.
"""

from court12368 import retention
from court12368.reports import rollups

SWEEPS = {
    "kpi_rollup": rollups.roll_up_closed_days,
    "personal_data_purge": retention.purge_once_a_day,
}
