"""Tables in the composition idiom: `st.dataframe` without the index, full width, translated labels, and
column types whose display follows the language (dates «31.10.2026» / "31 Oct 2026")."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from dashboard.formatting import DASH

# moment.js patterns of st.column_config date columns, matching dashboard.formatting.fmt_date / fmt_datetime.
_DATE_FORMAT = {"uk": "DD.MM.YYYY", "en": "D MMM YYYY"}
_DATETIME_FORMAT = {"uk": "DD.MM.YYYY HH:mm", "en": "D MMM YYYY, HH:mm"}


def data_table(
    data: pd.DataFrame | Styler, /, *, name: str, export: pd.DataFrame | None = None, **dataframe_kwargs: Any
) -> None:
    """A table as every page shows one: `st.dataframe` (hide_index, full width; the toolbar's own CSV
    export is off, `client.disableDataExport`) with audited CSV and XLSX buttons under it.

    `name` is a Latin slug, unique on the page (file names and widget keys derive from it). `export` is
    the frame the files hold (default: the data behind `data`); it must come from `ctx.query` (the policy
    is already applied) or from a view built on such frames. The files hold the columns the table shows
    (`column_order`, hidden columns dropped), headed by the table's labels (`column_config`).
    """
    from dashboard.ui.context import get_context
    from dashboard.ui.downloads import table_downloads

    dataframe_kwargs.setdefault("hide_index", True)
    dataframe_kwargs.setdefault("width", "stretch")
    if isinstance(data, Styler):  # may be shared by sessions (ui.view_cache); drawing computes into it
        data = copy.deepcopy(data)
    st.dataframe(data, **dataframe_kwargs)
    ctx = get_context()
    frame, labels = export_frame(data, export, **dataframe_kwargs)
    if _has_blanks(frame):  # every «—» gets its footnote
        st.caption(ctx.t("notice.blank_cells"))
    table_downloads(ctx, frame, name, labels=labels)


def _has_blanks(frame: pd.DataFrame) -> bool:
    """Whether the table shows a «—» (a missing value, written as text by the table builders)."""
    text = frame.select_dtypes(include=["object", "string"])
    return bool(frame.isna().to_numpy().any() or text.isin([DASH]).to_numpy().any())


def _label(config: Any) -> str | None:
    """The header a `column_config` entry gives its column (None: none given)."""
    if isinstance(config, str):
        return config
    if isinstance(config, dict) and config.get("label"):
        return str(config["label"])
    return None


def _hidden(config: Any) -> bool:
    return config is None or (isinstance(config, dict) and bool(config.get("hidden")))


def export_frame(
    data: pd.DataFrame | Styler,
    export: pd.DataFrame | None = None,
    *,
    column_config: dict[Any, Any] | None = None,
    column_order: Any = None,
    hide_index: bool | None = True,
    **_: Any,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """What the download files of a table hold: the frame (shown columns only, in the shown order) and
    its column headers (column name → label of the interface, where the table gives one)."""
    if export is not None:
        frame = export
    elif isinstance(data, Styler):
        frame = data.data  # type: ignore[attr-defined]  # public in pandas, missing from pandas-stubs
        hidden = set(getattr(data, "hidden_columns", ()) or ())
        frame = frame[[c for i, c in enumerate(frame.columns) if i not in hidden]]
    else:
        frame = data
    if hide_index is False:
        frame = frame.reset_index()
    configs = column_config or {}
    if export is None:
        columns = [c for c in frame.columns if not (c in configs and _hidden(configs[c]))]
        if column_order is not None:
            columns = [c for c in column_order if c in columns]
        frame = frame[columns]
    labels = {str(c): label for c, config in configs.items() if (label := _label(config)) is not None}
    return frame, labels


def show_table(frame: pd.DataFrame, /, *, name: str, **columns: Any) -> None:
    """`data_table(frame, name=name, column_config=columns)`.

    Pass one `column_config` entry per column as a keyword: `show_table(df, name="x", hromada=text_column("…"))`.
    """
    data_table(frame, name=name, column_config=columns)


def text_column(label: str, **kwargs: Any) -> Any:
    return st.column_config.TextColumn(label, **kwargs)


def int_column(label: str, **kwargs: Any) -> Any:
    """A whole-number column. Note: the browser groups no thousands here; pre-format large counts."""
    return st.column_config.NumberColumn(label, format="%d", **kwargs)


def money_column(label: str, **kwargs: Any) -> Any:
    """An amount (UAH): thousands grouped the way the reader's browser groups them."""
    return st.column_config.NumberColumn(label, format="localized", **kwargs)


def date_column(label: str, lang: str, **kwargs: Any) -> Any:
    return st.column_config.DateColumn(label, format=_DATE_FORMAT.get(lang, _DATE_FORMAT["uk"]), **kwargs)


def datetime_column(label: str, lang: str, **kwargs: Any) -> Any:
    return st.column_config.DatetimeColumn(
        label, format=_DATETIME_FORMAT.get(lang, _DATETIME_FORMAT["uk"]), **kwargs
    )
