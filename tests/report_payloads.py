"""Injection payloads for the report's safety tests, and cases and a framework carrying them.

Each payload would, if the report read it as markup, script, style, template or Vega
expression, either open a dialog (``alert``) or create an element marked with the class
``cbx-injected`` (or an attribute a selector can find). The tests assert neither happens and
that the payload is shown as text.
"""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

from casebench import yamlio

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"
MARKER = "cbx-injected"

PAYLOADS = [
    "<script>alert('cbx01')</script>",
    '<img src=x onerror="alert(\'cbx02\')" class="cbx-injected">',
    '<svg onload="alert(\'cbx03\')" class="cbx-injected"></svg>',
    '"><script>alert(\'cbx04\')</script><b class="cbx-injected">',
    "'><img src=x onerror=alert('cbx05') class=cbx-injected>",
    "</script><script>alert('cbx06')</script><i class=\"cbx-injected\">",
    "</textarea><img src=x onerror=alert('cbx07') class=cbx-injected>",
    "--><img src=x onerror=alert('cbx08') class=cbx-injected><!--",
    "[click me](javascript:alert('cbx09'))",
    "![cbx10](javascript:alert('cbx10')) ![x](x\" onerror=\"alert('cbx10'))",
    '<a href="javascript:alert(\'cbx11\')" class="cbx-injected">cbx11 link</a>',
    '{"expr": "alert(\'cbx12\')"}',
    "datum.rating + alert('cbx13') || datum['x']",
    '<style>body { display: none } .cbx { color: red }</style><p class="cbx-injected">',
    '<div style="background:url(javascript:alert(\'cbx15\'))" class="cbx-injected">cbx15</div>',
    '<iframe srcdoc="<script>parent.alert(\'cbx16\')</script>" class="cbx-injected"></iframe>',
    "{{ 7*7 }} {{ alert('cbx17') }} {% raw %}cbx17",
    "${alert('cbx18')} `${7*7}`",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('cbx19') class=cbx-injected>",
    '<details open ontoggle="alert(\'cbx20\')" class="cbx-injected">cbx20</details>',
    "\u2028</script>\u2029<script>alert('cbx21')</script>",
    "<base href=\"javascript:alert('cbx22')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'cbx23\')">',
    '<object data="javascript:alert(\'cbx24\')" class="cbx-injected"></object>',
    "&lt;script&gt;alert('cbx25')&lt;/script&gt; &#60;b class=cbx-injected&#62;",
    "<!--<script>alert('cbx26')</script>--><u class=\"cbx-injected\">",
    "<![CDATA[<script>alert('cbx27')</script>]]>",
    "javascript:alert('cbx28')",
    '<input autofocus onfocus="alert(\'cbx29\')" class="cbx-injected">',
    '{"signal": "alert(\'cbx30\')"} <link rel=stylesheet href="https://example.org/cbx30.css">',
]
"""30 payloads: script tags, event handlers, javascript: URLs, closing-tag tricks, Markdown
links and images, Vega expressions and signals, CSS, SVG, iframe srcdoc, template braces."""

INJECTED_SELECTOR = (
    f".{MARKER}, [onerror], [onload], [onfocus], [ontoggle], iframe, object, base, "
    "meta[http-equiv], link[rel=stylesheet], a[href^='javascript'], img"
)
"""Elements and attributes no report has, that a payload read as markup would create."""

JS_FIELDS = ("title", "summary", "coder", "approach", "setting", "citation")


