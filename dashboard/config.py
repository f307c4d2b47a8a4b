"""Paths and settings in one place, each overridable by an environment variable.

This is the only module that reads the environment (tests/test_docs.py checks it); every DASHBOARD_*
variable read here is documented in README.md.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
FONTS_DIR = PROJECT_ROOT / "dashboard" / "assets" / "fonts"
# The browser tab icon, served by the app itself (a :material/…: icon would be fetched from a font service).
FAVICON = PROJECT_ROOT / "dashboard" / "assets" / "favicon.png"


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


def auth_store_file() -> Path:
    """The sign-in store shared by every server process (failed attempts, locks): dashboard/auth/store.py."""
    return data_dir() / "auth.sqlite3"


def trusted_proxies() -> list[str]:
    """Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For names the real client
    (DASHBOARD_TRUSTED_PROXIES, comma-separated; empty by default: the header is then ignored)."""
    return [p.strip() for p in os.environ.get("DASHBOARD_TRUSTED_PROXIES", "").split(",") if p.strip()]


def audit_dir() -> Path:
    return data_dir() / "audit"


def auth_mode() -> str:
    """'on' (login required, the production default) or 'off' (local demo only)."""
    return os.environ.get("DASHBOARD_AUTH", "on").strip().lower()


def max_upload_mb() -> int:
    """Files larger than this are refused by ingest (DASHBOARD_MAX_UPLOAD_MB)."""
    return int(os.environ.get("DASHBOARD_MAX_UPLOAD_MB", "500"))


def four_eyes() -> bool:
    """Whether publishing a snapshot needs a second administrator's approval first (DASHBOARD_FOUR_EYES=1)."""
    return os.environ.get("DASHBOARD_FOUR_EYES", "").strip().lower() in ("1", "on", "true", "yes")


def i18n_strict() -> bool:
    """Whether a missing translation raises instead of showing its key: under pytest, or DASHBOARD_I18N_STRICT=1."""
    return "PYTEST_CURRENT_TEST" in os.environ or os.environ.get("DASHBOARD_I18N_STRICT", "") == "1"


def bcrypt_rounds() -> int:
    """bcrypt cost of new password hashes (DASHBOARD_BCRYPT_ROUNDS, default 12, kept within 4–16; tests use 4)."""
    return max(4, min(16, int(os.environ.get("DASHBOARD_BCRYPT_ROUNDS", "12"))))


def login_max_failures(default: int) -> int:
    """Failed sign-ins of one login within the window that lock it (DASHBOARD_LOGIN_MAX_FAILURES)."""
    return int(os.environ.get("DASHBOARD_LOGIN_MAX_FAILURES", default))


def login_lock_min(default: float) -> float:
    """Minutes a locked login stays locked (DASHBOARD_LOGIN_LOCK_MIN)."""
    return float(os.environ.get("DASHBOARD_LOGIN_LOCK_MIN", default))


def session_timeout_min() -> float:
    """Minutes without interaction after which a session ends (DASHBOARD_SESSION_TIMEOUT_MIN, default 30)."""
    return float(os.environ.get("DASHBOARD_SESSION_TIMEOUT_MIN", "30"))


def session_max_hours() -> float:
    """Hours after sign-in after which a session ends however active it is (DASHBOARD_SESSION_MAX_HOURS,
    default 12)."""
    return float(os.environ.get("DASHBOARD_SESSION_MAX_HOURS", "12"))


def cookie_secure() -> str:
    """When the session cookies get the Secure flag (DASHBOARD_COOKIE_SECURE): `auto` (the default) when
    the request came over HTTPS or through a proxy that says so (X-Forwarded-Proto: https), `always`
    behind a TLS proxy that does not send that header."""
    value = os.environ.get("DASHBOARD_COOKIE_SECURE", "auto").strip().lower()
    return value if value in ("auto", "always") else "auto"


def process_environment() -> dict[str, str]:
    """A copy of this process's environment, handed on to the Streamlit processes of `python -m dashboard
    serve` (dashboard/serving/cluster.py), so that they read the same DASHBOARD_* settings."""
    return dict(os.environ)


def fontconfig_file() -> str | None:
    """The administrator's own FONTCONFIG_FILE, if set: chart images then use it, not the shipped fonts."""
    return os.environ.get("FONTCONFIG_FILE")
