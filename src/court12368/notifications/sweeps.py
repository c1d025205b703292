"""The outbox relay, run by the sweeper: retries, expiry, rows whose worker died, lost enqueues."""

from court12368.core import sweeper
from court12368.notifications import services


@sweeper.register("sms_outbox")
def relay_outbox() -> int:
    return services.relay()
