from court12368.workorders.queries import unreliable_deadline_count


def deadline_warnings(request) -> dict:
    """For administrators: how many open orders have deadlines in a year whose holidays are not entered."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_administrator):
        return {}
    return {"unreliable_deadlines": unreliable_deadline_count()}
