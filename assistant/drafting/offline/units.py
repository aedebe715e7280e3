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
