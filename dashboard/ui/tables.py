"""Tables in the composition idiom: `st.dataframe` without the index, full width, translated labels, and
column types whose display follows the language (dates «31.10.2026» / "31 Oct 2026")."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

# moment.js patterns of st.column_config date columns, matching dashboard.formatting.fmt_date / fmt_datetime.
_DATE_FORMAT = {"uk": "DD.MM.YYYY", "en": "D MMM YYYY"}
_DATETIME_FORMAT = {"uk": "DD.MM.YYYY HH:mm", "en": "D MMM YYYY, HH:mm"}


def show_table(frame: pd.DataFrame, /, **columns: Any) -> None:
    """`st.dataframe(frame, hide_index=True, width="stretch", column_config=columns)`.

    Pass one `column_config` entry per column as a keyword: `show_table(df, hromada=text_column("…"))`.
    """
    st.dataframe(frame, hide_index=True, width="stretch", column_config=columns)


def text_column(label: str, **kwargs: Any) -> Any:
    return st.column_config.TextColumn(label, **kwargs)


def int_column(label: str, **kwargs: Any) -> Any:
    """A whole-number column. Note: the browser groups no thousands here; pre-format large counts."""
    return st.column_config.NumberColumn(label, format="%d", **kwargs)


def date_column(label: str, lang: str, **kwargs: Any) -> Any:
    return st.column_config.DateColumn(label, format=_DATE_FORMAT.get(lang, _DATE_FORMAT["uk"]), **kwargs)


def datetime_column(label: str, lang: str, **kwargs: Any) -> Any:
    return st.column_config.DatetimeColumn(
        label, format=_DATETIME_FORMAT.get(lang, _DATETIME_FORMAT["uk"]), **kwargs
    )
