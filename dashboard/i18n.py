"""Every user-visible string of the dashboard, in Ukrainian (the default) and English.

The strings live in one place, `dashboard/locales/<lang>.toml`, under dotted snake_case keys
(`page.overview.title`, `activity_type.patrol`). Pages call

    t("page.overview.title", ctx.lang)               # or ctx.t("page.overview.title")
    t("notice.data_as_of", lang, date=fmt_date(d, lang))
    tn("count.hromadas", 21, lang)                   # «21 громада», «22 громади», «25 громад»
    label("offence", "theft", lang)                  # a coded value from the data contract

Placeholders are `{name}` (str.format); pass values already formatted (dashboard.formatting), so
numbers are written the language's way. A key missing in English falls back to Ukrainian; a key missing
everywhere raises MissingTranslationError under pytest (or with DASHBOARD_I18N_STRICT=1) and otherwise
shows the key itself and logs a warning, so that a typo never takes a page down in production.
"""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dashboard import config
from dashboard.formatting import DASH, fmt_int, fmt_num, to_decimal

LANGS = ("uk", "en")
DEFAULT_LANG = "uk"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
# CLDR plural categories: a table made only of these keys is one plural entry, not a group of keys.
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
PLURAL_FORMS = {"uk": ("one", "few", "many", "other"), "en": ("one", "other")}

Entry = str | Mapping[str, str]  # a text, or the plural forms of one

_log = logging.getLogger(__name__)
_warned: set[tuple[str, str]] = set()


class MissingTranslationError(KeyError):
    """A key that no string table has, or a placeholder the caller did not pass."""


def normalize_lang(lang: str | None) -> str:
    """`lang` if it is one of LANGS, else the default (Ukrainian)."""
    return lang if lang in LANGS else DEFAULT_LANG


@dataclass(frozen=True)
class _Table:
    entries: Mapping[str, Entry]  # dotted key -> text or plural forms
    groups: Mapping[str, tuple[str, ...]]  # prefix -> the codes of its plain texts, in file order


@cache
def _table(lang: str) -> _Table:
    path = LOCALES_DIR / f"{normalize_lang(lang)}.toml"
    with path.open("rb") as file:
        data = tomllib.load(file)
    entries: dict[str, Entry] = {}
    groups: dict[str, list[str]] = {}
    _flatten(data, "", entries, groups, path.name)
    return _Table(MappingProxyType(entries), MappingProxyType({g: tuple(c) for g, c in groups.items()}))


def strings(lang: str) -> Mapping[str, Entry]:
    """The string table of `lang`, flattened to dotted keys (read once per process)."""
    return _table(lang).entries


def _flatten(
    node: Mapping[str, Any], prefix: str, entries: dict[str, Entry], groups: dict[str, list[str]], source: str
) -> None:
    for name, value in node.items():
        key = f"{prefix}.{name}" if prefix else name
        if isinstance(value, str):
            entries[key] = value
            groups.setdefault(prefix, []).append(name)  # codes may hold dots ("lt7.5k"): keep them whole
        elif isinstance(value, dict) and value and "other" in value and set(value) <= PLURAL_CATEGORIES:
            if not all(isinstance(form, str) for form in value.values()):
                raise TypeError(f"{source}: the plural forms of {key} must be strings")
            entries[key] = MappingProxyType(dict(value))
        elif isinstance(value, dict):
            _flatten(value, key, entries, groups, source)
        else:
            raise TypeError(f"{source}: {key} must be a string, not {type(value).__name__}")


def _lookup(key: str, lang: str) -> tuple[Entry, str] | None:
    """The entry of `key` and the language it was found in (English falls back to Ukrainian)."""
    for candidate in dict.fromkeys((normalize_lang(lang), DEFAULT_LANG)):
        entry = strings(candidate).get(key)
        if entry is not None:
            return entry, candidate
    return None


def has_key(key: str) -> bool:
    """Whether the Ukrainian table (the reference one) has `key`."""
    return key in strings(DEFAULT_LANG)


def _fail(key: str, lang: str, problem: str) -> str:
    if config.i18n_strict():
        raise MissingTranslationError(f"{key!r} ({lang}): {problem}")
    if (key, problem) not in _warned:
        _warned.add((key, problem))
        _log.warning("i18n: %s (%s): %s", key, lang, problem)
    return key


