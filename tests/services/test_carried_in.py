"""The spend carried in from before ptscribe is checked once, in the service, so the CLI,
the API and the pages refuse the same values with the same words."""

import math
from datetime import date

import pytest

from assistant.errors import InputError, NotFoundError
from assistant.services import people
from assistant.services.audit import now_utc
from assistant.store.db import Database

BORN = date(1950, 1, 1)
NEXT_YEAR = now_utc().year + 1


@pytest.mark.parametrize(
    ("amounts", "year", "message"),
    [
        ((-5.0, 0.0), None, "PT and SLP amount carried in must be between 0 and 1,000,000"),
        ((0.0, -0.01), None, "OT amount carried in must be between 0 and 1,000,000"),
        ((math.nan, 0.0), None, "PT and SLP amount"),
        ((0.0, math.inf), None, "OT amount"),
        ((1_000_000.01, 0.0), None, "between 0 and 1,000,000 USD"),
        ((0.0, 0.0), 1999, "carried-in year 1999 is not a plausible year"),
        ((0.0, 0.0), NEXT_YEAR + 1, f"carried-in year {NEXT_YEAR + 1}"),
    ],
)
def test_implausible_carried_in_spend_is_refused(
    db: Database, amounts: tuple[float, float], year: int | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        people.add_patient(
            db,
            name="Any Body",
            date_of_birth=BORN,
            mrn="M-1",
            carried_in=amounts[0],
            carried_in_ot=amounts[1],
            carried_in_year=year,
        )
    with db.transaction() as tx, pytest.raises(NotFoundError):  # nothing half-stored
        tx.people.patient_by_mrn(tx.people.clinic_id(), "M-1")


@pytest.mark.parametrize(("amount", "year"), [(0.0, 2000), (1_000_000.0, NEXT_YEAR)])
def test_the_edges_are_accepted(db: Database, amount: float, year: int) -> None:
    found = people.add_patient(
        db, name="Any Body", date_of_birth=BORN, mrn="M-2", carried_in=amount, carried_in_year=year
    )
    assert (found.carried_in_year, found.carried_in_pt_slp) == (year, amount)
