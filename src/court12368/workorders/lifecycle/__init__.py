"""Every write to a work order, in stages, and the one table that says which may happen when.

- ``transitions``: the state machine (action → from-states, next state, whose leave, reason needed),
  ``allowed_actions(order, principal)`` and the one refusal, ``NotAllowed``.
- ``public``: the order's status in the public's words, the same for every channel.
- ``intake``: a call becomes an order; repeat calls; the caller adds to it.
- ``handling``: dispatch (by the rules or by hand), acknowledge, reply, transfer, return.
- ``closing``: resolve, inform the caller, the callback or the requester's rating, close.
- ``forwarding``: an order goes to another court's line, overseen by the forwarding court.
- ``petitions``: a petition's own clocks under 信访工作条例 (acceptance, handling, review).
- ``policy``: the court's deadline policy, its clock and its routing table.
- ``timeline``: the row lock, the timeline entry and the clock's event row every stage writes.

Callers import the stage they need (``from court12368.workorders.lifecycle import handling``).
"""

from court12368.workorders.lifecycle.public import public_status
from court12368.workorders.lifecycle.transitions import TRANSITIONS, NotAllowed, allowed_actions

__all__ = ["TRANSITIONS", "NotAllowed", "allowed_actions", "public_status"]
