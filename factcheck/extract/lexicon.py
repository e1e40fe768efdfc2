"""Words the extractor knows, as data only: the one place to add a word.

Every table here is read by ``patterns.py`` (which compiles them into regexes)
or by the judging passes; nothing here runs.
"""

from __future__ import annotations

# --- sentences -------------------------------------------------------------

# a period after these (lower-cased, without the period) does not end a sentence
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm maj gov sen rep
    rev hon pres supt insp det cpl pvt messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    inc corp co ltd bros dept univ assn est approx vs etc al fig eq vol
    e.g i.e cf viz ca
    """.split()
)

# abbreviations that only stand before a number: "No. 1", "Art. 5", "p. 12"
ABBREVIATIONS_BEFORE_NUMBER: frozenset[str] = frozenset(
    "no nos art arts p pp para paras ch sec vol op fig tel ext rt".split()
)

# after "U.S." or "U.K." a sentence ends only if one of these opens the next one
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    The A An In On At But And Yet So It Its He She They We I You This That These
    Those There Their His Her Our Many Most Some Other Others Last Next Meanwhile
    However Still Now Then When While After Before Since If As For Officials Mr
    Mrs Ms Dr Analysts According Despite Although Such One Two Three Both All
    """.split()
)

# --- numbers in words -------------------------------------------------------

UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# words that multiply what stands before them inside a number in words
MULTIPLIERS: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    # a frequent misspelling in published copy ("$160 billon")
    "billon": 1e9,
    "lakh": 1e5,
    "crore": 1e7,
}
# "a dozen", "two dozen"
DOZEN: dict[str, float] = {"dozen": 12}
# group nouns for a count: "a trio of", "a pair"
GROUP_NOUNS: dict[str, float] = {"pair": 2, "trio": 3, "quartet": 4, "quintet": 5}

# scale words and suffixes after digits: "1.2 billion", "$1.2bn", "€3m", "15k"
SCALES: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "billon": 1e9,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    # wire style: "300 mln dlrs", "1.5 bln"
    "mln": 1e6,
    "bln": 1e9,
}
SCALE_SUFFIXES: dict[str, float] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
    "tr": 1e12,
}

# vague plurals: "dozens", "hundreds of", "tens of millions" -> the base value, lower bound
VAGUE_PLURALS: dict[str, float] = {
    "dozens": 12,
    "scores": 20,
    "hundreds": 1e2,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
    "trillions": 1e12,
    "tens": 10,
}
# "several thousand", "a few million": the scale value, lower bound
VAGUE_DETERMINERS: tuple[str, ...] = ("several", "a few", "a couple of", "many", "some")

# --- fractions, ordinals, multiples ----------------------------------------

