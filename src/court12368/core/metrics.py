"""Prometheus metrics at /metrics: requests counted by each web process, and the platform's state read
from the database at each scrape (queue depth, overdue orders, SMS failures, the sweepers' last rounds).

Apps register their gauges with ``@gauge``, as they register sweeps. Under gunicorn each worker process
writes its request counts to ``PROMETHEUS_MULTIPROC_DIR`` (set by ``court12368 web``/``serve``, see
gunicorn_conf.py) and a scrape sums them, so the figures do not depend on which worker answers."""

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from court12368 import config

Reading = Iterable[tuple[dict[str, str], float]]  # (labels, value)
_gauges: dict[str, tuple[str, tuple[str, ...], Callable[[], Reading]]] = {}

_requests_registry = CollectorRegistry()
REQUESTS = Counter(
    "court12368_http_requests", "HTTP requests answered, by method and status class",
    ["method", "status"], registry=_requests_registry,
)  # fmt: skip
LATENCY = Histogram(
    "court12368_http_request_duration_seconds", "Time to answer, by route",
    ["route"], registry=_requests_registry,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
)  # fmt: skip


def gauge(name: str, help_text: str, labels: tuple[str, ...] = ()):
    """Register a function returning ``(labels, value)`` pairs, read at every scrape."""

    def register(read: Callable[[], Reading]):
        _gauges[name] = (help_text, labels, read)
        return read

    return register


class _DatabaseGauges:
    def collect(self):
        for name, (help_text, labels, read) in _gauges.items():
            family = GaugeMetricFamily(name, help_text, labels=list(labels))
            for label_values, value in read():
                family.add_metric([label_values[label] for label in labels], value)
            yield family


def exposition() -> bytes:
    """The text a Prometheus scrape gets."""
    if config.read_str("PROMETHEUS_MULTIPROC_DIR"):  # set by gunicorn_conf.py for the workers it forks
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = _requests_registry
    platform = CollectorRegistry()
    platform.register(_DatabaseGauges())
    return generate_latest(requests) + generate_latest(platform)
