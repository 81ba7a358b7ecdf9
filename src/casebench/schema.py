"""JSON Schema of case and framework files, for editors and other tools."""

from __future__ import annotations

import json
from typing import Any

from casebench.models.case import BUILT_IN_ATTRIBUTES, Case
from casebench.models.framework import Framework
from casebench.models.theory import ProgrammeTheory


def case_schema(framework: Framework | None = None) -> dict[str, Any]:
    """JSON Schema of a case file; with a framework, its question ids are listed for
    completion, and the attributes it declares with their allowed values."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "casebench case file"
    if framework is not None:
        schema["title"] += f" ({framework.id} {framework.version})"
        assessments = schema["properties"]["assessments"]
        assessments["properties"] = {
            qid: {"$ref": "#/$defs/Assessment", "description": info.question.text}
            for qid, info in framework.questions.items()
        }
        assessments["additionalProperties"] = False
        for spec in framework.attributes:
            offered: dict[str, Any] = {"type": "string", "description": spec.label}
            if spec.values:
                offered["enum"] = list(spec.values)
            if spec.id in BUILT_IN_ATTRIBUTES:
                schema["properties"][spec.id] = {**schema["properties"][spec.id], **offered}
            else:
                attributes = schema["properties"]["attributes"]
                attributes.setdefault("properties", {})[spec.id] = offered
    return schema


def framework_schema() -> dict[str, Any]:
    """JSON Schema of a framework file."""
    schema = Framework.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "casebench framework file"
    return schema


def theory_schema() -> dict[str, Any]:
    """JSON Schema of a programme theory file (``*.theory.yaml``)."""
    schema = ProgrammeTheory.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "casebench programme theory file"
    return schema


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
