"""A snapshot written back out as contract files: one UTF-8 CSV per table, English headers, ISO dates.

The files are what ingest reads, so `export_contract_files` followed by an ingest with `--base none`
rebuilds the same tables (the round-trip test relies on it). Text cells that a spreadsheet would run
as formulas are neutralised (export_safety); ingest undoes exactly that prefix.
Rows stream out in batches: memory does not grow with the table.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.export_safety import neutralise_cells
from dashboard.schema import CONTRACT
from dashboard.sql_ident import fill_identifiers

BATCH_ROWS = 200_000
# Every value as text the ingest reads back exactly: DuckDB writes dates ISO and doubles round-trip.
_QUERY = "SELECT COLUMNS(*)::VARCHAR FROM (SELECT {c} FROM {t} ORDER BY {k})"


def export_contract_files(con: duckdb.DuckDBPyConnection, directory: Path) -> list[Path]:
    """Write `<table>.csv` for every contract table of the snapshot open on `con`; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in CONTRACT.items():
        path = directory / f"{name}.csv"
        query = fill_identifiers(_QUERY, c=table.column_names, t=name, k=list(table.key))
        cursor = con.cursor()
        try:
            reader = cursor.sql(query).to_arrow_reader(BATCH_ROWS)
            with open(path, "w", encoding="utf-8", newline="") as stream:
                stream.write(",".join(table.column_names) + "\n")
                for batch in reader:
                    frame = neutralise_cells(batch.to_pandas())
                    frame.to_csv(stream, header=False, index=False, na_rep="", lineterminator="\n")
        finally:
            cursor.close()
        written.append(path)
    return written
