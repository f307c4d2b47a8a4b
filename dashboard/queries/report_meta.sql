-- params: none
-- The snapshot's metadata row (reporting date, demo flag, row counts and source files as JSON text).
SELECT reporting_date, created_at, is_demo, generator, row_counts, source_files, rows_rejected, warnings
FROM snapshot_meta
