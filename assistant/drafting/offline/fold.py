"""The key a word matched under re.IGNORECASE is looked up by in the drafter's tables.

Python's re folds four non-ASCII letters onto ASCII ones: long s onto s, the Kelvin sign
onto k, dotted and dotless I onto i. str.lower() leaves them as they are (and turns dotted I
into two characters), so a word a pattern matched ("six" or "lbs" spelled with a long s)
missed its table and the
draft failed with a KeyError.
"""

_AS_RE_FOLDS = str.maketrans({"\u017f": "s", "\u212a": "k", "\u0130": "i", "\u0131": "i"})


def key(word: str) -> str:
    return word.translate(_AS_RE_FOLDS).lower()
