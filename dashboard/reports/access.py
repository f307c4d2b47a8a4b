"""Exports obey the same rules as the pages: the signed-in person's `DataPolicy` (dashboard/auth/policy.py).

- admin (or login off): everything.
- head: everything, officers' names and phones only for their own hromada.
- partner: no personal data; every number computed from sensitive counts rounded at the source
  (dashboard/disclosure.py: the export reads the partner's connection, `disclosure.connect_for`).
The command line builds a policy from `--role` (default partner: a file written there may be passed on).
"""

from __future__ import annotations

from typing import Any

from dashboard.auth.policy import DataPolicy

ROLES = ("admin", "head", "partner")


def policy_for(role: str, own_hromada: str | None = None) -> DataPolicy:
    """The policy of an export made for `role` (a head's `own_hromada` is their KATOTTG)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    return DataPolicy(role=role, own_hromada=own_hromada if role == "head" else None)


def audience_key(policy: DataPolicy) -> str:
    """admin / head / partner: which audience note the document carries (login off counts as admin)."""
    return policy.role if policy.role in ROLES else "admin"


def describe(policy: DataPolicy) -> dict[str, Any]:
    """For the audit log."""
    return {"audience": audience_key(policy), "own_hromada": policy.own_hromada}