# denominators in words, singular and plural: "a third", "two-thirds", "one fifth"
DENOMINATORS: dict[str, int] = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
    "twentieth": 20,
    "hundredth": 100,
    "hundredths": 100,
}
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "twentieth": 20,
}
# multiples and changes: the word is the mention, its value the factor
MULTIPLE_WORDS: dict[str, float] = {
    "double": 2,
    "doubled": 2,
    "doubles": 2,
    "doubling": 2,
    "triple": 3,
    "tripled": 3,
    "triples": 3,
    "tripling": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "quadruples": 4,
    "quadrupling": 4,
    "twice": 2,
    "thrice": 3,
    "halve": 0.5,
    "halved": 0.5,
    "halves": 0.5,
    "halving": 0.5,
}
# "sevenfold", "tenfold"
FOLD_WORDS: dict[str, float] = {
    "twofold": 2,
    "threefold": 3,
    "fourfold": 4,
    "fivefold": 5,
    "sixfold": 6,
    "sevenfold": 7,
    "eightfold": 8,
    "ninefold": 9,
    "tenfold": 10,
    "hundredfold": 100,
}
# "double" / "triple" before these counts people ("triple Olympic champion": 3)
TITLE_NOUNS: frozenset[str] = frozenset(
    "champion champions winner winners medallist medalist gold olympic world grand".split()
)
# multiples that count titles before a title noun ("triple Olympic champion")
TITLE_MULTIPLES: frozenset[str] = frozenset("double triple quadruple".split())
# "(upper|mid|low)-teens" -> a range
DECADE_WORDS: dict[str, int] = {
    "teens": 10,
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
DECADE_PARTS: dict[str, tuple[int, int]] = {
    "low": (1, 3),
    "lower": (1, 3),
    "mid": (4, 6),
    "middle": (4, 6),
    "high": (7, 9),
    "upper": (7, 9),
}

# --- money -------------------------------------------------------------------

# signs and prefixed codes before digits -> ISO 4217, lower case
CURRENCY_SIGNS: dict[str, str] = {
    "$": "usd",
    "US$": "usd",
    "USD": "usd",
    "A$": "aud",
    "AU$": "aud",
    "C$": "cad",
    "CA$": "cad",
    "NZ$": "nzd",
    "HK$": "hkd",
    "S$": "sgd",
    "R$": "brl",
    "£": "gbp",
    "€": "eur",
    "¥": "jpy",
    "₹": "inr",
    "Rs": "inr",
    "Rs.": "inr",
    "₩": "krw",
    "₽": "rub",
    "₺": "try",
    "₦": "ngn",
    "CHF": "chf",
    "EUR": "eur",
    "GBP": "gbp",
    "JPY": "jpy",
    "CNY": "cny",
    "RMB": "cny",
    "INR": "inr",
    "AUD": "aud",
    "CAD": "cad",
    "Dh": "aed",
    "AED": "aed",
    "SAR": "sar",
    "ZAR": "zar",
}
# currency words and codes after the number ("3m euros", "2.5 trillion yen")
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "usd",
    "dollars": "usd",
    "dlrs": "usd",
    "dlr": "usd",
    "euro": "eur",
    "euros": "eur",
    "pound": "gbp",
    "pounds": "gbp",
    "sterling": "gbp",
    # wire style: "168 mln stg"
    "stg": "gbp",
    "yen": "jpy",
    "yuan": "cny",
    "renminbi": "cny",
    "rupee": "inr",
    "rupees": "inr",
    "franc": "chf",
    "francs": "chf",
    "rouble": "rub",
    "roubles": "rub",
    "ruble": "rub",
    "rubles": "rub",
    "won": "krw",
    "dirham": "aed",
    "dirhams": "aed",
    "riyal": "sar",
    "riyals": "sar",
    "rand": "zar",
    "naira": "ngn",
    "lira": "try",
    "pesos": "mxn",
    "peso": "mxn",
    "krona": "sek",
    "kronor": "sek",
    "shekels": "ils",
    "shekel": "ils",
    # wire copy before the euro, and other currencies named in words
    "guilder": "nlg",
    "guilders": "nlg",
    "marks": "dem",
    "deutschemarks": "dem",
    "d-marks": "dem",
    "dmarks": "dem",
    "lire": "itl",
    "peseta": "esp",
    "pesetas": "esp",
    "escudo": "pte",
    "escudos": "pte",
    "drachma": "grd",
    "drachmas": "grd",
    "drachmae": "grd",
    "schilling": "ats",
    "schillings": "ats",
    "kroner": "dkk",
    "krone": "dkk",
    "kronur": "isk",
    "crowns": "sek",
    "zloty": "pln",
    "zlotys": "pln",
    "forint": "huf",
    "forints": "huf",
    "rupiah": "idr",
    "ringgit": "myr",
    "baht": "thb",
    "dinar": "kwd",
    "dinars": "kwd",
    "rial": "irr",
    "rials": "irr",
    "cruzados": "brl",
    "cruzado": "brl",
    "reais": "brl",
    "australs": "ars",
    "hryvnia": "uah",
    "hryvnias": "uah",
    "taka": "bdt",
    "USD": "usd",
    "EUR": "eur",
    "GBP": "gbp",
    "JPY": "jpy",
    "CNY": "cny",
    "CHF": "chf",
    "INR": "inr",
    "AUD": "aud",
    "CAD": "cad",
}
# a word that names a currency which "dollar" means outside the US
DOLLAR_PREFIXES: dict[str, str] = {
    "us": "usd",
    "australian": "aud",
    "canadian": "cad",
    "hong kong": "hkd",
    "new zealand": "nzd",
    "singapore": "sgd",
    "taiwan": "twd",
}
# a word before a currency name shared by several countries: "Swiss francs",
# "Danish crowns", "Deutsche marks"; the key is (adjective, currency word as in CURRENCY_WORDS)
CURRENCY_ADJECTIVES: dict[tuple[str, str], str] = {
    ("french", "chf"): "frf",
    ("belgian", "chf"): "bef",
    ("luxembourg", "chf"): "luf",
    ("swiss", "chf"): "chf",
    ("danish", "dkk"): "dkk",
    ("norwegian", "dkk"): "nok",
    ("danish", "sek"): "dkk",
    ("norwegian", "sek"): "nok",
    ("swedish", "sek"): "sek",
    ("czech", "sek"): "czk",
    ("slovak", "sek"): "skk",
    ("deutsche", "dem"): "dem",
    ("german", "dem"): "dem",
    ("finnish", "dem"): "fim",
    ("irish", "gbp"): "iep",
    ("egyptian", "gbp"): "egp",
    ("turkish", "itl"): "try",
    ("italian", "try"): "itl",
    ("mexican", "mxn"): "mxn",
    ("argentine", "mxn"): "ars",
    ("chilean", "mxn"): "clp",
    ("colombian", "mxn"): "cop",
    ("philippine", "mxn"): "php",
    ("iraqi", "kwd"): "iqd",
    ("jordanian", "kwd"): "jod",
    ("iranian", "irr"): "irr",
    ("saudi", "sar"): "sar",
    ("brazilian", "brl"): "brl",
    ("indian", "inr"): "inr",
    ("pakistani", "inr"): "pkr",
    ("sri lankan", "inr"): "lkr",
    ("indonesian", "idr"): "idr",
    ("south african", "zar"): "zar",
}
# hundredths: "26 cents" is 0.26 of the main unit
SUBUNITS: dict[str, tuple[str, float]] = {
    "cent": ("usd", 0.01),
    "cents": ("usd", 0.01),
    "cts": ("usd", 0.01),
    "ct": ("usd", 0.01),
    "pence": ("gbp", 0.01),
    "penny": ("gbp", 0.01),
    "p": ("gbp", 0.01),
}

