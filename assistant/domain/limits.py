"""How much one visit may hold, and which calendar dates ptscribe accepts.

These caps turn absurd input into a clear refusal instead of a claim nobody would send:
100 x 97110 at 480 minutes once billed 3,200 units and $69,875 with exit 0. Each figure is a
clinic day, not a guess at what is typical, so no real visit comes near it.

- One service or timer segment: at most 480 minutes (a full 8-hour clinic day).
- One code across the visit (its services plus its timers): at most 480 minutes, which caps
  it at 32 timed units under either unit rule.
- The whole visit (every service and timer): at most 720 minutes (12 hours).
- At most 50 service entries and 500 timer segments.
- Dates and timer stamps between 1900-01-01 and 2199-12-31: date arithmetic on a plan of
  care that starts 9999-12-30, or a timer at year 1 with an offset, would overflow.
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, WithJsonSchema

MAX_SERVICE_MINUTES = 480
MAX_CODE_MINUTES = 480
MAX_UNITS_PER_CODE = MAX_CODE_MINUTES // 15
MAX_VISIT_MINUTES = 720
MAX_SERVICES = 50
MAX_SEGMENTS = 500

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)

CalendarDate = Annotated[date, Field(ge=EARLIEST, le=LATEST)]
# A timer stamp is ISO 8601 with or without a UTC offset (all of a visit's stamps carry one or
# none) and is echoed back without one: JSON Schema's "date-time" format demands an offset, so
# the published schema describes the stamp by its shape instead.
STAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$"
TimerStamp = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": STAMP_PATTERN,
            "description": "ISO 8601 date and time, e.g. 2025-06-02T09:33:00 (UTC offset optional)",
        }
    ),
]


def stamp_in_range(value: datetime) -> bool:
    return EARLIEST.year <= value.year <= LATEST.year
