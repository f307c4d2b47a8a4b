"""Normalising what people type: column headers, allowed values and hromada names.

Headers match the English contract names or their Ukrainian aliases, ignoring case, spaces and `_`.
Allowed values accept the Ukrainian spellings of schema.VALUE_ALIASES_UK. A hromada is given by its
KATOTTG code or by its name, matched after folding case, the apostrophes, «громада», «ОТГ» and the
type words, and knowing the two renamings since 2020; when nothing matches, the closest names are offered.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd

from dashboard.schema import CONTRACT, VALUE_ALIASES_UK, Table

APOSTROPHES = "'’ʼ‘`´"
_SPACES = re.compile(r"\s+")
_APOSTROPHE_RE = re.compile("[" + re.escape(APOSTROPHES) + "]")


def fold(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces, no surrounding space or BOM."""
    text = text.replace("\ufeff", "").replace("\u00a0", " ").replace("\u202f", " ")
    text = _APOSTROPHE_RE.sub("’", text)
    return _SPACES.sub(" ", text).strip().lower()


def header_key(text: str) -> str:
    """The comparable form of a column header: folded, without spaces, `_` and a trailing `*` or `:`."""
    return fold(text).rstrip("*: ").replace(" ", "").replace("_", "")


@cache
def header_index(table_name: str) -> dict[str, str]:
    """header_key(name or alias) -> contract column name, for one table."""
    index: dict[str, str] = {}
    for col in CONTRACT[table_name].columns:
        for text in (col.name, *col.alias_uk):
            index[header_key(text)] = col.name
    return index


@lru_cache(maxsize=1)
def all_header_keys() -> frozenset[str]:
    return frozenset(k for name in CONTRACT for k in header_index(name))


@dataclass
class HeaderMap:
    """Which contract column each position of the header row holds (None: not a contract column)."""

    columns: list[str | None]
    missing: list[str] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)  # column -> positions (0-based)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (position, header text)

    @property
    def present(self) -> list[str]:
        return [c for c in self.columns if c]


def map_headers(table: Table, header: list[str]) -> HeaderMap:
    index = header_index(table.name)
    columns: list[str | None] = []
    seen: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    for pos, text in enumerate(header):
        name = index.get(header_key(text))
        if name is None and text.strip():
            unknown.append((pos, text))
        if name is not None:
            seen.setdefault(name, []).append(pos)
            if len(seen[name]) > 1:
                name = None  # only the first of duplicated columns is read
        columns.append(name)
    missing = [c.name for c in table.columns if c.required and c.name not in seen]
    duplicates = {name: pos for name, pos in seen.items() if len(pos) > 1}
    return HeaderMap(columns, missing, duplicates, unknown)


# --- allowed values -------------------------------------------------------------------------------

VALUE_ALIAS_KEYS = {
    ("resources", "resource"): "resource",
    ("resources", "status"): "status_resource",
    ("passport_items", "priority"): "priority",
    ("passport_items", "status"): "status_passport",
    ("funding", "item"): "funding_item",
    ("funding", "source_type"): "funding_source",
}


@cache
def choice_index(table_name: str, column: str) -> dict[str, str]:
    """Folded spelling -> canonical allowed value (English codes and their Ukrainian aliases)."""
    col = next(c for c in CONTRACT[table_name].columns if c.name == column)
    index = {fold(v): v for v in col.allowed}
    index.update({fold(v).replace("_", " "): v for v in col.allowed})
    alias_key = VALUE_ALIAS_KEYS.get((table_name, column))
    if alias_key:
        index.update({fold(k): v for k, v in VALUE_ALIASES_UK[alias_key].items()})
    return index


def _choice_key(text: str) -> str:
    return fold(text).replace("_", " ").replace("-", " ")


def normalise_choices(values: pd.Series, table_name: str, column: str) -> tuple[pd.Series, pd.Series]:
    """(canonical values, mask of values that are not allowed); empty values stay empty."""
    index = {_choice_key(k): v for k, v in choice_index(table_name, column).items()}
    uniques = values.dropna().unique()
    mapping = {u: index.get(_choice_key(str(u))) for u in uniques}
    canonical = values.map(mapping)
    bad = values.notna() & canonical.isna()
    return canonical.astype("str"), bad