# --- percentages ---------------------------------------------------------------

PERCENT_WORDS: dict[str, str] = {
    "%": "percent",
    "per cent": "percent",
    "percent": "percent",
    "pct": "percent",
    "percentage point": "percentage point",
    "percentage points": "percentage point",
    "basis point": "basis point",
    "basis points": "basis point",
    "bps": "basis point",
    "bp": "basis point",
}

# --- units of measure ------------------------------------------------------------

# unit word as written (lower case) -> unit as reported
MEASURES: dict[str, str] = {
    "km": "km",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "m": "m",
    "metre": "m",
    "metres": "m",
    "meter": "m",
    "meters": "m",
    "cm": "cm",
    "mm": "mm",
    "mile": "mile",
    "miles": "mile",
    "ft": "foot",
    "foot": "foot",
    "feet": "foot",
    "inch": "inch",
    "inches": "inch",
    "yard": "yard",
    "yards": "yard",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "g": "g",
    "gram": "g",
    "grams": "g",
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "lb": "lb",
    "lbs": "lb",
    "ounce": "ounce",
    "ounces": "ounce",
    "oz": "ounce",
    "tonne": "tonne",
    "tonnes": "tonne",
    "ton": "ton",
    "tons": "ton",
    "gigaton": "gigaton",
    "gigatons": "gigaton",
    "gigatonne": "gigaton",
    "gigatonnes": "gigaton",
    "megaton": "megaton",
    "megatons": "megaton",
    "ml": "ml",
    "millilitre": "ml",
    "millilitres": "ml",
    "litre": "litre",
    "litres": "litre",
    "liter": "litre",
    "liters": "litre",
    "gallon": "gallon",
    "gallons": "gallon",
    "barrel": "barrel",
    "barrels": "barrel",
    "bpd": "barrel per day",
    "acre": "acre",
    "acres": "acre",
    "hectare": "hectare",
    "hectares": "hectare",
    "ha": "hectare",
    "sq km": "sq km",
    "square kilometres": "sq km",
    "square kilometers": "sq km",
    "square miles": "square mile",
    "square feet": "square foot",
    "cubic feet": "cubic foot",
    "cubic metres": "cubic metre",
    "cubic meters": "cubic metre",
    "mph": "mph",
    "kph": "km/h",
    "km/h": "km/h",
    "knots": "knot",
    "knot": "knot",
    "degrees": "degree",
    "degree": "degree",
    "°c": "degree",
    "°f": "degree",
    "f": "degree",
    "c": "degree",
    "mw": "mw",
    "gw": "gw",
    "kw": "kw",
    "kwh": "kwh",
    "mwh": "mwh",
    "gwh": "gwh",
    "twh": "twh",
    "megawatts": "mw",
    "gigawatts": "gw",
    "kilowatts": "kw",
    "watts": "watt",
    "teraflop": "teraflop",
    "teraflops": "teraflop",
    "petaflop": "petaflop",
    "petaflops": "petaflop",
    "megaflop": "megaflop",
    "megaflops": "megaflop",
    "gigaflops": "gigaflop",
    "gb": "gb",
    "tb": "tb",
    "mb": "mb",
    "mbps": "mbps",
    "kbps": "kbps",
    "gbps": "gbps",
    "mbit/s": "mbps",
    "megabits": "megabit",
    "megabit": "megabit",
    "kilobits": "kilobit",
    "gigabytes": "gb",
    "terabytes": "tb",
    "megabytes": "mb",
    "ghz": "ghz",
    "mhz": "mhz",
    "megapixel": "megapixel",
    "megapixels": "megapixel",
    "points": "point",
    "point": "point",
    "calories": "calorie",
    "decibels": "decibel",
    "magnitude": "magnitude",
}
# unit suffixes written onto digits ("80mg", "30mph", "15km")
ATTACHED_UNITS: frozenset[str] = frozenset(
    "km m cm mm ft kg g mg lb lbs oz ml l mph kph mw gw kw kwh mwh gwh twh gb tb mb ghz mhz ha "
    "mbps kbps gbps "
    "bpd".split()
)
# "120 miles an hour" -> mph
SPEED_PHRASES: dict[str, str] = {
    "miles an hour": "mph",
    "miles per hour": "mph",
    "kilometres an hour": "km/h",
    "kilometres per hour": "km/h",
    "kilometers per hour": "km/h",
}

