"""The users file: logins, roles, hromadas and bcrypt password hashes (never a password in clear).

The file is TOML at `config.users_file()` (`$DASHBOARD_USERS_FILE`, default `data/users.toml`, ignored by
git). Every change rewrites it atomically (temp file + fsync + `os.replace`) with mode 0600, under an
exclusive lock, so the CLI and the app can change it at the same time without losing a write.

    [users.olena]
    role = "head"
    hromada = "UA35040030000074104"
    password_hash = "$2b$12$..."
    created_at = "2026-11-25T14:00:00+00:00"
    identity = "olena.petrenko@oblast.gov.ua"   # optional: single sign-on (e-mail or OIDC subject)

A user with an `identity` may sign in through the oblast's identity provider (dashboard/auth/oidc.py); a
user with an empty `password_hash` can only sign in that way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import bcrypt

from dashboard import config

ROLES = ("admin", "head", "partner")
LOGIN_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
KATOTTG_RE = re.compile(r"UA\d{17}")
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 72  # bcrypt's limit; bcrypt 5 refuses longer passwords instead of truncating
MAX_IDENTITY_CHARS = 254  # the longest e-mail address (RFC 5321); OIDC subjects are at most 255 ASCII
HEADER = "# Dashboard users: bcrypt hashes only. Manage with `python -m dashboard users`.\n"


class UserError(ValueError):
    """An invalid login, role, hromada or password, or a missing / duplicate user."""


@dataclass(frozen=True)
class User:
    login: str
    role: str  # admin | head | partner
    hromada: str | None = None  # KATOTTG of a head's own hromada
    password_hash: str = ""
    created_at: str = ""
    demo: bool = False  # created by `users demo` with a published password
    identity: str | None = None  # single sign-on: the e-mail address or OIDC subject (dashboard/auth/oidc.py)

    def __repr__(self) -> str:  # never print the hash by accident
        return f"User(login={self.login!r}, role={self.role!r}, hromada={self.hromada!r}, demo={self.demo})"

    @property
    def fingerprint(self) -> str:
        """Changes when the password, role, hromada or SSO identity change: a session holding an old one
        ends. (A user without an identity keeps the fingerprint it had before identities existed.)"""
        text = f"{self.password_hash}|{self.role}|{self.hromada}" + (
            f"|{self.identity}" if self.identity else ""
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def bcrypt_rounds() -> int:
    """bcrypt cost (DASHBOARD_BCRYPT_ROUNDS, default 12; the tests use 4)."""
    return config.bcrypt_rounds()


def normalize_login(login: str) -> str:
    return (login or "").strip().lower()


def validate_login(login: str) -> str:
    login = normalize_login(login)
    if not LOGIN_RE.fullmatch(login):
        raise UserError("login: 2–32 characters a-z, 0-9, '.', '_', '-', starting with a letter or digit")
    return login


def validate_password(password: str) -> bytes:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"password: at least {MIN_PASSWORD_CHARS} characters")
    raw = password.encode("utf-8")
    if len(raw) > MAX_PASSWORD_BYTES:
        raise UserError(f"password: at most {MAX_PASSWORD_BYTES} bytes (UTF-8)")
    return raw


def validate_role(role: str, hromada: str | None) -> tuple[str, str | None]:
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if role != "head":
        if hromada:
            raise UserError("--hromada is only for the head role")
        return role, None
    if not hromada or not KATOTTG_RE.fullmatch(hromada):
        raise UserError("a head needs --hromada KATOTTG (UA followed by 17 digits)")
    from dashboard.reference import hromadas

    if hromada not in set(hromadas()["katottg"]):
        raise UserError(f"{hromada} is not one of the oblast's hromadas")
    return role, hromada


def validate_identity(identity: str | None, users: dict[str, User], login: str) -> str | None:
    """An SSO identity as stored: trimmed, e-mail addresses in lower case, unique among the users."""
    if identity is None or not identity.strip():
        return None
    identity = identity.strip()
    if "@" in identity:
        identity = identity.lower()
    if len(identity) > MAX_IDENTITY_CHARS or any(c.isspace() or not c.isprintable() for c in identity):
        raise UserError(
            f"identity: an e-mail address or OIDC subject, at most {MAX_IDENTITY_CHARS} characters"
        )
    taken = next((u.login for u in users.values() if u.identity == identity and u.login != login), None)
    if taken:
        raise UserError(f"identity {identity!r} already belongs to {taken!r}")
    return identity


def hash_password(password: str) -> str:
    return bcrypt.hashpw(validate_password(password), bcrypt.gensalt(bcrypt_rounds())).decode("ascii")


@cache
def _dummy_hash(rounds: int) -> bytes:
    return bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds))


def check_password(user: User | None, password: str) -> bool:
    """Whether `password` is `user`'s; for an unknown user a dummy hash is checked (same timing)."""
    raw = (password or "").encode("utf-8")
    if user is None or not user.password_hash or len(raw) > MAX_PASSWORD_BYTES:
        bcrypt.checkpw(raw[:MAX_PASSWORD_BYTES], _dummy_hash(bcrypt_rounds()))
        return False
    try:
        return bcrypt.checkpw(raw, user.password_hash.encode("ascii"))
    except ValueError:  # a corrupt hash in the file
        return False


