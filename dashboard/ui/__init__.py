"""Shared Streamlit pieces: data access with caching, sidebar filters, page context, layout helpers."""
