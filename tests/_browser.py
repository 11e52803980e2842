"""A headless Chromium driven over the Chrome DevTools Protocol, for tests of web pages.

The browser is Debian's ``chromium`` package (``.ci/run`` installs it when missing); the
protocol's messages travel over a WebSocket through ``websocket-client`` (a test
dependency). One :class:`Page` loads one file and records what the page did: console
messages, uncaught exceptions, log entries and every network request.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import websocket

#: Executables tried in order.
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds allowed for the browser to start and for one protocol answer.
TIMEOUT = 120.0


def find_browser() -> str | None:
    """The path of a Chromium-family browser, or ``None``."""
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Page:
    """A browser with one tab; use as a context manager (the browser stops on exit)."""

    def __init__(self, executable: str, profile: Path) -> None:
        self.profile = profile
        self.proc = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",  # tests run as root in CI
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=1280,1600",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.events: list[dict[str, Any]] = []
        self._next = 0
        try:
            address = self._page_socket()
            # a socket of our own, so that no proxy setting of the environment comes between
            port = int(urllib.parse.urlsplit(address).port or 0)
            direct = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            self.ws = websocket.create_connection(address, timeout=TIMEOUT, socket=direct)
        except BaseException:
            self._stop()
            raise

    def _page_socket(self) -> str:
        """The tab's DevTools WebSocket address, once the browser has written its port."""
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the browser exited with status {self.proc.returncode}")
            if port_file.is_file():
                lines = port_file.read_text().split()
                if lines:
                    port = int(lines[0])
                    # straight to the browser on this machine, whatever proxy is set
                    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                    with direct.open(f"http://127.0.0.1:{port}/json/list") as r:
                        targets = json.load(r)
                    for t in targets:
                        if t.get("type") == "page":
                            return str(t["webSocketDebuggerUrl"])
            time.sleep(0.1)
        raise TimeoutError("the browser did not open its DevTools port")

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.ws.close()
        finally:
            self._stop()

    def _stop(self) -> None:
        """End the browser this page started."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self._next += 1
        ident = self._next
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self.events.append(message)

    def wait_for(self, event: str) -> dict[str, Any]:
        """Wait for the next event named ``event`` (earlier ones count) and return it."""
        for message in self.events:
            if message["method"] == event:
                return message
        while True:
            message = json.loads(self.ws.recv())
            if "method" in message:
                self.events.append(message)
                if message["method"] == event:
                    return message

    def open(self, path: Path) -> None:
        """Load ``path`` and wait until it has loaded, recording what the page does."""
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        # let anything the page would do after loading (a late script, a font) happen
        self.call(
            "Runtime.evaluate", expression="new Promise(r => setTimeout(r, 300))", awaitPromise=True
        )

    def text(self) -> str:
        """The page's visible text."""
        got = self.call(
            "Runtime.evaluate", expression="document.body.innerText", returnByValue=True
        )
        return str(got["result"]["value"])

    def screenshot(self) -> bytes:
        """A PNG of the window."""
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])

    def pdf(self) -> bytes:
        """The page printed to PDF, as "print to PDF" would (print styles applied)."""
        return base64.b64decode(self.call("Page.printToPDF", printBackground=False)["data"])

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and error log entries."""
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in (
                "error",
                "warning",
                "assert",
            ):
                out.append(f"console.{p['type']}: {p.get('args')}")
            elif e["method"] == "Runtime.exceptionThrown":
                out.append(f"exception: {p.get('exceptionDetails')}")
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                out.append(f"log {p['entry']['level']}: {p['entry'].get('text')}")
        return out

    def requests(self) -> list[str]:
        """The address of every request the page made."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]


def in_ci() -> bool:
    """Whether the tests run in CI, where a missing browser is a failure."""
    return bool(os.environ.get("CI"))
