# Indonesian formats as GLOSSARY.md sets them: "23 Nov 2026 14.05" in tables,
# "Senin, 23 November 2026 pukul 14.05" in sentences; 24-hour clock with a dot.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j M Y H.i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H.i"
TIME_FORMAT = "H.i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
