"""Charts that render with no network: in JupyterLab, and in HTML exported from notebooks.

Altair's default renderer loads Vega from a CDN, which NHS, council and CI networks often
block. Here the Vega, Vega-Lite and Vega-Embed bundle that vl-convert-python ships offline is
put into the page once (``vega_bundle_html``), and each chart is a small ``text/html`` output
that draws itself with that bundle (``chart_html``), waiting for it if it is not there yet.
Static charts (``static_chart_html``) are SVG drawn here by vl-convert, with no script.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

RENDERER = "casebench"
STATIC_RENDERER = "casebench-svg"
_BUNDLE_ID = "casebench-vega-bundle"


def vegalite_version() -> str:
    """The Vega-Lite version the installed Altair writes, as vl-convert names it ("6.4"):
    Altair's own ``SCHEMA_VERSION``, so the bundle always matches the specs."""
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

    version = vegalite_version()
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


def vega_bundle_html() -> Markup:
    """A script element defining ``window.vegaEmbed`` once, then drawing any waiting charts."""
    code = Markup(vega_bundle_js().replace("</script", "<\\/script"))  # script text, not HTML
    return Markup(
        '<script type="text/javascript" id="{}">\n'
        "if (!window.vegaEmbed) {{\n(function () {{\n{}\n}})();\n}}\n"
        "(window.casebenchPending || []).splice(0).forEach(function (draw) {{ draw(); }});\n"
        "</script>"
    ).format(_BUNDLE_ID, code)


def _script_json(value: Any) -> Markup:
    """JSON that is safe inside a script element, whatever text the data holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)  # no <, > or & left: safe as the text of a script element


def _element_id(prefix: str, content: str) -> str:
    """An id from what an element shows: the same in every run, so reports diff cleanly.
    (The same chart shown twice shares it; its script then draws the next undrawn one.)"""
    return prefix + hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]


def chart_label(spec: dict[str, Any]) -> str:
    """A chart's text alternative: its description, else its title."""
    label = spec.get("description") or spec.get("title") or "chart"
    if isinstance(label, dict):
        label = label.get("text", "chart")
    if isinstance(label, list):
        label = " ".join(map(str, label))
    return str(label)


def chart_html(spec: dict[str, Any], *, renderer: str = "svg") -> Markup:
    """HTML for one chart: a labelled container and a script drawing the spec into it."""
    data = _script_json(spec)
    element = _element_id("casebench-chart-", str(data))
    # No action menu: its icon-only button has no accessible name (axe: serious); the
    # exports module saves charts as SVG or PNG instead.
    options = _script_json({"renderer": renderer, "actions": False})
    return Markup(
        '<div id="{element}" class="casebench-chart" role="img" aria-label="{label}"></div>\n'
        '<script type="text/javascript">\n(function () {{\n'
        "  var spec = {data};\n"
        "  var opts = {options};\n"
        "  function draw() {{\n"
        "    var el = Array.prototype.find.call(\n"
        "      document.querySelectorAll('div[id=\"{element}\"]'),\n"
        '      function (e) {{ return !e.hasAttribute("data-drawn"); }});\n'
        "    if (!el) {{ return; }}\n"
        '    el.setAttribute("data-drawn", "");\n'
        "    window.vegaEmbed(el, spec, opts).catch(function (err) {{\n"
        '      el.textContent = "Chart could not be drawn: " + err;\n'
        "    }});\n"
        "  }}\n"
        "  if (window.vegaEmbed) {{ draw(); }}\n"
        "  else {{ (window.casebenchPending = window.casebenchPending || []).push(draw); }}\n"
        "}})();\n</script>"
    ).format(element=element, label=chart_label(spec), data=data, options=options)


def static_svg(spec: dict[str, Any]) -> Markup:
    """SVG markup of a spec drawn by vl-convert, its ids made unique in the page (several
    charts share names such as gradient ids)."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec, vl_version=vegalite_version())
    prefix = _element_id("cb", svg) + "-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'href="#(?!evs?-)([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    # Links to the report's evidence (casebench.anchors) stay in the page: vl-convert puts
    # its own base URL before them.
    svg = re.sub(r'href="[^"#]*#(evs?-[a-z0-9_-]+)"', r'href="#\1"', svg)
    return Markup(svg)  # vl-convert's SVG, every text in it escaped by vl-convert


def static_chart_html(spec: dict[str, Any]) -> Markup:
    """A chart as inline SVG in a labelled container: no script, prints as drawn."""
    return Markup(
        '<div class="casebench-chart cb-static" role="img" aria-label="{}">{}</div>'
    ).format(chart_label(spec), static_svg(spec))


def _render(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    return {"text/html": str(chart_html(spec)), "text/plain": "<casebench chart>"}


def _render_static(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    return {"text/html": str(static_chart_html(spec)), "text/plain": "<casebench chart>"}


_shown_bundle = False


def enable_offline_charts(*, force: bool = False, static: bool = False) -> None:
    """Make Altair charts render offline from now on in this notebook.

    Interactive (the default): displays the Vega bundle once (again with ``force``, e.g.
    after the page was reloaded) and switches Altair to casebench's renderer, which needs no
    network. ``static``: charts are drawn as inline SVG, with no script at all.
    """
    global _shown_bundle
    import altair as alt

    for name, function in ((RENDERER, _render), (STATIC_RENDERER, _render_static)):
        if name not in alt.renderers.names():
            alt.renderers.register(name, function)
    alt.renderers.enable(STATIC_RENDERER if static else RENDERER)
    if not static and (force or not _shown_bundle):
        from IPython.display import HTML, display

        display(HTML(str(vega_bundle_html())))
        _shown_bundle = True
