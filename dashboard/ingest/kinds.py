"""The catalogue of ingest problems: each kind's code and severity.

A short name, what went wrong and how to fix it are in the string tables (dashboard/locales/<lang>.toml),
under `pg.ingest.kind.<code>.label`, `.message` and `.fix`, Ukrainian by default and English with
lang="en". Templates may use `{column}`, `{value}` and `{detail}` (a per-problem text: allowed values,
suggested names, the other row of a duplicate...). docs/DATA_CONTRACT.md lists every kind; a test keeps
it so.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.i18n import DEFAULT_LANG, t

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Kind:
    code: str
    severity: str

    def label(self, lang: str = DEFAULT_LANG) -> str:
        """The kind's short name in `lang` (the code itself stays in the CSV report, for scripts)."""
        return t(f"pg.ingest.kind.{self.code}.label", lang)

    def message(self, lang: str = DEFAULT_LANG, column: str = "", value: str = "", detail: str = "") -> str:
        """What went wrong, in `lang`, with the problem's column, value and detail filled in."""
        return t(f"pg.ingest.kind.{self.code}.message", lang, column=column, value=value, detail=detail)

    def fix(self, lang: str = DEFAULT_LANG, column: str = "", value: str = "", detail: str = "") -> str:
        """How to fix it, in `lang`, with the problem's column, value and detail filled in."""
        return t(f"pg.ingest.kind.{self.code}.fix", lang, column=column, value=value, detail=detail)


_E, _W = ERROR, WARNING
KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        # --- the command and the base snapshot ---
        Kind("no_files", _E),
        Kind("base_not_found", _E),
        Kind("base_is_demo", _E),
        Kind("base_withdrawn", _E),
        Kind("date_before_base", _E),
        Kind("reporting_date_in_future", _E),
        Kind("snapshot_exists", _E),
        Kind("snapshot_exists_draft", _E),
        Kind("snapshot_file_damaged", _E),
        Kind("rejected_draft_replaced", _W),
        Kind("ingest_busy", _E),
        Kind("folder_unwritable", _E),
        Kind("disk_full", _E),
        # --- whole files ---
        Kind("file_not_found", _E),
        Kind("unsupported_format", _E),
        Kind("ignored_file", _W),
        Kind("file_too_large", _E),
        Kind("not_text", _E),
        Kind("bad_encoding", _E),
        Kind("bad_xlsx", _E),
        Kind("xlsx_too_large", _E),
        Kind("zip_bomb", _E),
        Kind("wrong_extension", _W),
        Kind("no_header", _E),
        Kind("unknown_table", _E),
        Kind("rows_before_header", _W),
        Kind("missing_column", _E),
        Kind("duplicate_column", _E),
        Kind("unknown_column", _W),
        Kind("empty_file", _W),
        Kind("bad_csv", _E),
        # --- rows and values ---
        Kind("wrong_field_count", _E),
        Kind("missing_value", _E),
        Kind("text_too_long", _E),
        Kind("control_characters", _E),
        Kind("bad_date", _E),
        Kind("bad_datetime", _E),
        Kind("missing_time", _E),
        Kind("date_in_future", _E),
        Kind("planned_date_in_future", _W),
        Kind("date_too_far", _E),
        Kind("date_too_old", _E),
        Kind("not_a_number", _E),
        Kind("not_integer", _E),
        Kind("negative", _E),
        Kind("out_of_range", _E),
        Kind("zero_duration", _W),
        Kind("not_allowed", _E),
        Kind("unknown_hromada", _E),
        Kind("coords_incomplete", _E),
        Kind("outside_oblast", _E),
        Kind("arrived_before_received", _E),
        Kind("slow_arrival", _W),
        Kind("solved_before_registered", _E),
        Kind("dates_out_of_order", _E),
        Kind("yes_above_respondents", _E),
        Kind("duplicate_id", _E),
        Kind("unknown_officer", _E),
        # --- funding (contract v1.1) ---
        Kind("negative_amount", _E),
        Kind("bad_prozorro_id", _E),
    )
}


def kind(code: str) -> Kind:
    return KINDS[code]
