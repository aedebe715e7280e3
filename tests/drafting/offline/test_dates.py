"""The date of service in the text: written and spoken forms, labels, other events' dates,
dates relative to today and stated dates that are no dates."""

from datetime import date

import pytest

from assistant.drafting.offline.dates import read_dates

TODAY = date(2025, 6, 10)

# (text, the date of service read, or None) -- one row per form or trap.
READ = [
    # written forms
    ("DOS 6/2/2025", date(2025, 6, 2)),
    ("Date of service: 06/02/25", date(2025, 6, 2)),
    ("DOS: 06-02-2025", date(2025, 6, 2)),
    ("2025-06-02 daily note", date(2025, 6, 2)),
    ("Seen June 2, 2025 for f/u", date(2025, 6, 2)),
    ("Daily note June 2 2025.", date(2025, 6, 2)),
    ("Visit on 4 March 2025, knee pain", date(2025, 3, 4)),
    ("Treated the 4th of March, 2025", date(2025, 3, 4)),
    ("Note for Mar 4th '25", date(2025, 3, 4)),
    ("Sept. 30, 2024: TherEx 20 min", date(2024, 9, 30)),
    # spoken forms
    ("Date of service March fourth twenty twenty five.", date(2025, 3, 4)),
    ("This is the fourth of March, two thousand twenty five.", date(2025, 3, 4)),
    ("Visit June twenty first twenty twenty-four", date(2024, 6, 21)),
    ("seen on the thirtieth of April two thousand and twenty five", date(2025, 4, 30)),
    # no year: the latest such day on or before today
    ("Mar 4th: TherEx 20 min", date(2025, 3, 4)),
    ("DOS 6/2", date(2025, 6, 2)),
    ("DOS 12/24", date(2024, 12, 24)),
    # relative to today, when labelled
    ("DOS: yesterday", date(2025, 6, 9)),
    ("Pt seen today for knee pain", TODAY),
    ("Date of service today.", TODAY),
    ("Pain worse since yesterday.", None),
    # the visit's date wins over other events' dates
    ("s/p R TKA 5/1/2025. DOS 6/2/2025", date(2025, 6, 2)),
    ("DOB 4/12/1950, seen 6/2/2025", date(2025, 6, 2)),
    ("DOB: 4/12/1956. TherEx 20 min", None),
    ("s/p R TKA on 5/1/2025, pain 3/10", None),
    ("Date of surgery: March 3, 2025. Daily note 6/2/25", date(2025, 6, 2)),
    ("Next appt 6/9/2025", None),
    ("POC cert through 8/1/2025. DOS 6/2/2025", date(2025, 6, 2)),
    ("Last visit 5/28/2025; today's visit 6/2/2025", date(2025, 6, 2)),
    # not dates at all
    ("pain 4/10, 3x10", None),
    ("she may 2 sets, dec 4 reps", None),
    ("march in place 2 min", None),
    ("Hx of MI in 3/4/1985", None),
]


@pytest.mark.parametrize(("text", "expected"), READ)
def test_the_date_of_service_in_the_text(text: str, expected: date | None) -> None:
    reading = read_dates(text, TODAY)
    assert (reading.found.day if reading.found else None) == expected
    assert reading.unreadable == ()


# (text, the words quoted as no date, the date of service still read)
UNREADABLE = [
    ("DOS 02/30/2025", "02/30/2025", None),
    ("DOS 13/45/2025", "13/45/2025", None),
    ("Date of service: February 30, 2025", "February 30, 2025", None),
    ("DOS 2/30", "2/30", None),
    ("DOS 3/4/1925", "3/4/1925", None),  # a typo for 2025, not a visit 100 years ago
    ("Seen 02/31/2025. Daily note June 2, 2025", "02/31/2025", date(2025, 6, 2)),
]


@pytest.mark.parametrize(("text", "quoted", "expected"), UNREADABLE)
def test_a_stated_date_that_is_no_date_is_quoted(
    text: str, quoted: str, expected: date | None
) -> None:
    reading = read_dates(text, TODAY)
    assert [s.text for s in reading.unreadable] == [quoted]
    assert (reading.found.day if reading.found else None) == expected


def test_the_span_is_the_date_as_written() -> None:
    text = "Daily note. Date of service March fourth twenty twenty five. Pain 3/10."
    found = read_dates(text, TODAY).found
    assert found is not None
    assert found.labelled
    assert found.span.text == "March fourth twenty twenty five"
    assert text[found.span.start : found.span.end] == found.span.text


def test_without_today_relative_and_yearless_dates_are_not_read() -> None:
    assert read_dates("DOS: yesterday").found is None
    assert read_dates("Mar 4th: TherEx").found is None
    assert read_dates("DOS 6/2").unreadable == ()
