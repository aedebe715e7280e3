"""The number patterns rewritten to lead with the digit they must start with.

Most of params.PATTERNS open with a lookbehind and then a run of digits, `(?<![A-Za-z0-9.])
(\\d{1,3})...`. Python's regex engine can skip ahead only to a first character it knows,
and a lookbehind tells it none: it tries the whole expression at every position of the
text. Written as `(\\d(?<![A-Za-z0-9.]\\d)\\d{0,2})...`, the same expression starts with a
digit, so the engine jumps from digit to digit.

The two match the same text with the same groups: the match must start with a digit in
both; the lookbehind, tested after that digit, looks at the same character before it (a
digit in the class just read always passes, at the text's start there is nothing to look
at in either form); and `\\d\\d{0,N-1}` tries the same lengths in the same order as
`\\d{1,N}`. Expressions of any other shape are kept as they are.

That holds only while the group the digit run opens is neither an alternation nor repeated:
`(?<![A-Za-z])(\\d{1,3}|one)` rewritten would let "one" match after a letter, and a
repeated `(\\d{1,3},)+` would test the lookbehind on its first pass only. None of
params.PATTERNS has either shape, and tests/drafting/offline/test_digit_first.py compares
every rewritten pattern with its original over the eval and field-set texts.
"""

import re

# An optional (?i: opener, a lookbehind of one character class, an optional group opener,
# and a digit run of at least one.
_LEAD = re.compile(r"^(\(\?i:)?\(\?<!(\[[^\]\\]*(?:\\.[^\]\\]*)*\])\)(\(?)\\d\{1,([1-9])\}")


def digit_first(pattern: re.Pattern[str]) -> re.Pattern[str]:
    found = _LEAD.match(pattern.pattern)
    if found is None:
        return pattern
    opener, before, group, most = found.groups()
    rest = rf"\d{{0,{int(most) - 1}}}" if int(most) > 1 else ""
    source = f"{opener or ''}{group}\\d(?<!{before}\\d){rest}{pattern.pattern[found.end() :]}"
    return re.compile(source, pattern.flags)
