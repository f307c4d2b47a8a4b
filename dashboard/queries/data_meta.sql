-- params: none
-- The snapshot's own record: when and how it was built, from which files, what the ingest rejected.
SELECT
    reporting_date, created_at, schema_version, is_demo, generator, app_version, row_counts,
    source_files, base_snapshot, rows_rejected, warnings
FROM snapshot_meta
