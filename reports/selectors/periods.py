"""The periods the dialogue work is followed up over (issue 16), and the profile's rhythm.

- interim (delår): 1 January to 31 August of a year, as in the municipalities' interim report
  per 31 August [SOL: "respektive nämnds delårsrapport"];
- year: 1 January to 31 December (the annual report and bokslut) [SOL][HAG];
- term of office (mandatperiod): four years from 15 October of the election year to 14 October
  four years on, as kommunallagen 5 kap 5 § counts the council's term ("fyra år räknat från och
  med den 15 oktober valåret"). Elections are held every fourth year: 2018, 2022, 2026, ...; the
  term 2022–2026 runs from 2022-10-15 to 2026-10-14. (Committees often start their term on
  1 January after the election; the council's dates are used for everything.)

A period is half-open: `start` is its first day, `end` the first day after it. The day's
boundaries are local midnight (settings.TIME_ZONE) for what is stored as a moment.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

INTERIM, YEAR, TERM = "interim", "year", "term"
KINDS = (INTERIM, YEAR, TERM)
# An election year of the four-year cycle (every election year is this one plus 4n).
ELECTION_YEAR = 2022
TERM_START = (10, 15)
# The follow-up rhythm of the dialogue work (PolicyProfile.follow_up_rhythm_months) and the
# periods it asks a follow-up of.
RHYTHM_PERIODS = {6: (INTERIM, YEAR), 12: (YEAR,), 48: (TERM,)}
FIRST_YEAR, LAST_YEAR = 1900, 9000


def kind_labels() -> dict[str, str]:
    return {
        INTERIM: _("Interim (January to August)"),
        YEAR: _("Year"),
        TERM: _("Term of office"),
    }


def is_election_year(year: int) -> bool:
    return (year - ELECTION_YEAR) % 4 == 0


@dataclass(frozen=True)
class Period:
    kind: str
    year: int  # the year it starts in (a term: its election year)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown period kind {self.kind!r}")
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValueError(f"Year {self.year} out of range")
        if self.kind == TERM and not is_election_year(self.year):
            raise ValueError(f"{self.year} is not an election year")

    @property
    def start(self) -> date:
        if self.kind == TERM:
            return date(self.year, *TERM_START)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.kind == TERM:
            return date(self.year + 4, *TERM_START)
        if self.kind == INTERIM:
            return date(self.year, 9, 1)
        return date(self.year + 1, 1, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    def moments(self) -> tuple[datetime, datetime]:
        """The start and end as aware local midnights, for the moments stored (created_at ...)."""
        tz = timezone.get_current_timezone()
        return (
            timezone.make_aware(datetime.combine(self.start, time.min), tz),
            timezone.make_aware(datetime.combine(self.end, time.min), tz),
        )

    def previous(self) -> "Period":
        return Period(self.kind, self.year - (4 if self.kind == TERM else 1))

    @property
    def label(self) -> str:
        if self.kind == TERM:
            return _("term of office %(first)s–%(last)s") % {
                "first": self.year,
                "last": self.year + 4,
            }
        if self.kind == INTERIM:
            return _("January–August %(year)s") % {"year": self.year}
        return str(self.year)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.year}"

    def has_begun(self, today: date | None = None) -> bool:
        return self.start <= (today or timezone.localdate())

    def is_over(self, today: date | None = None) -> bool:
        return self.end <= (today or timezone.localdate())


def period_containing(kind: str, day: date) -> Period:
    if kind == TERM:
        year = day.year - (day.year - ELECTION_YEAR) % 4
        if day < date(year, *TERM_START):
            year -= 4
        return Period(TERM, year)
    return Period(kind, day.year)


def last_ended(kind: str, today: date | None = None) -> Period:
    """The latest period of this kind that is over on `today`."""
    today = today or timezone.localdate()
    period = period_containing(kind, today)
    while not period.is_over(today):
        period = period.previous()
    return period


def choosable_years(kind: str, today: date | None = None, count: int = 6) -> list[int]:
    """The start years offered in the form, newest first: periods that have begun."""
    today = today or timezone.localdate()
    period = period_containing(kind, today)
    years = []
    for _index in range(count):
        years.append(period.year)
        period = period.previous()
    return years


def parse(kind, year) -> Period | None:
    """The period from the form's values, or None when they make no period."""
    try:
        return Period(str(kind or YEAR), int(year))
    except (TypeError, ValueError, OverflowError):
        return None
