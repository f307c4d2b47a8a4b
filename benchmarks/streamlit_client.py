"""A browser-less Streamlit client: what a browser tab sends and receives, over the real websocket.

Used by benchmarks/bench_load.py (many at once) and tests/test_serve.py. One client = one browser tab:

    client = StreamlitClient("http://127.0.0.1:8501")
    await client.connect()                      # GET / (cookies: the proxy's sticky cookie, the app's)
    run = await client.run("overview", "hromada=UA...")   # BackMsg.rerun_script -> ForwardMsgs -> script_finished
    run.seconds, run.errors, run.elements
    await client.sign_in("head01", "secret")    # fills and submits the sign-in form like a person would
    await client.close()

The protocol (Streamlit 1.67): websocket `/_stcore/stream`, subprotocol "streamlit"; the client sends a
`BackMsg` whose `rerun_script` names the page (`page_name`, "" = the default page) and the URL's query
string; the server answers with `ForwardMsg`s (new_session, deltas, ...) up to `script_finished`. A run
that the script itself restarts (`st.rerun`) ends with FINISHED_EARLY_FOR_RERUN and goes on: the client
waits for the run that finishes. Widget values are sent as `WidgetStates` (a form submit = the form's
values plus the submit button's trigger), exactly as the browser sends them.
"""

from __future__ import annotations

import asyncio
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class Run:
    """What one script run sent: its duration, the element kinds drawn, errors seen."""

    seconds: float = 0.0
    elements: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    inputs: list[tuple[str, str, bool]] = field(default_factory=list)  # (widget id, label, is password)
    submit_buttons: list[str] = field(default_factory=list)  # widget ids of form submit buttons
    texts: list[str] = field(default_factory=list)  # markdown / heading bodies (what the page says)
    navigation: list[str] = field(default_factory=list)  # url paths of the pages the menu offers
    downloads: list[str] = field(default_factory=list)  # deferred file ids of download buttons

    def count(self, kind: str) -> int:
        return self.elements.get(kind, 0)


class ProtocolError(RuntimeError):
    pass