def _render(key: str, lang: str, template: str, kwargs: Mapping[str, Any]) -> str:
    try:
        return template.format(**kwargs)
    except (KeyError, IndexError) as exc:
        _fail(key, lang, f"placeholder {exc} not given")
        return template


def t(key: str, lang: str = DEFAULT_LANG, /, **kwargs: Any) -> str:
    """The text of `key` in `lang`, with `{placeholders}` filled from `kwargs`."""
    found = _lookup(key, lang)
    if found is None:
        return _fail(key, lang, "missing key")
    entry, _ = found
    if not isinstance(entry, str):
        _fail(key, lang, "a plural entry: call tn(key, count, lang)")
        entry = entry["other"]
    return _render(key, lang, entry, kwargs)


def plural_category(count: Any, lang: str = DEFAULT_LANG) -> str:
    """The CLDR plural category of `count`: uk one/few/many (integers) or other; en one/other."""
    number = to_decimal(count)
    if number is None:
        return "other"
    integral = number == number.to_integral_value()
    if normalize_lang(lang) == "en":
        return "one" if number == 1 else "other"
    if not integral:
        return "other"
    n = abs(int(number))
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def tn(key: str, count: Any, lang: str = DEFAULT_LANG, /, **kwargs: Any) -> str:
    """The plural form of `key` that agrees with `count`; `{n}` is the count, formatted.

    `tn("count.hromadas", 22, "uk")` → «22 громади». Pass `n=...` to show something else (e.g. «≈25»).
    """
    found = _lookup(key, lang)
    if found is None:
        return _fail(key, lang, "missing key")
    entry, found_lang = found
    if isinstance(entry, str):
        template = entry
    else:
        template = entry.get(plural_category(count, found_lang)) or entry["other"]
    number = to_decimal(count)
    if number is None:
        shown = DASH
    elif number == number.to_integral_value():
        shown = fmt_int(number, found_lang)
    else:
        shown = fmt_num(number, 1, found_lang)
    return _render(key, lang, template, {"n": shown, **kwargs})


def label(group: str, value: Any, lang: str = DEFAULT_LANG) -> str:
    """The display name of a coded value: `label("activity_type", "patrol", "en")` → "Patrol".

    A code without a string (call categories are free text in the contract) is shown as it is;
    a missing value as "—".
    """
    if _is_missing(value):
        return DASH
    key = f"{group}.{value}"
    found = _lookup(key, lang)
    if found is None or not isinstance(found[0], str):
        return str(value)
    return t(key, lang)


def _is_missing(value: Any) -> bool:
    """None, NaN, NaT or pd.NA (whose comparisons are themselves NA)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:
        return True


def labels(group: str, lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Every code of `group` with its display name, in file order: for `.map()` and `format_func`.

    Only plain texts count: templates with placeholders (`period.year`) and plural entries are left out.
    """
    reference = strings(DEFAULT_LANG)
    codes = [
        code
        for code in _table(DEFAULT_LANG).groups.get(group, ())  # groups hold plain texts only
        if isinstance(text := reference[f"{group}.{code}"], str) and not placeholders(text)
    ]
    if not codes:
        _fail(group, lang, "no plain texts in this group")
    return {code: t(f"{group}.{code}", lang) for code in codes}


def placeholders(text: str) -> set[str]:
    """The `{names}` a template needs (raises ValueError on a malformed brace)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@dataclass(frozen=True)
class Translator:
    """`t`, `tn`, `label` and `labels` bound to one language: `tr = Translator(ctx.lang)`, then
    `tr("page.map.title")`, `tr.tn("count.hromadas", 5)`, `tr.label("offence", code)`."""

    lang: str = DEFAULT_LANG

    def __post_init__(self) -> None:
        object.__setattr__(self, "lang", normalize_lang(self.lang))

    def __call__(self, key: str, /, **kwargs: Any) -> str:
        return t(key, self.lang, **kwargs)

    def tn(self, key: str, count: Any, /, **kwargs: Any) -> str:
        return tn(key, count, self.lang, **kwargs)

    def label(self, group: str, value: Any) -> str:
        return label(group, value, self.lang)

    def labels(self, group: str) -> dict[str, str]:
        return labels(group, self.lang)
