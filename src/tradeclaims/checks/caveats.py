"""Caveats written once and reused by the checks that need them."""

SERIES_NAMES = {"USD": "dollar", "CNY": "yuan"}


TWO_SERIES = ("China's customs publish every figure in both yuan and US dollars. Growth rates differ between the two "
              "series, and a yuan total converted to dollars is not the dollar series")


def series_used(currency: str, user: str = "this check uses") -> str:
    """The caveat on China's two customs series, naming the one used (`currency`: USD or CNY) and by what (`user`,
    its verb included)."""
    return f"{TWO_SERIES}: {user} the {SERIES_NAMES[currency]} series."


USD_VS_CNY = series_used("USD")


def points(tolerance: float) -> str:
    """A tolerance in percentage points, in words: '1 point', '3 points'."""
    return f"{tolerance:g} point{'' if tolerance == 1 else 's'}"
PRELIMINARY = "Monthly figures come from the preliminary release; the monthly bulletin later revises them slightly."
FOB_CIF = (
    "Exports are valued free on board (FOB) and imports including cost, insurance and freight (CIF), so one "
    "country's exports and its partner's imports of the same goods differ."
)
FISCAL_YEAR = (
    "India's fiscal year runs from April to March (FY2024-25 is April 2024 to March 2025); China reports by "
    "calendar year. The two must not be compared as if they covered the same months."
)
MIRROR = (
    "Two countries' records of the same trade differ: valuation (FOB against CIF), timing (goods in transit "
    "at the turn of a month), goods routed through Hong Kong or third countries, and the partner each "
    "country attributes the goods to."
)
EUROPE_VS_EU = (
    "China's customs publish both an 'EU' (27 members) and a 'Europe' aggregate (which also counts the UK, "
    "Russia, Switzerland, Norway, Turkey and others). Wire reports quote the EU."
)
DERIVED = "Growth rates and differences marked as computed are calculated here from the published levels."
YOY_REPORTED = (
    "Where the ledger holds both levels, the growth rate is computed from them; the rate the press reported "
    "is shown beside it."
)
ROUNDING = (
    'Many reports round levels ("$3.4 trillion"). A rounded figure settles a threshold only when its whole '
    "rounding interval lies on one side of it; the report shows the interval."
)

# The known gaps between China's exports to the US and US imports from China: a mirror check reads the partner's
# figures with them in mind.
MIRROR_GAPS = (
    "Valuation: China values its exports free on board (FOB); the US values imports by customs value, and also "
    "publishes them with cost, insurance and freight (CIF), so levels differ even for the same shipments.",
    "Shipping time: goods China exports in one month arrive, and enter US imports, weeks later (November's exports "
    "are largely December's US imports).",
    "Hong Kong and third countries: goods China records as exports to Hong Kong or to a third country and re-exported "
    "to the US count as US imports from China (country of origin) but not as China's exports to the US.",
    "Small parcels: shipments under the US de minimis limit were largely missing from US import statistics until the "
    "exemption for goods from China ended on 2 May 2025; since then they are entered and counted, so a change on a "
    "year earlier across that date compares two coverages.",
)