def _put(data: dict[str, Any], payloads: list[str]) -> None:
    """Payloads into every kind of free-text field of one case's data."""
    cycle = itertools.cycle(payloads)
    for field in JS_FIELDS:
        data[field] = f"{data.get(field, '')} {next(cycle)}".strip()
    data["summary"] = " ¦ ".join(payloads)  # every payload, in a field always shown
    data["period"]["description"] = next(cycle)
    for source in data.get("sources", []):
        source["description"] = next(cycle)
        source["participants"] = {next(cycle): 3, **source.get("participants", {})}
    for assessment in data["assessments"].values():
        if assessment.get("status") == "not_assessed":
            continue
        assessment["memo"] = next(cycle)
        if isinstance(assessment.get("answer"), str):
            assessment["answer"] = next(cycle)
        for evidence in assessment.get("evidence", []):
            evidence["quote"] = next(cycle)
            evidence["attribution"] = next(cycle)
            evidence["source"] = next(cycle)
            evidence["location"] = next(cycle)
    for observation in data.get("power", []):
        observation["description"] = next(cycle)
    for outcome in data.get("outcomes", []):
        outcome["description"] = next(cycle)
    data["issues"]["note"] = next(cycle)
    for configuration in data.get("cmo", []):
        for field in ("context", "mechanism", "outcome", "resource", "reasoning", "derived_from"):
            configuration[field] = next(cycle)
        configuration["context_conditions"] = [  # a condition's text is one line
            {"tag": "injected_condition", "text": " ".join(next(cycle).split())},
            {"tag": "injected_absent", "text": " ".join(next(cycle).split()), "present": False},
        ]
        for evidence in configuration.get("evidence", []):
            for field in ("quote", "attribution", "source", "location"):
                evidence[field] = next(cycle)


def framework_data(payloads: list[str]) -> dict[str, Any]:
    """farr2017 renamed (id ``farr2017_inject``) with payloads in its titles and question
    texts: what becomes chart axis labels, legends and titles."""
    from importlib import resources

    source = resources.files("casebench") / "frameworks" / "farr2017.yaml"
    data = copy.deepcopy(yamlio.loads(source.read_text(encoding="utf-8"), "farr2017.yaml").data)
    data["id"], data["version"] = "farr2017_inject", "9.9.9"
    cycle = iter(payloads * 10)
    data["title"] = next(cycle)
    for scale in data["scales"].values():
        scale["title"] = next(cycle)
    for item in [*data["power_dimensions"], *data["levels_of_change"]]:
        item["title"] = f"{item['title']} {next(cycle)}"
    for section in data["sections"]:
        section["title"] = f"{section['title']} {next(cycle)}"
        for sub in section.get("subsections", []):
            sub["title"] = f"{sub['title']} {next(cycle)}"
            for question in sub["questions"]:
                question["text"] = f"{question['text']} {next(cycle)}"
        for question in section.get("questions", []):
            question["text"] = f"{question['text']} {next(cycle)}"
    return data


def write_injected(folder: Path, payloads: list[str] = PAYLOADS) -> tuple[list[Path], Path]:
    """The two sample cases, coded against the payload framework, with payloads in every
    free-text field; returns the case files and the framework file."""
    folder.mkdir(parents=True, exist_ok=True)
    framework = folder / "inject.framework.yaml"
    framework.write_text(yamlio.dumps(framework_data(payloads)), encoding="utf-8")
    files = []
    for i, path in enumerate(sorted(SAMPLES.glob("*.yaml"))):
        data = copy.deepcopy(yamlio.read(path).data)
        data["framework"] = {"id": "farr2017_inject", "version": "9.9.9"}
        _put(data, payloads[i:] + payloads[:i])
        target = folder / path.name
        target.write_text(yamlio.dumps(data), encoding="utf-8")
        files.append(target)
    return files, framework


THEORY = Path(__file__).parents[1] / "data" / "theories" / "farr2017_initial.theory.yaml"


def write_injected_theory(folder: Path, payloads: list[str] = PAYLOADS) -> Path:
    """The sample programme theory with payloads in every free-text field (title, citation,
    each statement's text, resource, reasoning, outcome and citation); returns the file."""
    data = copy.deepcopy(yamlio.read(THEORY).data)
    cycle = itertools.cycle(payloads)
    data["title"], data["citation"] = next(cycle), next(cycle)
    for statement in data["statements"]:
        for field in ("text", "resource", "reasoning", "outcome", "citation"):
            statement[field] = next(cycle)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "inject.theory.yaml"
    target.write_text(yamlio.dumps(data), encoding="utf-8")
    return target
