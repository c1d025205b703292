"""The line's SIP edge (issue 25, item 3, in part): who may send it requests, and how many new calls.

Calls come from the carrier's trunk or the court's SBC, never from anywhere on the internet: requests from
other addresses (COURT12368_SIP_ALLOWED, loopback by default) get 403 Forbidden and start nothing. A source
that opens more than COURT12368_SIP_INVITES_PER_MINUTE new calls in a minute (a flood, a scanner, a
misrouted loop) gets 503 with Retry-After until the minute has passed, and the calls it already has go on.
"""

import time
from collections import defaultdict, deque

from court12368.ivr.networks import Network, is_allowed

WINDOW = 60.0


class Edge:
    def __init__(self, networks: list[Network], invites_per_minute: int, clock=time.monotonic):
        self.networks, self.invites_per_minute, self.clock = networks, invites_per_minute, clock
        self.recent: dict[str, deque] = defaultdict(deque)

    def admits(self, host: str) -> bool:
        return is_allowed(host, self.networks)

    def new_call(self, host: str) -> bool:
        """Count a new INVITE from ``host``; False when it is over its rate."""
        now = self.clock()
        recent = self.recent[host]
        while recent and now - recent[0] >= WINDOW:
            recent.popleft()
        if len(recent) >= self.invites_per_minute:
            return False
        recent.append(now)
        if len(self.recent) > 10_000:  # forget quiet sources rather than grow without bound
            for quiet in [h for h, times in self.recent.items() if not times]:
                del self.recent[quiet]
        return True
