"""Ingest: the oblast's monthly CSV/XLSX exports -> a validated, atomically written snapshot.

Modules, in the order data flows: sources (which files) -> detect (format, encoding, delimiter, table)
-> read (streaming rows) -> frames (rows to chunks) -> normalize (headers, values, hromada names)
-> convert + validate + rules (typed values and row checks) -> staging (scratch DuckDB)
-> crosscheck (duplicates, references) -> merge (onto the base, inside SnapshotBuilder).
pipeline orchestrates; report shows problems (kinds lists them); housekeeping locks and cleans up;
export writes a snapshot back out as contract files; ui_flow serves the upload page.
"""
