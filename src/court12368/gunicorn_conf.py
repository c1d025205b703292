"""gunicorn hooks for ``court12368 web`` and ``serve``: the worker processes' request metrics are pooled
in one folder (prometheus_client's multiprocess mode), so a scrape sums every worker's counts."""

import os
import shutil

from court12368.config import read_str  # not `config`: gunicorn takes that module name for its own setting
from court12368.datadir import PRIVATE_UMASK, data_dir

# Uploads, exports and the metrics files are the owner's only, however gunicorn was started.
umask = PRIVATE_UMASK
os.umask(PRIVATE_UMASK)


def on_starting(server):
    """Before the workers fork: a fresh metrics folder (counts restart with the server, as Prometheus
    expects of a counter). prometheus_client in every worker finds the folder in the environment."""
    folder = read_str("PROMETHEUS_MULTIPROC_DIR") or str(data_dir() / "metrics")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, mode=0o700, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
