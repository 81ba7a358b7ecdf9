"""Charts that render with no network: in JupyterLab, and in HTML exported from notebooks.

Altair's default renderer loads Vega from a CDN, which NHS, council and CI networks often
block. Here the Vega, Vega-Lite and Vega-Embed bundle that vl-convert-python ships offline is
put into the page once (``vega_bundle_html``), and each chart is a small ``text/html`` output
that draws itself with that bundle (``chart_html``), waiting for it if it is not there yet.
"""

from __future__ import annotations

import functools
import json
import os
import uuid
from pathlib import Path
from typing import Any

RENDERER = "casebench"
_BUNDLE_ID = "casebench-vega-bundle"


def _vegalite_minor() -> str:
    """The Vega-Lite version the installed Altair writes, as vl-convert names it ("6.4")."""
    import altair as alt

    return alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "casebench"


@functools.cache
def vega_bundle_js() -> str:
    """The Vega + Vega-Lite + Vega-Embed JavaScript, built by vl-convert (cached on disk, as
    building it takes a few seconds)."""
    import vl_convert as vlc

    version = _vegalite_minor()
    cache = _cache_dir() / f"vega-bundle-vlc{vlc.__version__}-vl{version}.js"
    try:
        return cache.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vlc.javascript_bundle(vl_version=version)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(bundle, encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # no writable cache: build it again next time
    return bundle


def vega_bundle_html() -> str:
    """A script element defining ``window.vegaEmbed`` once, then drawing any waiting charts."""
    code = vega_bundle_js().replace("</script", "<\\/script")
    return (
        f'<script type="text/javascript" id="{_BUNDLE_ID}">\n'
        "if (!window.vegaEmbed) {\n(function () {\n" + code + "\n})();\n}\n"
        "(window.casebenchPending || []).splice(0).forEach(function (draw) { draw(); });\n"
        "</script>"
    )


def _script_json(value: Any) -> str:
    """JSON that is safe inside a script element, whatever text the data holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def chart_html(spec: dict[str, Any], *, renderer: str = "svg") -> str:
    """HTML for one chart: a labelled container and a script drawing the spec into it."""
    element = f"casebench-chart-{uuid.uuid4().hex[:12]}"
    options = {
        "renderer": renderer,
        # No action menu: its icon-only button has no accessible name (axe: serious); the
        # exports module saves charts as SVG or PNG instead.
        "actions": False,
    }
    label = spec.get("description") or spec.get("title") or "chart"
    if isinstance(label, dict):
        label = label.get("text", "chart")
    if isinstance(label, list):
        label = " ".join(map(str, label))
    label_attr = (
        str(label)
        .replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    return (
        f'<div id="{element}" class="casebench-chart" role="img" aria-label="{label_attr}"></div>\n'
        '<script type="text/javascript">\n(function () {\n'
        f"  var spec = {_script_json(spec)};\n"
        f"  var opts = {_script_json(options)};\n"
        "  function draw() {\n"
        f'    var el = document.getElementById("{element}");\n'
        "    if (!el) { return; }\n"
        "    window.vegaEmbed(el, spec, opts).catch(function (err) {\n"
        '      el.textContent = "Chart could not be drawn: " + err;\n'
        "    });\n"
        "  }\n"
        "  if (window.vegaEmbed) { draw(); }\n"
        "  else { (window.casebenchPending = window.casebenchPending || []).push(draw); }\n"
        "})();\n</script>"
    )


def _render(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    return {"text/html": chart_html(spec), "text/plain": "<casebench chart>"}


_shown_bundle = False


def enable_offline_charts(*, force: bool = False) -> None:
    """Make Altair charts render offline from now on in this notebook.

    Displays the Vega bundle once (again with ``force``, e.g. after the page was reloaded)
    and switches Altair to casebench's renderer, which needs no network.
    """
    global _shown_bundle
    import altair as alt
    from IPython.display import HTML, display

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _render)
    alt.renderers.enable(RENDERER)
    if force or not _shown_bundle:
        display(HTML(vega_bundle_html()))
        _shown_bundle = True
