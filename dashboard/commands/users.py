"""`python -m dashboard users add|remove|list|passwd|demo`: manage the users file (bcrypt hashes only).

Passwords are read from standard input when it is not a terminal (one line), otherwise prompted twice
without echo; they are never accepted as a command-line argument (it would land in the shell history).

    echo 'a long password' | python -m dashboard users add olena --role head --hromada UA35040030000074104
    python -m dashboard users demo   # the three demo users with published passwords, if the file has no users
    python -m dashboard users add olena --role head --hromada UA35040030000074104 \
        --identity olena@oblast.gov.ua --sso-only   # single sign-on only: no password is asked
    python -m dashboard users identity olena olena.p@oblast.gov.ua   # set ("" removes) the SSO identity
"""

from __future__ import annotations

import argparse
import getpass
import sys

from dashboard.auth import audit
from dashboard.auth.sessions import sessions
from dashboard.auth.users import (
    ROLES,
    UserError,
    add_user,
    ensure_file,
    load_users,
    remove_user,
    set_identity,
    set_password,
)
from dashboard.config import users_file

# Published in the README: for the demo data only (`users demo` refuses when real snapshots exist).
DEMO_HROMADA = "UA35040030000074104"  # Бобринецька, a pilot hromada
DEMO_USERS = (
    ("admin", "admin", "demo-admin-2026", None),
    ("head", "head", "demo-head-2026", DEMO_HROMADA),
    ("partner", "partner", "demo-partner-2026", None),
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("users", help="manage dashboard users (login, role, hromada, password)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a user; the password is read from stdin or prompted")
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--hromada", help="KATOTTG of a head's hromada (required for --role head)")
    add.add_argument("--identity", help="single sign-on: the person's e-mail address or OIDC subject")
    add.add_argument("--sso-only", action="store_true", help="no password: sign-in only by single sign-on")
    add.set_defaults(func=run_add)

    identity = actions.add_parser("identity", help="set a user's single sign-on identity ('' removes it)")
    identity.add_argument("login")
    identity.add_argument("identity", help="e-mail address or OIDC subject")
    identity.set_defaults(func=run_identity)

    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("login")
    remove.set_defaults(func=run_remove)

    listing = actions.add_parser("list", help="list the users (never their hashes)")
    listing.set_defaults(func=run_list)

    passwd = actions.add_parser("passwd", help="set a user's password (stdin or prompted)")
    passwd.add_argument("login")
    passwd.set_defaults(func=run_passwd)

    demo = actions.add_parser("demo", help="create the demo users admin/head/partner if there are no users")
    demo.add_argument("--quiet", action="store_true", help="print nothing when there is nothing to do")
    demo.add_argument("--force", action="store_true", help="also when real (non-demo) snapshots exist")
    demo.set_defaults(func=run_demo)


def read_password(prompt: str = "Password: ") -> str:
    """One line from stdin when piped, else a prompt twice without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("Repeat: ") != first:
        raise UserError("the passwords do not match")
    return first


def _actor() -> str:
    """Who ran the command, for the audit log: `cli:<OS user>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _fail(exc: Exception) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 2


def run_add(args: argparse.Namespace) -> int:
    try:
        password = None if args.sso_only else read_password()
        user = add_user(args.login, args.role, password, args.hromada, identity=args.identity)
    except UserError as exc:
        return _fail(exc)
    audit.record(
        "user_added", login=_actor(), detail={"user": user.login, "role": user.role, "hromada": user.hromada}
    )
    print(f"added {user.login} ({user.role}{', ' + user.hromada if user.hromada else ''}) to {users_file()}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    try:
        user = remove_user(args.login)
    except UserError as exc:
        return _fail(exc)
    ended = sessions().revoke_login(user.login)  # also checked on every run; this ends them at once
    audit.record("user_removed", login=_actor(), detail={"user": user.login, "role": user.role})
    print(f"removed {user.login}" + (f" ({ended} open session(s) ended)" if ended else ""))
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    try:
        user = set_password(args.login, read_password("New password: "))
    except UserError as exc:
        return _fail(exc)
    audit.record("user_passwd", login=_actor(), detail={"user": user.login})
    print(f"password of {user.login} changed")
    return 0


def run_identity(args: argparse.Namespace) -> int:
    try:
        user = set_identity(args.login, args.identity)
    except UserError as exc:
        return _fail(exc)
    audit.record("user_identity", login=_actor(), detail={"user": user.login, "identity": user.identity})
    print(f"single sign-on identity of {user.login}: {user.identity or '(none)'}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    users = load_users()
    if not users:
        print(f"no users in {users_file()}; add one with: python -m dashboard users add LOGIN --role admin")
        return 0
    rows = [["login", "role", "hromada", "created", "demo", "identity"]]
    rows += [
        [u.login, u.role, u.hromada or "", u.created_at, "demo" if u.demo else "", u.identity or ""]
        for u in users.values()
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    print(f"({len(users)} user(s) in {users_file()})")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from dashboard.snapshots import list_snapshots

    if load_users():
        if not args.quiet:
            print(f"{users_file()} already has users: demo users not added")
        return 0
    if not args.force and any(not s.is_demo for s in list_snapshots()):
        print(
            "real (non-demo) snapshots exist: demo users with published passwords not added", file=sys.stderr
        )
        return 0
    ensure_file()
    for login, role, password, hromada in DEMO_USERS:
        add_user(login, role, password, hromada, demo=True)
        audit.record("user_added", login=_actor(), detail={"user": login, "role": role, "demo": True})
    if not args.quiet:
        print(f"demo users added to {users_file()}:")
    for login, role, password, hromada in DEMO_USERS:
        print(f"  {login:8s} {password:18s} {role}{' (' + hromada + ')' if hromada else ''}")
    return 0