def allowed_description(table_name: str, column: str) -> str:
    col = next(c for c in CONTRACT[table_name].columns if c.name == column)
    alias_key = VALUE_ALIAS_KEYS.get((table_name, column))
    text = ", ".join(col.allowed)
    if alias_key:
        text += " (" + ", ".join(VALUE_ALIASES_UK[alias_key]) + ")"
    return text


# --- hromadas -------------------------------------------------------------------------------------

KATOTTG_RE = re.compile(r"^UA\d{17}$")
MAX_SUGGESTED = 100  # unmatched names per chunk that get suggestions
_NOISE_WORDS = {
    "громада", "територіальна", "об’єднана", "обєднана", "отг", "тг", "сільська", "селищна", "міська",
    "рада", "hromada", "community", "territorial", "rural", "urban", "settlement", "otg",
}  # fmt: skip
_LATIN_LOOKALIKES = str.maketrans("aceiopxyk", "асеіорхук")
_CYRILLIC = re.compile("[а-яіїєґ]")
_PUNCT = re.compile(r"[«»\"“”„().,;:!?\-–—/]")


def hromada_key(text: str) -> str:
    """A hromada name reduced to its distinctive word(s): «Знам'янська міська ТГ» -> «знамянська»."""
    folded = fold(text)
    if _CYRILLIC.search(folded):
        folded = folded.translate(_LATIN_LOOKALIKES)  # Latin «i» typed inside a Ukrainian word
    folded = _PUNCT.sub(" ", folded).replace("’", "")
    words = [w for w in folded.split() if w not in _NOISE_WORDS and w.replace("’", "") not in _NOISE_WORDS]
    return " ".join(words)


class HromadaMatcher:
    """Resolves codes and names to KATOTTG codes against a hromada list (reference.hromadas() columns)."""

    def __init__(self, hromadas: pd.DataFrame) -> None:
        self.codes = frozenset(hromadas["katottg"])
        self.display: dict[str, str] = dict(zip(hromadas["katottg"], hromadas["name_uk"], strict=True))
        keys: dict[str, set[str]] = {}
        for column in ("name_current_uk", "name_full_uk", "name_uk", "name_en"):
            if column not in hromadas:
                continue
            for code, name in zip(hromadas["katottg"], hromadas[column], strict=True):
                if isinstance(name, str) and name:
                    keys.setdefault(hromada_key(name), set()).add(code)
        # A key that two hromadas share would be a guess: leave it out, the code still works.
        self.index = {k: next(iter(v)) for k, v in keys.items() if len(v) == 1 and k}

    def resolve_one(self, text: str) -> str | None:
        code = _SPACES.sub("", text).upper()
        if KATOTTG_RE.match(code):
            return code if code in self.codes else None
        return self.index.get(hromada_key(text))

    def suggestions(self, text: str, n: int = 3) -> list[str]:
        close = difflib.get_close_matches(hromada_key(text), list(self.index), n=n * 3, cutoff=0.6)
        names: list[str] = []
        for key in close:
            name = self.display[self.index[key]]
            if name not in names:
                names.append(name)
        return names[:n]

    def resolve(self, values: pd.Series) -> tuple[pd.Series, pd.Series, dict[str, str]]:
        """(codes, mask of unmatched non-empty values, unmatched value -> suggested names text)."""
        mapping = {u: self.resolve_one(str(u)) for u in values.dropna().unique()}
        codes = values.map(mapping)
        bad = values.notna() & codes.isna()
        unmatched = [u for u, c in mapping.items() if c is None]
        # Suggestions cost a fuzzy comparison each: a file of garbage gets them for its first names only.
        hints = {u: ", ".join(self.suggestions(str(u))) or "—" for u in unmatched[:MAX_SUGGESTED]}
        hints.update({u: "—" for u in unmatched[MAX_SUGGESTED:]})
        return codes.astype("str"), bad, hints