# time units: a number before them is a duration (or an age with "-old")
TIME_UNITS: dict[str, str] = {
    "year": "year",
    "years": "year",
    "yr": "year",
    "yrs": "year",
    "mths": "month",
    "mth": "month",
    "wks": "week",
    "hrs": "hour",
    "month": "month",
    "months": "month",
    "week": "week",
    "weeks": "week",
    "day": "day",
    "days": "day",
    "hour": "hour",
    "hours": "hour",
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "second": "second",
    "seconds": "second",
    "decade": "decade",
    "decades": "decade",
    "century": "century",
    "centuries": "century",
    "night": "night",
    "nights": "night",
    "weekend": "weekend",
    "weekends": "weekend",
    "season": "season",
    "seasons": "season",
    "quarter": "quarter",
    "quarters": "quarter",
}

# --- qualifiers ---------------------------------------------------------------------

# phrase just before a number -> qualifier name (models.Qualifier values)
QUALIFIERS: dict[str, str] = {
    "about": "approximately",
    "around": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "nearly": "approximately",
    "near": "approximately",
    "almost": "approximately",
    "close to": "approximately",
    "approximately": "approximately",
    "approx.": "approximately",
    "circa": "approximately",
    "c.": "approximately",
    "an average of": "none",
    "on average": "none",
    "an approximate": "approximately",
    "in the region of": "approximately",
    "just about": "approximately",
    "getting on for": "approximately",
    "the best part of": "approximately",
    "upwards of": "lower_bound",
    "more than": "lower_bound",
    "over": "lower_bound",
    "at least": "lower_bound",
    "exceeding": "lower_bound",
    "in excess of": "lower_bound",
    "above": "lower_bound",
    "greater than": "lower_bound",
    "higher than": "lower_bound",
    "well over": "lower_bound",
    "just over": "lower_bound",
    "no fewer than": "lower_bound",
    "no less than": "lower_bound",
    "a minimum of": "lower_bound",
    "as many as": "upper_bound",
    "less than": "upper_bound",
    "under": "upper_bound",
    "fewer than": "upper_bound",
    "up to": "upper_bound",
    "at most": "upper_bound",
    "no more than": "upper_bound",
    "below": "upper_bound",
    "just under": "upper_bound",
    "as much as": "upper_bound",
    "a maximum of": "upper_bound",
    "not more than": "upper_bound",
    "lower than": "upper_bound",
    "as high as": "upper_bound",
    "as little as": "upper_bound",
    "as few as": "upper_bound",
    "shy of": "upper_bound",
    "short of": "upper_bound",
    "a little under": "upper_bound",
    "a little over": "lower_bound",
    "little more than": "lower_bound",
    "slightly more than": "lower_bound",
    "slightly less than": "upper_bound",
    "well under": "upper_bound",
    "well below": "upper_bound",
    "well above": "lower_bound",
}
# after a number: "5,000 or more", "100 plus"
QUALIFIERS_AFTER: dict[str, str] = {
    "or more": "lower_bound",
    "or so": "approximately",
    "odd": "approximately",
    "plus": "lower_bound",
    "or over": "lower_bound",
    "and more": "lower_bound",
    "or less": "upper_bound",
    "or fewer": "upper_bound",
    "and up": "lower_bound",
    "and over": "lower_bound",
    "and above": "lower_bound",
    "at least": "lower_bound",
}
# "is estimated at", "estimated to be": the figure is an estimate
ESTIMATE_CUES: tuple[str, ...] = (
    "estimated at",
    "estimated to be",
    "estimated to have",
    "estimated to reach",
    "is estimated",
    "put at",
    "valued at",
    "thought to be",
    "believed to be",
)

