"""The countries of the world by the names English text gives them, for questions that ask
which countries a document mentions: capitals alone do not tell a country from a person or
a company, and a question "Which countries ...?" shares no word with the sentences that
answer it."""

from __future__ import annotations

import re

# Sovereign states (UN members and observers) and a few widely named others, as English
# text names them; alternative names after a "|" are the same country.
_NAMES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria|
Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|
Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|
Cape Verde|Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|
Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|East Timor|Ecuador|Egypt|
El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|
Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|
Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|
Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|
Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|
Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|
Namibia|Nauru|Nepal|Netherlands|Holland|New Zealand|Nicaragua|Niger|Nigeria|North Korea|
North Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|
Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saint Lucia|Samoa|San Marino|Saudi Arabia|
Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|
South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|
Tajikistan|Tanzania|Thailand|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|
Uganda|Ukraine|United Arab Emirates|United Kingdom|Britain|Great Britain|UK|United States|
United States of America|USA|US|U.S.|Uruguay|Uzbekistan|Vanuatu|Vatican City|Venezuela|Vietnam|
Yemen|Zambia|Zimbabwe|England|Scotland|Wales|Northern Ireland|Soviet Union|USSR
"""
# The names that are one country: each alternative maps to the name shown.
_SAME = {
    "Czechia": "Czech Republic",
    "Burma": "Myanmar",
    "Holland": "Netherlands",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "UK": "United Kingdom",
    "United States of America": "United States",
    "USA": "United States",
    "US": "United States",
    "U.S.": "United States",
    "USSR": "Soviet Union",
}
COUNTRIES = frozenset(n.strip() for n in _NAMES.replace("\n", "").split("|") if n.strip())

# Longest first, so "South Korea" is one country, not "Korea" ("Russia-Ukraine war": both);
# capitals as written, so "us" is
# the pronoun and "china" the porcelain; "Georgia" or "Jordan" may be a state or a person,
# which a reader of the quote sees.
_COUNTRY = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in sorted(COUNTRIES, key=len, reverse=True)) + r")(?!\w)"
)


def countries_in(text: str) -> list[tuple[str, str]]:
    """The countries the text names, each once, in the order named: (the country's name, the
    name as the text writes it: "United States", "US")."""
    found: dict[str, str] = {}
    for m in _COUNTRY.finditer(text):
        found.setdefault(_SAME.get(m.group(0), m.group(0)), m.group(0))
    return list(found.items())
