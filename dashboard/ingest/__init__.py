"""Ingest: the oblast's monthly CSV/XLSX exports -> a validated snapshot, written atomically or not at all.

Data flows: sources (which files) -> detect (format, encoding, delimiter, header, table) -> read
(streaming rows) -> frames (rows to chunks) -> normalize (headers, allowed values, hromada names) ->
convert + validate + rules (typed values, row checks; check holds their shared state) -> staging
(scratch DuckDB) -> crosscheck (duplicate keys, unknown officers, in SQL) -> merge (onto the base,
inside SnapshotBuilder). pipeline orchestrates. kinds + problems + report describe and show problems;
housekeeping holds the ingest lock and removes stale temporary files; export writes a snapshot back out
as contract files; ui_flow is the upload page's logic. The contract: docs/DATA_CONTRACT.md.
"""