class StreamlitClient:
    def __init__(
        self, base_url: str, *, timeout_s: float = 120.0, cookies: dict[str, str] | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.cookies: dict[str, str] = dict(
            cookies or {}
        )  # e.g. the proxy's sticky cookie, to pick a process
        self.ws: websockets.ClientConnection | None = None
        self.session_id = ""  # the server's id of this tab's session (from new_session)

    def _get_page(self) -> None:
        request = urllib.request.Request(self.base_url + "/", headers={"Accept": "text/html"})
        with urllib.request.urlopen(request, timeout=self.timeout_s) as resp:
            resp.read()
            for header in resp.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                self.cookies.update({name: morsel.value for name, morsel in jar.items()})

    async def connect(self) -> None:
        """Load the page (as a browser does first: the proxy and the app may set cookies), then open the
        websocket with those cookies, on the process the sticky cookie names."""
        await asyncio.to_thread(self._get_page)
        parts = urllib.parse.urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        self.ws = await websockets.connect(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream",
            subprotocols=[websockets.Subprotocol("streamlit")],
            additional_headers=headers,
            max_size=None,  # a page's deltas (a chart's JSON) can be several MB
            open_timeout=self.timeout_s,
            ping_interval=None,  # a busy server may not answer pings in time: no false disconnects
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def run(
        self, page_name: str = "", query_string: str = "", widgets: list[WidgetState] | None = None
    ) -> Run:
        """One script run of `page_name` with the URL's `query_string`; timed until script_finished."""
        if self.ws is None:
            raise ProtocolError("not connected")
        msg = BackMsg()
        msg.rerun_script.page_name = page_name
        msg.rerun_script.query_string = query_string
        for widget in widgets or []:
            msg.rerun_script.widget_states.widgets.append(widget)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        result = Run()
        async with asyncio.timeout(self.timeout_s):
            while True:
                data = await self.ws.recv()
                if not isinstance(data, bytes):
                    raise ProtocolError("text frame from the server")
                fwd = ForwardMsg()
                fwd.ParseFromString(data)
                kind = fwd.WhichOneof("type")
                if kind == "new_session":
                    self.session_id = fwd.new_session.initialize.session_id or self.session_id
                elif kind == "delta":
                    _read_delta(fwd, result)
                elif kind == "navigation":
                    result.navigation = [p.url_pathname for p in fwd.navigation.app_pages]
                elif kind == "page_not_found":
                    result.errors.append(f"page not found: {fwd.page_not_found.page_name}")
                elif kind == "script_finished":
                    if fwd.script_finished in FINISHED:
                        break
                    if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        result.errors.append("script did not compile")
                        break
                    result = Run()  # FINISHED_EARLY_FOR_RERUN: the script restarted itself; keep waiting
        result.seconds = time.perf_counter() - started
        return result

    async def download_url(self, file_id: str) -> str:
        """What a click on a download button does first: ask the server (over the websocket) to make the
        file; the answer is a `/media/...` URL that the browser then loads with plain HTTP."""
        if self.ws is None:
            raise ProtocolError("not connected")
        msg = BackMsg()
        msg.backend_operation_request.request_id = file_id
        msg.backend_operation_request.session_id = self.session_id
        msg.backend_operation_request.deferred_file.file_id = file_id
        await self.ws.send(msg.SerializeToString())
        async with asyncio.timeout(self.timeout_s):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                if fwd.WhichOneof("type") == "backend_operation_response":
                    answer = fwd.backend_operation_response
                    if answer.error_msg:
                        raise ProtocolError(f"download refused: {answer.error_msg}")
                    return str(answer.deferred_file.url)

    async def sign_in(self, login: str, password: str, page_name: str = "", query_string: str = "") -> Run:
        """Open the app, fill the sign-in form and submit it; the returned run is the first page after it.
        Raises ProtocolError when the form is not there or the sign-in did not take."""
        form = await self.run(page_name, query_string)
        texts = [i for i in form.inputs if not i[2]]
        secrets = [i for i in form.inputs if i[2]]
        if not texts or not secrets or not form.submit_buttons:
            raise ProtocolError(f"no sign-in form (elements: {form.elements})")
        widgets = [
            WidgetState(id=texts[0][0], string_value=login),
            WidgetState(id=secrets[0][0], string_value=password),
            WidgetState(id=form.submit_buttons[0], trigger_value=True),
        ]
        page = await self.run(page_name, query_string, widgets)
        if any(i[2] for i in page.inputs):
            raise ProtocolError(f"sign-in of {login!r} refused: {page.errors or page.texts[-3:]}")
        return page


def _read_delta(fwd: ForwardMsg, result: Run) -> None:
    delta = fwd.delta
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type") or "unknown"
    result.elements[kind] = result.elements.get(kind, 0) + 1
    if kind == "exception":
        result.errors.append(f"exception: {element.exception.type}: {element.exception.message[:200]}")
    elif (
        kind == "alert"
        and element.alert.format == Alert.ERROR
        and "DASHBOARD_AUTH=off" not in element.alert.body
    ):
        # (the "login is off" notice is drawn as an error on purpose: not a failure)
        result.errors.append(f"error shown: {element.alert.body[:200]}")
    elif kind == "text_input":
        widget = element.text_input
        result.inputs.append((widget.id, widget.label, widget.type == widget.PASSWORD))
    elif kind == "button" and element.button.is_form_submitter:
        result.submit_buttons.append(element.button.id)
    elif kind == "download_button" and element.download_button.deferred_file_id:
        result.downloads.append(element.download_button.deferred_file_id)
    elif kind == "markdown":
        result.texts.append(element.markdown.body)
    elif kind == "heading":
        result.texts.append(element.heading.body)