# --- the file ----------------------------------------------------------------------------------------------


def _parse(text: str) -> dict[str, User]:
    data = tomllib.loads(text) if text.strip() else {}
    users = {}
    for login, entry in (data.get("users") or {}).items():
        users[login] = User(
            login=login,
            role=str(entry.get("role", "")),
            hromada=entry.get("hromada") or None,
            password_hash=str(entry.get("password_hash", "")),
            created_at=str(entry.get("created_at", "")),
            demo=bool(entry.get("demo", False)),
            identity=entry.get("identity") or None,
        )
    return users


_cache: dict[str, tuple[tuple[int, int], dict[str, User]]] = {}


def load_users(path: Path | None = None) -> dict[str, User]:
    """All users by login; {} when the file does not exist. Re-read only when the file changed."""
    path = path or config.users_file()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(str(path))
    if cached and cached[0] == stamp:
        return dict(cached[1])
    users = _parse(path.read_text(encoding="utf-8"))
    _cache[str(path)] = (stamp, users)
    return dict(users)


def get_user(login: str, path: Path | None = None) -> User | None:
    return load_users(path).get(normalize_login(login))


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)  # JSON string escapes are valid TOML basic strings


def render(users: dict[str, User]) -> str:
    parts = [HEADER]
    for login in sorted(users):
        user = users[login]
        parts.append(f"\n[users.{_toml_str(login)}]\n")
        parts.append(f"role = {_toml_str(user.role)}\n")
        if user.hromada:
            parts.append(f"hromada = {_toml_str(user.hromada)}\n")
        parts.append(f"password_hash = {_toml_str(user.password_hash)}\n")
        parts.append(f"created_at = {_toml_str(user.created_at)}\n")
        if user.demo:
            parts.append("demo = true\n")
        if user.identity:
            parts.append(f"identity = {_toml_str(user.identity)}\n")
    return "".join(parts)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[dict[str, User]]:
    """Read-modify-write under an exclusive lock; the yielded dict is written back on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        users = _parse(path.read_text(encoding="utf-8")) if path.exists() else {}
        before = render(users)
        yield users
        if render(users) != before or not path.exists():
            _write_atomic(path, render(users))
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def add_user(
    login: str,
    role: str,
    password: str | None,
    hromada: str | None = None,
    *,
    demo: bool = False,
    identity: str | None = None,
    path: Path | None = None,
) -> User:
    """Add a user. `password=None` makes a single-sign-on-only user (it then needs an `identity`)."""
    login = validate_login(login)
    role, hromada = validate_role(role, hromada)
    if password is None and not (identity or "").strip():
        raise UserError("a user without a password needs --identity (single sign-on)")
    password_hash = hash_password(password) if password is not None else ""
    with _locked(path or config.users_file()) as users:
        if login in users:
            raise UserError(f"user {login!r} already exists")
        identity = validate_identity(identity, users, login)
        user = User(login, role, hromada, password_hash, _now(), demo, identity)
        users[login] = user
    return user


def set_identity(login: str, identity: str | None, *, path: Path | None = None) -> User:
    """Set (or, with None / "", remove) a user's single sign-on identity."""
    login = normalize_login(login)
    with _locked(path or config.users_file()) as users:
        if login not in users:
            raise UserError(f"no user {login!r}")
        value = validate_identity(identity, users, login)
        if value is None and not users[login].password_hash:
            raise UserError(f"{login!r} has no password: removing the identity would lock them out")
        users[login] = replace(users[login], identity=value)
    return users[login]


def remove_user(login: str, *, path: Path | None = None) -> User:
    login = normalize_login(login)
    with _locked(path or config.users_file()) as users:
        if login not in users:
            raise UserError(f"no user {login!r}")
        user = users.pop(login)
        if user.role == "admin" and not any(u.role == "admin" for u in users.values()):
            raise UserError("cannot remove the last administrator")
    return user


def set_password(login: str, password: str, *, path: Path | None = None) -> User:
    login = normalize_login(login)
    password_hash = hash_password(password)
    with _locked(path or config.users_file()) as users:
        if login not in users:
            raise UserError(f"no user {login!r}")
        users[login] = replace(users[login], password_hash=password_hash, demo=False)
    return users[login]


def ensure_file(path: Path | None = None) -> Path:
    """Create an empty users file (mode 0600) if there is none."""
    path = path or config.users_file()
    with _locked(path):
        pass
    return path
