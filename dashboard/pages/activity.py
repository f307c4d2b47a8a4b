"""Placeholder for the activity page (being written)."""

from dashboard.ui.context import get_context
from dashboard.ui.layout import page_header

ctx = get_context()
page_header(ctx, "activity")
