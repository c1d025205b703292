"""The notifications' sweeps, registered by ``NotificationsConfig.ready``: the outbox relay (retries,
expiry, rows whose worker died, lost enqueues)."""

from court12368.notifications import services

SWEEPS = {"sms_outbox": services.relay}
