"""The courts' sweep (``SWEEPS``, registered by ``CourtsConfig.ready``): the years a deadline started today
can reach get their statutory holidays stored, computed from the holiday rules and marked provisional,
until the State Council's arrangement is entered (courts/holidays.py). A no-op once they are there."""

from court12368.courts import holidays

SWEEPS = {"holiday_years": holidays.provide_coming_years}