# --- exclusions --------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "January": 1,
    "February": 2,
    "March": 3,
    "April": 4,
    "May": 5,
    "June": 6,
    "July": 7,
    "August": 8,
    "September": 9,
    "October": 10,
    "November": 11,
    "December": 12,
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
# a capitalised word before a number that makes it part of a name: "Article 5"
NAME_PREFIXES: frozenset[str] = frozenset(
    """
    S&P STOXX Stoxx FTSE Nikkei CAC DAX Russell Fortune MSCI Nasdaq
    Article Articles Chapter Section Clause Paragraph Resolution Route Highway Interstate
    Room Suite Flight Gate Platform Channel Apollo Windows Top Formula Level Stage Phase
    Series Season Episode Volume Vol Part Page Pages Figure Table Exhibit Appendix Rule
    Act Bill Proposition Prop Amendment Title Ward District Precinct Block Lot Unit Apt
    Apartment Floor Building Pier Terminal Track Lane Street Avenue Road Bus Line Grade
    Class Category Type Model Mark Version Release Generation Gen Block Psalm Psalms
    Door Number Nos No Vision Agenda Studio Camp Station Zone Sector Area Region Base
    Square Plaza Tower Hall Pavilion Stadium Court Cell Wing Fort Hangar Group Division
    Battalion Brigade Regiment Squadron Corps Fleet Army Task Force Super Bowl Cup
    Tier Grade Key Stage Schedule Form Annex Protocol Directive Regulation Law Code
    Radio Pack
    """.split()
)
# after these words "one" is a pronoun or article: "no one", "the one"
ONE_PRONOUN_BEFORE: frozenset[str] = frozenset(
    "no any every some someone the this that which each anyone everyone a such another "
    "last only".split()
)
# after "one" these make it a pronoun: "one of the", "one another"
ONE_PRONOUN_AFTER: frozenset[str] = frozenset(
    "of another who which that thing day way time point nation side more".split()
)
# idioms with a number that state no quantity
IDIOMS: tuple[str, ...] = (
    "one by one",
    "one-on-one",
    "one on one",
    "one-off",
    "one off",
    "one day",
    "one another",
    "at once",
    "once again",
    "once more",
    "one-time",
    "one time",
    "one or two",
    "one or another",
    "on the one hand",
    "one-sided",
    "one-stop",
    "a hundred times",
    "a thousand times",
    "a million times",
    "a million miles",
    "in two minds",
    "second to none",
    "first of all",
    "one-shot",
    "one-man",
    "two-way",
    "one-way",
    "twice-daily",
    "twice-weekly",
    "twice-yearly",
    "two-faced",
    "one-two",
    "catch-22",
    "number one priority",
    "not a cent",
    "zero tolerance",
    "zero-tolerance",
    "not a penny",
    "a penny",
    "a cent",
    "nine-to-five",
    "24/7",
    "24-7",
    "24 hours a day",
    "seven days a week",
    "one-stop shop",
    "fifty-fifty",
    "50-50",
    "the two of",
    "the three of",
    "the four of",
    "both",
    "twice over",
    # the interval of a match, not a share
    "half time",
    "half-time",
)
# "100% sure", "a hundred percent committed": certainty, not a share of anything
IDIOMS = IDIOMS + tuple(
    f"{whole} {word}"
    for whole in ("100%", "100 percent", "100 per cent", "a hundred percent", "one hundred percent")
    for word in ("sure", "certain", "committed", "behind", "confident", "right", "wrong", "true")
)
# words after which a number is a time reference or a window framing another figure
WINDOW_BEFORE: tuple[str, ...] = (
    "last",
    "past",
    "next",
    "previous",
    "coming",
    "following",
    "within",
    "first",
    "final",
    "recent",
    "preceding",
    "over",
    "in",
    "during",
    "throughout",
)
# "N years ago", "N years from now", "N years earlier"
WINDOW_AFTER: tuple[str, ...] = ("ago", "from now", "hence", "earlier", "later")
# verbs of growth: "leaped 500,000 times" is a multiple, "vandalized seven times" a count
GROWTH_VERBS: frozenset[str] = frozenset(
    """
    rose risen rise rises grew grown grow grows increased increase increases jumped jump
    leaped leapt leap soared soar surged surge climbed climb multiplied multiply expanded
    fell fall falls dropped drop declined decline shrank shrunk shrink plunged plunge
    tumbled slumped cut reduced higher lower more less larger smaller bigger faster
    slower greater stronger cheaper richer deadlier likelier likely longer
    """.split()
)
# a change before "X to Y" makes X the change and Y the level: "fell $2.86 to $41.32"
CHANGE_WORDS: frozenset[str] = frozenset(
    """
    rose rise rises risen fell fall falls fallen up down gained gain gains lost lose loses
    increased increase increases decreased decrease decreases climbed climbs dropped drops
    jumped jumps slipped slips eased eases added adds shed sheds grew grow grows cut cuts
    raised raises lowered lowers advanced declined declines slid slides soared surged
    """.split()
)
# headline verbs after a bare count of people: "2 shot, 1 killed"
CASUALTY_WORDS: frozenset[str] = frozenset(
    """
    killed dead died shot injured wounded hurt hospitalised hospitalized arrested
    charged missing stabbed rescued detained evacuated displaced fatally
    """.split()
)
# nouns before ", N," that make N an age: "Man, 41, killed"
AGE_NOUNS: frozenset[str] = frozenset(
    """
    man woman boy girl teen teenager mother father son daughter grandmother grandfather
    driver suspect victim resident student pensioner wife husband brother sister
    """.split()
)
# plural persons before "aged 19 and 21": a list of ages
AGE_PLURALS: frozenset[str] = frozenset(
    "men women boys girls teenagers teens brothers sisters sons daughters suspects".split()
)
# a word before the number that names its unit: "of magnitude 7.8"
UNITS_BEFORE: dict[str, str] = {"magnitude": "magnitude", "mach": "mach"}
# "aged", "ages", "age": the number defines a group unless it is one person's age
AGE_WORDS: frozenset[str] = frozenset("aged age ages".split())
# "aged over 19", "aged between 16 and 18"
AGE_RANGE_WORDS: frozenset[str] = frozenset("over under between from of above below".split())
# rate denominators and group labels before a number: "per 100,000", "the top 1 percent"
DENOMINATOR_CUES: frozenset[str] = frozenset(
    {"per", "out of", "the top", "the bottom", "the richest", "the poorest", "of the top"}
)
# "making less than $400,000": the number is the threshold of a group
THRESHOLD_VERBS: frozenset[str] = frozenset("making earning earn earns incomes income".split())
# "an additional 50 cents", "an extra $5bn": words between a qualifier and the number
ADDITIVE_WORDS: frozenset[str] = frozenset("additional extra further".split())

