"""The unit words therapists write for loads, bands and distances."""

BAND_COLOURS = {
    "yellow": "yellow",
    "red": "red",
    "green": "green",
    "blue": "blue",
    "black": "black",
    "silver": "silver",
    "gold": "gold",
    "grey": "grey",
    "gray": "grey",
    "orange": "orange",
    "purple": "purple",
}
BAND_ABBR = {"Y": "yellow", "R": "red", "G": "green", "B": "blue", "Bk": "black", "S": "silver"}
BAND_ABBR["Blk"] = "black"
LOAD_UNITS = dict.fromkeys(("#", "lb", "lbs", "pound", "pounds"), "lb") | dict.fromkeys(
    ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"), "kg"
)
DISTANCE_UNITS = {
    "ft": "ft",
    "feet": "ft",
    "foot": "ft",
    "'": "ft",
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "yd": "yd",
    "yds": "yd",
    "yard": "yd",
    "yards": "yd",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "km": "km",
}

# What a functional task counts: "ten cones", "three laps" (never "steps", a stair's or a
# gait's count, nor a unit of time or distance), and the words that let its pattern run.
COUNTED = (
    r"laps?|trials?|reaches|catches|tosses|throws|cones|pegs|items|pieces|coins|blocks|beads|"
    r"rings|bean\s?bags|passes|circuits|attempts|lengths"
)
COUNT_NEEDLES = (
    "lap", "trial", "reach", "catch", "toss", "throw", "cone", "peg", "item", "piece", "coin",
    "block", "bead", "ring", "bag", "pass", "circuit", "attempt", "length",
)  # fmt: skip
