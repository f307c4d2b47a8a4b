"""Single sign-on (OpenID Connect through `st.login`): which providers are configured, and which user of
the users file an identity is.

The providers are the `[auth]` section of `.streamlit/secrets.toml` (see `.streamlit/secrets.example.toml`):
either one provider written directly in `[auth]` (`st.login()`), or named sections `[auth.keycloak]`,
`[auth.entra]` (`st.login("keycloak")`). Streamlit does the protocol (authorisation code flow, state,
nonce, ID-token signature); this module only reads the result, `st.user`'s claims.

An identity is matched to a user by the `identity` field of the users file (dashboard/auth/users.py):
- an e-mail address (contains "@") matches the `email` claim, case-insensitively, unless the provider says
  the address is not verified (`email_verified = false`): an unverified address could be anyone's;
- anything else matches the `sub` claim exactly (the provider's stable id of the person; for Microsoft
  Entra ID prefer this or a verified e-mail: a display name or `preferred_username` is not an identity).
Nobody else gets a session: an identity not in the users file sees a message and no data (audited).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.auth.users import User

# The keys of a provider's section that Streamlit's st.login needs (the rest are optional).
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
# Keys of [auth] itself that are not providers.
AUTH_SETTINGS = ("redirect_uri", "cookie_secret", "expose_tokens")
# How far the identity provider's clock may be from ours (its ID token's `iat` is its time).
CLOCK_SKEW_S = 120.0


def providers(auth: Mapping[str, Any] | None) -> list[str]:
    """The providers `st.login` can be called with, from the `[auth]` secrets section: "default" for a
    provider written directly in `[auth]`, else the names of its complete sub-sections."""
    if not auth or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return []
    found = []
    if all(auth.get(key) for key in PROVIDER_KEYS):
        found.append("default")
    for name, section in auth.items():
        if name in AUTH_SETTINGS or not isinstance(section, Mapping):
            continue
        if all(section.get(key) for key in PROVIDER_KEYS):
            found.append(str(name))
    return found


def identity_of(claims: Mapping[str, Any]) -> str:
    """How an identity is named in messages and the audit log: its e-mail address, else its subject."""
    email = claims.get("email")
    if isinstance(email, str) and email:
        return email
    sub = claims.get("sub")
    return str(sub) if sub else "?"


def user_for(claims: Mapping[str, Any], users: Mapping[str, User]) -> User | None:
    """The user whose `identity` is this signed-on person, or None."""
    email = claims.get("email")
    email = email.strip().lower() if isinstance(email, str) and email.strip() else None
    # Only an address the provider itself says it verified: a missing claim is not "verified" (Microsoft
    # Entra ID never sends it, and in a multi-tenant setup the user may choose the address: the "nOAuth"
    # attack). Such providers match people by their subject (`sub`) instead.
    verified = claims.get("email_verified")
    email_ok = email is not None and verified in (True, "true", "True")
    sub = claims.get("sub")
    sub = str(sub) if sub not in (None, "") else None
    for user in users.values():
        if not user.identity:
            continue
        if "@" in user.identity:
            if email_ok and user.identity == email:
                return user
        elif sub is not None and user.identity == sub:
            return user
    return None


def issued_since(claims: Mapping[str, Any], since: float, now: float) -> bool:
    """Whether the provider issued this identity (its ID token's `iat`) at or after `since`, within the
    provider's clock skew. Streamlit keeps an identity in its own cookie for 30 days, long after our session
    of it ended (idle or absolute timeout): only a sign-on the provider has just answered may open a new
    session, never that leftover cookie. An identity without a numeric `iat` is never fresh (every ID
    token has one: OpenID Connect Core §2)."""
    issued = claims.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, int | float):
        return False
    return since - CLOCK_SKEW_S <= float(issued) <= now + CLOCK_SKEW_S
