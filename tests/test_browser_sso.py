"""Real browser, single sign-on end to end against a local OpenID Connect provider this test starts itself
(`oidc-provider-mock`, on localhost: no network): a deep link opened signed out, "sign in with the oblast
account", the provider's form, back to the same view signed in as the user the identity maps to, with the
session cookie; an identity in nobody's entry gets a message and no data, and the refusal is audited."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.i18n import t
from dashboard.ui.nav import MENU_KEY
from tests.browser_server import ARTIFACTS, free_port, streamlit_server, users_data_dir, wait_until_idle
from tests.fixture_snapshot import A

pytestmark = pytest.mark.browser
oidc_mock = pytest.importorskip("oidc_provider_mock")

VIEWPORT = {"width": 1400, "height": 1200}
OLENA = "olena@oblast.example"  # head_a's identity at the provider


@pytest.fixture(scope="module")
def sso(chromium_browser, fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("sso")
    env = users_data_dir(fixture_data_dir, data, identities={"head_a": OLENA})
    port = free_port()
    # The provider vouches for head_a's address (`email_verified`), as Keycloak does for a checked address.
    verified = [oidc_mock.User(sub=OLENA, claims={"email": OLENA, "email_verified": True})]
    with oidc_mock.run_server_in_thread(user_claims=verified) as provider:
        secrets_file = data / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "pog-dashboard"\n'
            'client_secret = "test-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        env["NO_PROXY"] = "localhost,127.0.0.1"
        with streamlit_server(env, port=port, extra_args=("--secrets.files", str(secrets_file))) as base:
            yield base, chromium_browser, data


def sign_on(page, identity: str, lang: str) -> None:
    """Press the single sign-on button and, at the provider, sign on as `identity`."""
    page.get_by_role("button", name=t("auth.sso", lang)).click()
    page.wait_for_url("**/oauth2/authorize**", timeout=45_000)
    page.locator('input[name="sub"]').fill(identity)
    page.get_by_role("button", name="Authorize").click()


def audit(data: Path) -> list[dict]:
    lines = "".join(p.read_text(encoding="utf-8") for p in (data / "audit").glob("*.jsonl")).splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_sign_on_returns_to_the_deep_link_signed_in(sso):
    base, browser, data = sso
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{base}/profile?hromada={A}&lang=en")
        page.get_by_role("button", name=t("auth.sso", "en")).wait_for(timeout=45_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sso-sign-in-form.png"))
        sign_on(page, OLENA, "en")
        page.get_by_role("button", name=t("auth.logout", "en")).wait_for(timeout=45_000)
        wait_until_idle(page)
        assert urlsplit(page.url).path == "/profile"
        assert parse_qs(urlsplit(page.url).query) == {"hromada": [A], "lang": ["en"]}
        assert t("auth.signed_in_as", "en", name="head_a") in page.inner_text("body")
        cookie = next(c for c in context.cookies() if c["name"] == "pog_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        page.screenshot(path=str(ARTIFACTS / "sso-signed-in.png"))
        page.reload()  # the session is the dashboard's own: it survives a reload like a password sign-in
        page.get_by_role("button", name=t("auth.logout", "en")).wait_for(timeout=45_000)
        ok = [e for e in audit(data) if e["event"] == "login_ok" and e["login"] == "head_a"]
        assert ok and ok[-1]["detail"] == {"method": "oidc", "identity": OLENA}
    finally:
        context.close()


def test_an_unknown_identity_gets_a_message_and_no_data(sso):
    base, browser, data = sso
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{base}/compare?lang=en")
        page.get_by_role("button", name=t("auth.sso", "en")).wait_for(timeout=45_000)
        sign_on(page, "stranger@elsewhere.example", "en")
        message = t("pg.auth.login.unknown_identity", "en", identity="stranger@elsewhere.example")
        page.get_by_text(message).wait_for(timeout=45_000)
        wait_until_idle(page)
        page.screenshot(path=str(ARTIFACTS / "sso-unknown-identity.png"))
        assert page.get_by_role("button", name=t("auth.logout", "en")).count() == 0
        assert page.locator(f".st-key-{MENU_KEY}, .js-plotly-plot, [data-testid='stMetric']").count() == 0
        assert not any(c["name"] == "pog_session" for c in context.cookies())
        denied = [e for e in audit(data) if e["event"] == "access_denied"]
        assert denied and denied[-1]["detail"] == {
            "reason": "unknown_identity",
            "identity": "stranger@elsewhere.example",
        }
    finally:
        context.close()
