"""Numbers and dates the Ukrainian way (140 000; 12,5 %; «березень 2019») or the English way, as text.

Pure functions: no Streamlit, no I/O. Every function takes `lang` ("uk" by default, or "en"; an unknown
language formats as Ukrainian) and shows a missing value (None, NaN, NaT, pd.NA, ±inf) as "—".
Rounding is half-up on the decimal value people see (2.25 → "2,3"), not Python's half-even on the
binary float. Negative numbers take a true minus sign (U+2212) in both languages.

This module holds the locale *conventions* (separators, month names, the minute unit), as CLDR does;
messages live in `dashboard/locales/*.toml` (see dashboard.i18n). Plotly helpers at the end make chart
axes and hover labels follow the same conventions.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

DASH = "—"  # shown for a missing value
NBSP = "\u00a0"  # between thousands (uk) and between a number and its unit
MINUS = "\u2212"  # a true minus sign


@dataclass(frozen=True)
class LocaleConventions:
    """How one language writes numbers, percentages, dates and months."""

    decimal: str
    group: str  # thousands separator
    percent_suffix: str  # appended to the number: "\u00a0%" (uk) or "%" (en)
    minutes_unit: str
    months: tuple[str, ...]  # nominative, as in «березень 2019»
    months_short: tuple[str, ...]  # for chart axes
    numeric_dates: bool  # 31.10.2026 rather than 31 Oct 2026
    time_joiner: str  # between a date and a time

    def date(self, day: dt.date) -> str:
        if self.numeric_dates:
            return f"{day.day:02d}.{day.month:02d}.{day.year}"
        return f"{day.day} {self.months_short[day.month - 1]} {day.year}"


_MONTHS_UK = (
    "січень", "лютий", "березень", "квітень", "травень", "червень",
    "липень", "серпень", "вересень", "жовтень", "листопад", "грудень",
)  # fmt: skip
# CLDR's abbreviations without the final dot («бер 2019»), so that axis labels stay short.
_MONTHS_SHORT_UK = ("січ", "лют", "бер", "квіт", "трав", "черв", "лип", "серп", "вер", "жовт", "лист", "груд")
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

LOCALES: dict[str, LocaleConventions] = {
    "uk": LocaleConventions(
        decimal=",",
        group=NBSP,
        percent_suffix=NBSP + "%",
        minutes_unit="хв",
        months=_MONTHS_UK,
        months_short=_MONTHS_SHORT_UK,
        numeric_dates=True,
        time_joiner=" ",
    ),
    "en": LocaleConventions(
        decimal=".",
        group=",",
        percent_suffix="%",
        minutes_unit="min",
        months=_MONTHS_EN,
        months_short=tuple(name[:3] for name in _MONTHS_EN),
        numeric_dates=False,
        time_joiner=", ",
    ),
}
DEFAULT_LANG = "uk"


def conventions(lang: str = DEFAULT_LANG) -> LocaleConventions:
    return LOCALES.get(lang, LOCALES[DEFAULT_LANG])


# --- numbers ---------------------------------------------------------------------------------------


def to_decimal(value: Any) -> Decimal | None:
    """`value` as an exact Decimal, or None when it is missing or not a finite number."""
    if value is None:
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        return Decimal(operator.index(value))  # int, numpy integers: exact, however large
    except TypeError:
        pass
    try:
        number = float(value)
    except (TypeError, ValueError):  # pd.NA, text
        return None
    if not math.isfinite(number):
        return None
    # repr gives the shortest decimal that round-trips: 2.675 stays 2.675, not 2.67499999…
    return Decimal(repr(number))


def _rounded(number: Decimal, digits: int) -> Decimal:
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never "−0"


def _digits_text(number: Decimal, digits: int, lang: str) -> str:
    """|number| rounded to `digits` decimals, with the language's separators (no sign)."""
    conv = conventions(lang)
    text = format(abs(_rounded(number, digits)), f",.{digits}f")
    return text.replace(",", "\0").replace(".", conv.decimal).replace("\0", conv.group)


