from django.core.management.base import BaseCommand, CommandError

from court12368.courts import holiday_rules, holidays


class Command(BaseCommand):
    help = (
        "Store the statutory holidays of years that have no table yet, computed from the national holiday "
        "rules and marked provisional (default: this year and the years a deadline can reach). The sweeper "
        "does the same every round; entered years are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, years, **options):
        outside = [year for year in years if not holiday_rules.governs(year)]
        if outside:
            raise CommandError(
                f"the holiday rules in force govern {holiday_rules.FIRST_RULES_YEAR}-"
                f"{holiday_rules.LAST_RULES_YEAR}: {outside}"
            )
        stored = holidays.store_provisional_years(years or None)
        self.stdout.write(f"stored provisionally: {stored or 'none (every year already has a table)'}")