# words that never head a counted noun phrase: function words and common verbs
NOT_NOUNS: frozenset[str] = frozenset(
    """
    a an the and or but nor of in on at to for from by with as than that which who whom
    whose this these those it its their they them he she his her we our you your i my me
    is are was were be been being am has have had having do does did will would shall
    should can could may might must not no so if then there here when where while after
    before since until because though although also just only even still yet more less
    most least very too about around over under up down out off into onto upon per
    each every all any some such both either neither other another same own what how why
    said says say told tell according including include includes included across against
    between among amid through throughout during within without toward towards via
    respectively alone ago last next ago this now year-on-year annually
    again already almost nearly roughly instead back away ahead vs vs. versus
    """.split()
)
# verbs that often follow a counted noun: they end its phrase ("the budget went")
COMMON_VERBS: frozenset[str] = frozenset(
    """
    went came got made took gave saw left fell rose grew lost won paid spent kept held
    met ran sold bought built found began brought felt stood sat led put set cut hit
    remain remained stay stayed live lived work worked die face faced need needed want
    wanted lack lacked own owned received earned voted signed backed opposed
    """.split()
)
# irregular plurals for the unit head noun
IRREGULAR_SINGULARS: dict[str, str] = {
    "buses": "bus",
    "viruses": "virus",
    "bonuses": "bonus",
    "campuses": "campus",
    "gases": "gas",
    "statuses": "status",
    "censuses": "census",
    "people": "person",
    "persons": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "staff": "staff",
    "police": "police",
    "series": "series",
    "species": "species",
    "news": "news",
    "data": "data",
    "media": "media",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "analyses": "analysis",
    "crises": "crisis",
    "theses": "thesis",
    "indices": "index",
    "leaves": "leaf",
    "halves": "half",
    "shelves": "shelf",
    "thieves": "thief",
    "wolves": "wolf",
    "calves": "calf",
    "loaves": "loaf",
    "selves": "self",
    "sheep": "sheep",
    "fish": "fish",
    "deer": "deer",
    "aircraft": "aircraft",
    "offspring": "offspring",
    "headquarters": "headquarters",
    "means": "means",
    "bus": "bus",
    "gas": "gas",
    "status": "status",
    "virus": "virus",
    "census": "census",
    "campus": "campus",
    "bonus": "bonus",
    "focus": "focus",
    "crisis": "crisis",
    "basis": "basis",
    "analysis": "analysis",
    "business": "business",
    "process": "process",
    "access": "access",
    "address": "address",
    "success": "success",
    "loss": "loss",
    "class": "class",
    "glass": "glass",
    "pass": "pass",
    "boss": "boss",
    "press": "press",
}