def _with_sign(number: Decimal, digits: int, lang: str, *, plus: bool) -> str:
    rounded = _rounded(number, digits)
    sign = MINUS if rounded < 0 else ("+" if plus and rounded > 0 else "")
    return sign + _digits_text(rounded, digits, lang)


def fmt_num(value: Any, digits: int = 1, lang: str = DEFAULT_LANG) -> str:
    """12.5 → "12,5" (uk) / "12.5" (en); thousands grouped: 12345.6 → "12 345,6" (NBSP)."""
    number = to_decimal(value)
    return DASH if number is None else _with_sign(number, digits, lang, plus=False)


def fmt_int(value: Any, lang: str = DEFAULT_LANG) -> str:
    """140000 → "140 000" (uk, NBSP between thousands) / "140,000" (en); floats are rounded."""
    return fmt_num(value, 0, lang)


def fmt_pct(share: Any, digits: int = 1, lang: str = DEFAULT_LANG) -> str:
    """A share (0.125) as a percentage: "12,5 %" (uk, NBSP before %) / "12.5%" (en)."""
    number = to_decimal(share)
    if number is None:
        return DASH
    return _with_sign(number * 100, digits, lang, plus=False) + conventions(lang).percent_suffix


def fmt_signed(value: Any, digits: int = 0, lang: str = DEFAULT_LANG, *, percent: bool = False) -> str:
    """A change with its sign: "+3", "−2" (U+2212), "0"; with `percent=True` a share: 0.1 → "+10 %".

    Do not pass the result to `st.metric(delta=...)` alone: Streamlit reads only "-" as negative and
    would draw "−2" green and pointing up. Use `metric_delta()`.
    """
    number = to_decimal(value)
    if number is None:
        return DASH
    if percent:
        return _with_sign(number * 100, digits, lang, plus=True) + conventions(lang).percent_suffix
    return _with_sign(number, digits, lang, plus=True)


