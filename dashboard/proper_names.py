"""Values from the data that are Ukrainian words, shown in the interface language.

- Police ranks are a closed list (the special ranks of the National Police, Law of Ukraine «Про
  Національну поліцію», art. 80): translated from the table `police_rank` of the locale files. The data
  hold the Ukrainian text as typed («старший лейтенант поліції», «Капітан поліції», «майор»), matched
  without case, extra spaces or the trailing «поліції»; a rank not in the table is transliterated.
- Proper names that the data give only in Ukrainian (officers, police stations, settlements) are
  transliterated by the official 2010 system (dashboard/translit.py) in English; Ukrainian shows them as
  they are. Hromada and raion names have their own English form in the reference (`name_en`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from dashboard.formatting import DASH
from dashboard.i18n import DEFAULT_LANG, label, labels, normalize_lang
from dashboard.translit import transliterate

_SUFFIX = " поліції"


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


@cache
def _rank_codes() -> dict[str, str]:
    """Normalised Ukrainian rank (with and without «поліції») → its code in the `police_rank` table."""
    index: dict[str, str] = {}
    for code, text in labels("police_rank", DEFAULT_LANG).items():
        index[_normal(text)] = code
        index[_normal(text).removesuffix(_SUFFIX)] = code
    return index


def rank_code(rank: Any) -> str | None:
    """The code of a rank as the data write it, or None when it is not one of the table."""
    if not isinstance(rank, str):
        return None
    return _rank_codes().get(_normal(rank))


def rank_text(rank: Any, lang: str) -> str:
    """A rank from the data in `lang`: Ukrainian as written, English from the locale table (else
    transliterated); a missing rank is «—»."""
    if not isinstance(rank, str) or not rank.strip():
        return DASH
    if normalize_lang(lang) == DEFAULT_LANG:
        return rank.strip()
    code = rank_code(rank)
    return label("police_rank", code, lang) if code else transliterate(rank.strip())


def proper_name(name: Any, lang: str) -> str:
    """A proper name the data give only in Ukrainian, in `lang` (English: the 2010 transliteration)."""
    if not isinstance(name, str):
        return DASH
    return name if normalize_lang(lang) == DEFAULT_LANG else transliterate(name)
