"""The snapshot build's own steps: `aggregates.sql` (run by snapshots.SnapshotBuilder) and the tables
computed in Python (`precompute.py`)."""
