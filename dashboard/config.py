"""Paths and settings in one place, each overridable by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
FONTS_DIR = PROJECT_ROOT / "dashboard" / "assets" / "fonts"


def data_dir() -> Path:
    """Root of the mutable data: snapshots, users file, audit log (DASHBOARD_DATA_DIR)."""
    return Path(os.environ.get("DASHBOARD_DATA_DIR", PROJECT_ROOT / "data")).resolve()


def snapshots_dir() -> Path:
    return data_dir() / "snapshots"


def users_file() -> Path:
    return Path(os.environ.get("DASHBOARD_USERS_FILE", data_dir() / "users.toml")).resolve()


def disclosure_key_file() -> Path:
    """The secret that fixes the partner view's rounding of sensitive counts (dashboard/disclosure.py)."""
    return data_dir() / "disclosure.key"


def audit_dir() -> Path:
    return data_dir() / "audit"


def auth_mode() -> str:
    """'on' (login required, the production default) or 'off' (local demo only)."""
    return os.environ.get("DASHBOARD_AUTH", "on").strip().lower()


def max_upload_mb() -> int:
    """Files larger than this are refused by ingest (DASHBOARD_MAX_UPLOAD_MB)."""
    return int(os.environ.get("DASHBOARD_MAX_UPLOAD_MB", "500"))


def i18n_strict() -> bool:
    """Whether a missing translation raises instead of showing its key: under pytest, or DASHBOARD_I18N_STRICT=1."""
    return "PYTEST_CURRENT_TEST" in os.environ or os.environ.get("DASHBOARD_I18N_STRICT", "") == "1"
