"""Shared fixtures: a tiny framework and three small cases whose tables can be worked out by
hand (tests/test_comparison.py writes the hand-worked values)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from casebench.models.case import (
    Assessment,
    Case,
    CmoConfiguration,
    Evidence,
    FrameworkRef,
    IssueCounts,
    Outcome,
    PowerObservation,
)
from casebench.models.framework import Framework

TINY = {
    "id": "tiny",
    "version": "1.0.0",
    "title": "A tiny framework for tests",
    "default_scale": "five",
    "scales": {
        "five": {
            "title": "Five points",
            "levels": [{"value": v, "label": f"level {v}"} for v in range(5)],
        }
    },
    "power_dimensions": [
        {"id": "first", "title": "First dimension"},
        {"id": "power_with", "title": "Power with"},
    ],
    "levels_of_change": [
        {"id": "individual", "title": "Individual"},
        {"id": "organisational", "title": "Organisational"},
    ],
    "sections": [
        {
            "id": "s1",
            "title": "Section one",
            "part": "p",
            "subsections": [
                {
                    "id": "a",
                    "title": "Sub A",
                    "questions": [
                        {
                            "id": "q1",
                            "text": "Costs of 50% & $5 #1 {x} ~ ^ \\ _ a|b?",
                            "citation": "t",
                        },
                        {"id": "q2", "text": "Second?", "citation": "t"},
                        {"id": "q3", "text": "Say more.", "kind": "text", "citation": "t"},
                    ],
                },
                {
                    "id": "b",
                    "title": "Sub B",
                    "questions": [
                        {"id": "q4", "text": "Fourth?", "citation": "t"},
                    ],
                },
            ],
        },
        {
            "id": "s2",
            "title": "Section two",
            "part": "p",
            "questions": [
                {"id": "q5", "text": "Fifth?", "citation": "t"},
                {"id": "q6", "text": "Sixth?", "citation": "t"},
                {
                    "id": "q7",
                    "text": "Which?",
                    "kind": "choice",
                    "multiple": True,
                    "citation": "t",
                    "options": [{"id": "x", "label": "Ex"}, {"id": "y", "label": "Why"}],
                },
            ],
        },
    ],
}


@pytest.fixture(scope="session", autouse=True)
def _case_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The cache of validated cases (casebench.casecache) in a folder of the test run, not in
    the user's cache folder (subprocesses inherit it)."""
    old = os.environ.get("CASEBENCH_CACHE_DIR")
    os.environ["CASEBENCH_CACHE_DIR"] = str(tmp_path_factory.mktemp("case-cache"))
    yield
    if old is None:
        os.environ.pop("CASEBENCH_CACHE_DIR", None)
    else:
        os.environ["CASEBENCH_CACHE_DIR"] = old


def quote(text: str, who: str) -> Evidence:
    return Evidence(quote=text, attribution=who)


NA = Assessment(status="not_assessed")


@pytest.fixture
def tiny_framework() -> Framework:
    return Framework.model_validate(TINY)


@pytest.fixture
def tiny_cases(tiny_framework: Framework) -> list[Case]:
    """Cases a, b, c: a leaves q6 out of its file (missing), the others mark gaps explicitly."""
    ref = FrameworkRef(id=tiny_framework.id, version=tiny_framework.version)
    a = Case(
        id="a",
        title="Case A",
        framework=ref,
        assessments={
            "q1": Assessment(
                rating=4,
                confidence="high",
                evidence=[quote("We led it", "Patient 1"), quote("They listened", "Staff 2")],
            ),
            "q2": Assessment(rating=2),
            "q3": Assessment(answer="hello"),
            "q4": NA,
            "q5": Assessment(rating=1),
            "q7": Assessment(answer=["x", "y"]),
        },
        power=[
            PowerObservation(dimension="first", mode="domination", description="d1"),
            PowerObservation(dimension="first", mode="domination", description="d2"),
            PowerObservation(dimension="power_with", mode="empowerment", description="e1"),
        ],
        outcomes=[
            Outcome(level="individual", description="confidence"),
            Outcome(level="organisational", description="rota", status="partial"),
        ],
        issues=IssueCounts(raised=36, raised_qualifier="over", acted_on=29),
        cmo=[
            CmoConfiguration(
                id="m1", context="ca1", mechanism="film shown", mechanism_code="film", outcome="oa1"
            ),
            CmoConfiguration(
                id="m2",
                context="ca2",
                mechanism="venue used",
                mechanism_code="venue",
                outcome="oa2",
            ),
        ],
    )
    b = Case(
        id="b",
        title="Case B",
        framework=ref,
        assessments={
            "q1": Assessment(rating=1),
            "q2": NA,
            "q3": NA,
            "q4": Assessment(rating=3, evidence=[quote("Not at all", "Staff 9")]),
            "q5": Assessment(rating=1),
            "q6": Assessment(rating=0),
            "q7": Assessment(answer=["y"]),
        },
        outcomes=[Outcome(level="individual", description="none", status="not_achieved")],
        issues=IssueCounts(raised=10, acted_on=5),
        cmo=[
            CmoConfiguration(
                id="n1", context="cb1", mechanism="film again", mechanism_code="film", outcome="ob1"
            )
        ],
    )
    c = Case(
        id="c",
        title="Case C",
        framework=ref,
        assessments={
            "q1": Assessment(rating=2),
            "q2": Assessment(rating=4),
            "q3": Assessment(answer="text"),
            "q4": Assessment(rating=0),
            "q5": NA,
            "q6": Assessment(rating=4),
            "q7": NA,
        },
        cmo=[
            CmoConfiguration(
                id="k1", context="cc1", mechanism="timing", mechanism_code="timing", outcome="oc1"
            )
        ],
    )
    return [a, b, c]