# superlatives and "first" before "in N years" make the window a record length:
# "the first annual fall in nine years", "the highest level in 20 years"
RECORD_CUES: frozenset[str] = frozenset(
    """
    first highest lowest biggest largest smallest worst best record strongest weakest
    fastest slowest most least longest shortest deepest steepest sharpest
    """.split()
)
# adjectives allowed between a number and its time unit: "13 consecutive years"
DURATION_ADJECTIVES: frozenset[str] = frozenset(
    "consecutive straight successive full long more additional extra whole further".split()
)
# words skipped before the head noun of what is counted: "3 million more Americans"
LEADING_SKIP: frozenset[str] = frozenset(
    "more fewer less additional extra new other former of the all those these their its".split()
)
# nouns of money: "One hundred billion in profits" is an amount of money
MONEY_NOUNS: frozenset[str] = frozenset(
    """
    profit profits revenue revenues cost costs budget spending funding funds fund aid
    investment investments loss losses sales debt debts deficit deficits tax taxes
    savings income earnings payment payments grant grants subsidy subsidies fine fines
    damages salary salaries wages bonus bonuses dividend dividends capital reserves
    """.split()
)
# "in 2024 dollars", "to 2025 dollars": a price base year, not an amount
PRICE_BASE_BEFORE: frozenset[str] = frozenset("in to constant real of".split())
# "80 million operations a second" is a rate: a measure
RATE_TIME_UNITS: frozenset[str] = frozenset("second sec minute hour".split())

