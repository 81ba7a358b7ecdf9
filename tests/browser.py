"""Helpers for the real-UI tests: Debian's Chromium driven by Playwright, JupyterLab on
127.0.0.1. No browser is downloaded; CI installs Debian's chromium with apt-get."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser on Debian's Chromium."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def jupyterlab(root: Path, token: str = "casebench-test") -> Iterator[str]:
    """JupyterLab serving ``root`` on 127.0.0.1; yields the base URL (token in the query).

    The server binds a port the OS chooses (``--port=0``) and the URL is read from the
    ``jpserver-<pid>.json`` file it writes, so no other process can take the port in between."""
    home = root / ".jupyter-home"
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)  # no "Jupyter news?" pop-up over the page
    (settings / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}', encoding="utf-8"
    )
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        XDG_CACHE_HOME=os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache")),
    )
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        "--port=0",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        "--LabApp.news_url=",
        "--LabApp.collaborative=False",
    ]
    log = (root / "jupyterlab.log").open("w")
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    info = home / "runtime" / f"jpserver-{process.pid}.json"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                base = f"http://127.0.0.1:{json.loads(info.read_text(encoding='utf-8'))['port']}"
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except (OSError, ValueError, KeyError, http.client.HTTPException):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        "JupyterLab did not start:\n"
                        + (root / "jupyterlab.log").read_text()[-3000:]
                    ) from None
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


class OfflineVisit:
    """A page opened from disk with every other request aborted and recorded (with console
    errors and dialogs), once its charts are drawn: ``charts`` of them when given."""

    def __init__(self, browser: Any, path: Path, width: int = 1280, charts: int | None = None):
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(self.url)
        count = "" if charts is None else f"charts.length === {charts} && "
        self.page.wait_for_function(  # every chart drawn (or failed, which the test sees)
            "(() => { const charts = document.querySelectorAll('.casebench-chart');"
            f" return {count}Array.from(charts)"
            ".every(e => e.querySelector('svg, canvas') || e.textContent.trim()); })()",
            timeout=30_000,
        )

    def _route(self, route: Any) -> None:
        self.requests.append(route.request.url)
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def axe_serious(self) -> list[str]:
        """The serious and critical axe-core violations on the page, one line each (after
        checking that axe ran its rules at all)."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        assert results.response["passes"], "axe ran its rules"
        return [
            f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]


def run_notebook_in_lab(browser: Any, base: str, notebook: str, failed: list[str]) -> Any:
    """Open ``notebook`` (a path under the server's root) in JupyterLab, wait for its kernel to
    be idle and run all its cells; the URLs of failed requests are appended to ``failed``."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{base}/lab/tree/{notebook}?token=casebench-test")
    page.wait_for_function(
        "window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=90_000
    )
    page.wait_for_function(  # the notebook's kernel has started and is idle
        "(() => { const w = window.jupyterapp.shell.currentWidget;"
        " const k = w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel; return k && k.status === 'idle'; })()",
        timeout=90_000,
    )
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    return page