def fmt_minutes(value: Any, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """23 → "23 хв" (uk) / "23 min" (en), with a NBSP before the unit."""
    number = fmt_num(value, digits, lang)
    return number if number == DASH else f"{number}{NBSP}{conventions(lang).minutes_unit}"


def metric_delta(
    value: Any,
    digits: int = 0,
    lang: str = DEFAULT_LANG,
    *,
    percent: bool = False,
    higher_is_better: bool | None = True,
) -> dict[str, Any]:
    """Keyword arguments for `st.metric` that show a formatted delta with the right arrow and colour.

    `st.metric(label, value, **metric_delta(-2, lang=lang))`. Streamlit decides direction from a leading
    ASCII "-", which a true minus sign is not, so arrow and colour are set explicitly here.
    `higher_is_better=False` makes a rise red (offences); None keeps the delta grey (neutral).
    """
    number = to_decimal(value)
    if number is None:
        return {"delta": None}
    text = fmt_signed(number, digits, lang, percent=percent)
    rounded = _rounded(number * 100 if percent else number, digits)
    if rounded == 0:
        return {"delta": text, "delta_color": "gray", "delta_arrow": "off"}
    rising = rounded > 0
    good = None if higher_is_better is None else rising == higher_is_better
    colour = {None: "gray", True: "green", False: "red"}[good]
    return {"delta": text, "delta_color": colour, "delta_arrow": "up" if rising else "down"}


# --- dates -----------------------------------------------------------------------------------------


def to_date(value: Any) -> dt.date | None:
    """A date (or datetime / pd.Timestamp, kept as is) from `value`; ISO text is parsed; else None."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return parsed if len(value.strip()) > 10 else parsed.date()  # "2026-10-31" has no time
    if type(value).__name__ == "datetime64":  # a numpy scalar (from `.values`); NaT gives None
        value = value.astype("datetime64[us]").item()
    if isinstance(value, dt.date):
        return None if value != value else value  # pd.NaT is a datetime that is not equal to itself
    return None


def fmt_date(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A day: "31.10.2026" (uk) / "31 Oct 2026" (en)."""
    day = to_date(value)
    return DASH if day is None else conventions(lang).date(day)


def fmt_datetime(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A moment: "31.10.2026 14:05" (uk) / "31 Oct 2026, 14:05" (en); a plain date gets no time."""
    moment = to_date(value)
    if moment is None:
        return DASH
    if not isinstance(moment, dt.datetime):
        return fmt_date(moment, lang)
    return f"{fmt_date(moment, lang)}{conventions(lang).time_joiner}{moment:%H:%M}"


def month_names(lang: str = DEFAULT_LANG, *, short: bool = False) -> tuple[str, ...]:
    """The twelve month names, January first: «січень» … (uk, lowercase nominative) / "January" …"""
    conv = conventions(lang)
    return conv.months_short if short else conv.months


def fmt_month(value: Any, lang: str = DEFAULT_LANG) -> str:
    """The month of a date: «березень 2019» (uk) / "March 2019" (en)."""
    day = to_date(value)
    return DASH if day is None else f"{month_names(lang)[day.month - 1]} {day.year}"


def fmt_month_short(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A short month for chart axes: «бер 2019» (uk) / "Mar 2019" (en)."""
    day = to_date(value)
    return DASH if day is None else f"{month_names(lang, short=True)[day.month - 1]} {day.year}"


# --- plotly ----------------------------------------------------------------------------------------
# plotly.js formats numbers with d3-format, using layout.separators as the locale: its first character
# is the decimal mark, its second the thousands separator (plotly.js `getFormatter`). d3's "%" type
# cannot put a space before "%", so percentage axes take values in percent units (0–100) and a suffix.

D3_INT = ",d"  # tickformat / hover format of counts: grouped thousands, no decimals


def plotly_separators(lang: str = DEFAULT_LANG) -> str:
    """`layout.separators`: ",\u00a0" (uk: decimal comma, NBSP thousands) or ".," (en)."""
    conv = conventions(lang)
    return conv.decimal + conv.group


def plotly_layout(lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """Layout settings every figure needs for the language: `fig.update_layout(**plotly_layout(lang))`."""
    return {"separators": plotly_separators(lang)}


def d3_format(digits: int = 0) -> str:
    """The d3 format of a number with `digits` decimals and grouped thousands (",.1f")."""
    return D3_INT if digits == 0 else f",.{digits}f"


def pct_axis(lang: str = DEFAULT_LANG, digits: int = 0) -> dict[str, Any]:
    """Axis settings for values in percent units (0–100): `fig.update_yaxes(**pct_axis(lang))`."""
    return {"tickformat": d3_format(digits), "ticksuffix": conventions(lang).percent_suffix}


def hover_number(field: str = "y", digits: int = 0) -> str:
    """A hovertemplate fragment: "%{y:,d}"; the separators come from the layout."""
    return f"%{{{field}:{d3_format(digits)}}}"


def hover_pct(field: str = "y", lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """A hovertemplate fragment of a value in percent units: "%{y:,.1f}\u00a0%" (uk)."""
    return hover_number(field, digits) + conventions(lang).percent_suffix


def month_ticks(months: Iterable[Any], lang: str = DEFAULT_LANG, *, max_ticks: int = 12) -> dict[str, Any]:
    """Axis settings labelling a monthly axis in the language («бер 2019»), at most `max_ticks` labels.

    plotly.js has no Ukrainian month names unless a locale bundle is loaded, so the labels are given
    explicitly: `fig.update_xaxes(**month_ticks(df["month"], lang))`.
    """
    by_day: dict[tuple[int, int, int], Any] = {}  # one tick per month, whatever the value's type
    for month in months:
        day = to_date(month)
        if day is not None:
            by_day.setdefault((day.year, day.month, day.day), month)
    values = [by_day[key] for key in sorted(by_day)]
    step = max(1, math.ceil(len(values) / max(1, max_ticks)))
    shown = values[::step]
    return {
        "tickmode": "array",
        "tickvals": shown,
        "ticktext": [fmt_month_short(m, lang) for m in shown],
    }


def clamp(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in «…» when cut (for names and labels from the
    data that would otherwise make a card or a cell as tall as the text is long; show the whole text on
    demand beside it)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
