"""Numbers as a speaker says them, and a text builder that remembers where each fact was said."""

from dataclasses import dataclass, field

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def int_words(n: int) -> str:
    if n < 0:
        return "minus " + int_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_ONES[hundreds]} hundred"
        return head + (f" and {int_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{int_words(thousands)} thousand" + (f" {int_words(rest)}" if rest else "")


def num_words(x: float, half: bool = True) -> str:
    """12 -> "twelve"; 7.5 -> "seven and a half" (or "seven point five" without half)."""
    if x == int(x):
        return int_words(int(x))
    whole = int(x)
    frac = round(abs(x - whole), 2)
    if frac == 0.5 and half:
        return f"{int_words(whole)} and a half" if whole else "half a"
    digits = f"{frac:.2f}"[2:].rstrip("0")
    return f"{int_words(whole)} point " + " ".join(_ONES[int(d)] for d in digits)


def fmt(x: float) -> str:
    return f"{x:g}"


@dataclass
class Builder:
    """Appends text and records [start, end) of the pieces tagged with a fact key."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def add(self, text: str, key: str | None = None) -> "Builder":
        if key is not None and text:
            self.spans.setdefault(key, []).append((self.pos, self.pos + len(text)))
        self.parts.append(text)
        self.pos += len(text)
        return self

    def text(self) -> str:
        return "".join(self.parts)
