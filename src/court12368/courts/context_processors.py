from court12368.courts.queries import missing_holiday_years


def admin_warnings(request) -> dict:
    """Warnings every page shows to administrators (and only to them)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_administrator):
        return {}
    return {"missing_holiday_years": missing_holiday_years()}
