"""The cases room's sweeps, registered by ``CasesConfig.ready``: the day-before hearing reminders."""

from court12368.cases import reminders

SWEEPS = {"hearing_reminders": reminders.remind_hearings}
