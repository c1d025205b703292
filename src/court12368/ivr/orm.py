"""ORM work from the voice line's event loop (the SIP user agent and the FastAGI server)."""

from asgiref.sync import sync_to_async
from django.db import close_old_connections


def db(function):
    """Run blocking ORM work off the event loop, on a connection that is still good (long-lived process)."""

    def fresh(*args, **kwargs):
        close_old_connections()
        return function(*args, **kwargs)

    return sync_to_async(fresh, thread_sensitive=True)
