"""CQ/CO: which units a physical or occupational therapy assistant furnished "in part".

Medicare's de minimis standard (CY2020 PFS final rule, refined for timed codes in the
CY2022 rule): a unit carries CQ (PTA) or CO (OTA) when the assistant's independent minutes
are more than 10% of it. Time treating together with the therapist counts as therapist time.
Per timed code:
1. every full 15 minutes the therapist furnished is a unit without the modifier, every
   full 15 the assistant furnished alone is a unit with it;
2. the code's remaining units (at most two) are filled from the leftover minutes: the
   therapist's leftover first if it meets the 8-minute threshold on its own (no modifier),
   then the assistant's if it does (modifier), otherwise one unit from both leftovers
   together, with the modifier when the assistant's share is over 10%.
A code can therefore split into a line with the modifier and a line without.
"""

from dataclasses import dataclass
from functools import lru_cache

from assistant.rules.billing.units import THRESHOLD, UNIT_MINUTES


@dataclass(frozen=True, slots=True)
class Share:
    assisted: bool
    units: int
    minutes: int
    assistant_minutes: int
    reason: str


def _more_than_tenth(part: int, whole: int) -> bool:
    return whole > 0 and part * 10 > whole


# The splits below are pure functions of a few small integers that recur from visit to visit;
# Share is frozen, so the cached tuples can be handed to every caller.
@lru_cache(maxsize=4096)
def unassisted(units: int, minutes: int, assistant: int) -> tuple[Share, ...]:
    """One line without the modifier (payers that do not follow Medicare's CQ/CO policy)."""
    return (Share(False, units, minutes, assistant, ""),)


@lru_cache(maxsize=4096)
def split_timed(units: int, therapist: int, assistant: int) -> tuple[Share, ...]:
    if assistant == 0:
        return (Share(False, units, therapist, 0, ""),)
    plain_units, assisted_units = therapist // UNIT_MINUTES, assistant // UNIT_MINUTES
    plain_min, assisted_min = plain_units * UNIT_MINUTES, assisted_units * UNIT_MINUTES
    left_t, left_a = therapist % UNIT_MINUTES, assistant % UNIT_MINUTES
    remaining = units - plain_units - assisted_units
    notes = [
        f"therapist {therapist} min ({plain_units} full unit{'s' if plain_units != 1 else ''}), "
        f"assistant alone {assistant} min ({assisted_units} full)"
    ]
    while remaining > 0 and (left_t or left_a):
        if left_t >= THRESHOLD:
            plain_units, plain_min, left_t = plain_units + 1, plain_min + left_t, 0
            notes.append("therapist's leftover minutes met 8 on their own: unit without modifier")
        elif left_a >= THRESHOLD:
            assisted_units, assisted_min, left_a = assisted_units + 1, assisted_min + left_a, 0
            notes.append("assistant's leftover minutes met 8 on their own: unit with modifier")
        else:
            shared = left_t + left_a
            if _more_than_tenth(left_a, shared):
                assisted_units, assisted_min = assisted_units + 1, assisted_min + shared
                notes.append(
                    f"shared unit ({left_t} therapist + {left_a} assistant min): "
                    "assistant over 10%, modifier applies"
                )
            else:
                plain_units, plain_min = plain_units + 1, plain_min + shared
                notes.append(
                    f"shared unit ({left_t} therapist + {left_a} assistant min): "
                    "assistant within the 10% de minimis, no modifier"
                )
            left_t = left_a = 0
        remaining -= 1
    reason = "; ".join(notes)
    total = therapist + assistant
    if assisted_units == 0:
        return (Share(False, plain_units, total, assistant, reason),)
    if plain_units == 0:
        return (Share(True, assisted_units, total, assistant, reason),)
    # Minutes that earned no unit stay with whoever furnished them, so line minutes add up.
    plain_min += left_t
    assisted_min += left_a
    on_assisted = min(assistant, assisted_min)
    return (
        Share(False, plain_units, plain_min, assistant - on_assisted, reason),
        Share(True, assisted_units, assisted_min, on_assisted, reason),
    )


@lru_cache(maxsize=4096)
def split_untimed(therapist: int, assistant: int) -> Share:
    total = therapist + assistant
    if _more_than_tenth(assistant, total):
        return Share(
            True, 1, total, assistant, f"assistant alone {assistant} of {total} min, over 10%"
        )
    return Share(False, 1, total, assistant, "")
