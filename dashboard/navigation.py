"""The registry of pages: file, URL slug, title key, icon and which roles may open each.

app.py builds `st.navigation` from this list; access is checked on the server for the page actually
requested (see dashboard/ui/access.py), not only by hiding links.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "head", "partner")
EVERYONE = frozenset(ROLES)
ADMIN_ONLY = frozenset({"admin"})


@dataclass(frozen=True)
class PageSpec:
    slug: str  # Latin URL path: /overview, /map, ...
    roles: frozenset[str] = EVERYONE
    icon: str = ":material/article:"
    section: str = "nav.analytics"

    @property
    def file(self) -> str:
        return f"dashboard/pages/{self.slug}.py"

    @property
    def title_key(self) -> str:
        return f"page.{self.slug}.title"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", icon=":material/dashboard:"),
    PageSpec("map", icon=":material/map:"),
    PageSpec("compare", icon=":material/leaderboard:"),
    PageSpec("profile", icon=":material/location_city:"),
    PageSpec("activity", icon=":material/directions_walk:"),
    PageSpec("crime", icon=":material/gavel:"),
    PageSpec("trust", icon=":material/handshake:"),
    PageSpec("passports", icon=":material/checklist:"),
    # Every role: spending is public money and grants (ProZorro, budget reports), with no personal data;
    # the oblast (admin) and partners see what was bought, heads see what their hromada received.
    PageSpec("funding", icon=":material/payments:"),
    PageSpec("data", icon=":material/database:", section="nav.analytics"),
    PageSpec("export", icon=":material/download:"),
    PageSpec("upload", roles=ADMIN_ONLY, icon=":material/upload_file:", section="nav.admin"),
    PageSpec("audit", roles=ADMIN_ONLY, icon=":material/policy:", section="nav.admin"),
    PageSpec("users", roles=ADMIN_ONLY, icon=":material/manage_accounts:", section="nav.admin"),
)

DEFAULT_PAGE = "overview"


def page_by_slug(slug: str) -> PageSpec | None:
    return next((p for p in PAGES if p.slug == slug), None)


def pages_for_role(role: str | None) -> list[PageSpec]:
    """The pages a role may open; `None` (auth off) sees everything."""
    return [p for p in PAGES if role is None or role in p.roles]