# "the 30-year bond", "12-month average", "three-month aluminum": a period that names an
# instrument or a calendar window, not a duration (ANNOTATION.md, "Time")
INSTRUMENT_NOUNS: frozenset[str] = frozenset(
    """
    note notes bond bonds yield yields treasury treasuries gilt gilts bill bills bund bunds
    mortgage mortgages loan loans futures contract contracts aluminum aluminium copper nickel
    zinc lead tin average averages moving rolling period periods window maturity maturities
    swap swaps rate rates deposit deposits libor euribor plan plans
    bullet bullets eurobond eurobonds debenture debentures issue issues paper
    """.split()
)
# a bare number with no noun after it counts a noun named earlier in its sentence
# ("New loans fell to 77,000"), unless one of these stands before it ("in front of
# 15,522", "and 7.3 of another race"): then the unit stays unknown
NO_FALLBACK_BEFORE: frozenset[str] = frozenset("of and or in on for with than".split())

# lower-case nouns before a number in words that name a step, not a quantity ("band two",
# "phase three", "round one")
STEP_NOUNS: frozenset[str] = frozenset(
    "band tranche phase stage tier grade category class division zone round level act part"
    " series".split()
)
# lower-case words before a number that make it a reference, not a quantity ("page 3")
NAME_PREFIXES_LOWER: frozenset[str] = frozenset(
    """
    page pages p. pp. paragraph para line lines footnote item exhibit chapter section clause
    article appendix figure fig. table room gate platform flight route channel top
    """.split()
)
# "200m gold", "a 50m pool": after these, "m" is metres, not million
METRE_NOUNS: frozenset[str] = frozenset(
    """
    gold silver bronze race sprint hurdles freestyle relay final butterfly backstroke
    breaststroke medley dash record title swim run high wide deep tall long away pool wall
    tower drop cliff walk event
    """.split()
)

# capitalised plural nouns that are counted, not names: "two Britons", "Three Americans"
DEMONYMS: frozenset[str] = frozenset(
    """
    americans britons germans french chinese japanese indians russians australians
    canadians italians spaniards iraqis afghans israelis palestinians syrians iranians
    pakistanis egyptians africans europeans asians mexicans brazilians nigerians kenyans
    irish scots welsh english dutch swedes norwegians danes poles ukrainians turks greeks
    koreans filipinos indonesians vietnamese thais saudis libyans somalis sudanese muslims
    christians jews catholics democrats republicans conservatives tories liberals
    americans' britons'
    """.split()
)
# "a 1,000-strong crowd", "40-odd", "20-plus": a hyphenated word that is no unit
HYPHEN_MODIFIERS: frozenset[str] = frozenset("strong odd plus some".split())

# "10 Downing Street": a street number
STREET_WORDS: tuple[str, ...] = (
    "Street",
    "St",
    "Road",
    "Rd",
    "Avenue",
    "Ave",
    "Boulevard",
    "Blvd",
    "Lane",
    "Drive",
    "Way",
    "Place",
    "Square",
    "Terrace",
    "Court",
    "Crescent",
    "Close",
    "Highway",
)
