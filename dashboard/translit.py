"""Ukrainian → Latin by the official national transliteration (Cabinet of Ministers of Ukraine, resolution
No. 55 of 27 January 2010, «Про впорядкування транслітерації українського алфавіту латиницею»).

Used for proper names the data give only in Ukrainian (hromada and raion names of the reference set,
settlements, police stations, officers' names) when the interface is in English. The resolution's rules:
- one table for every letter; є ї й ю я have an initial form at the start of a word (Ye Yi Y Yu Ya) and
  another elsewhere (ie i i iu ia);
- «зг» is written «zgh» (Згорани → Zghorany), to tell it from «ж» (zh);
- the soft sign and the apostrophe are not written (Знам'янка → Znamianka).
A word written in capitals stays in capitals (ЯВОРСЬКИЙ → YAVORSKYI); anything that is not a Ukrainian
letter (Latin, digits, punctuation) is kept as it is. tests/test_translit.py checks the resolution's own
examples.
"""

from __future__ import annotations

# The resolution's table: the form inside a word (and at its start, unless INITIAL gives another).
TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
}  # fmt: skip
# At the start of a word.
INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# The apostrophe in its three spellings (typewriter, right single quote, modifier letter): not written, and
# a letter after it is inside the word (Мар'їне → Marine).
APOSTROPHES = frozenset("'’ʼ")


def _is_letter(ch: str) -> bool:
    return ch.lower() in TABLE


def transliterate(text: str) -> str:
    """`text` with every Ukrainian letter written in Latin by the 2010 national system."""
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        if (
            ch in APOSTROPHES
            and 0 < i < len(text) - 1
            and _is_letter(text[i - 1])
            and _is_letter(text[i + 1])
        ):
            continue  # an apostrophe inside a word; quotes round a word are kept
        if low not in TABLE:
            out.append(ch)
            continue
        previous = text[i - 1] if i > 0 else ""
        after_apostrophe = previous in APOSTROPHES and i > 1 and _is_letter(text[i - 2])
        at_word_start = not (_is_letter(previous) or after_apostrophe)
        if low == "г" and previous.lower() == "з":
            latin = "gh"
        elif at_word_start and low in INITIAL:
            latin = INITIAL[low]
        else:
            latin = TABLE[low]
        if ch.isupper() and latin:
            # In a word written in capitals every letter stays a capital (ЩУКА → SHCHUKA), else only the first.
            neighbours = (text[i - 1 : i] + text[i + 1 : i + 2]).strip()
            in_capitals = any(_is_letter(n) and n.isupper() for n in neighbours)
            latin = latin.upper() if in_capitals else latin.capitalize()
        out.append(latin)
    return "".join(out)
