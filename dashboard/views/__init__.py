"""The view layer: pure functions (no `st.`) that turn query results into what a page places.

One path for every number: SQL (`dashboard/queries/*.sql`) → typed wrapper (`dashboard/queries/*.py`, its
columns declared) → view (`dashboard/views/<page>.py`: KPI cards, tables with labels, figures) → page
(`dashboard/pages/<page>.py`: layout only). Views can be unit-tested without Streamlit.
"""
