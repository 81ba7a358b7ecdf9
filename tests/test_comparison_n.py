"""Comparisons of three cases and more: planted structure is recovered (groups, one case far
out, questions few cases rated), restated questions count once, statuses are data, and no
table depends on the order of the tidy table's rows."""

from __future__ import annotations

import itertools
import json
import math
import typing

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casebench
from casebench.comparison import Comparison, compare, statuses
from casebench.comparison.divergence import min_rated
from casebench.comparison.groups import NOT_RECORDED
from casebench.comparison.matrix import framework_matrix
from casebench.comparison.similarity import similarity_table
from casebench.comparison.standout import _others_stats, others_needed
from casebench.comparison.tidy import pivot, tidy_table
from casebench.errors import InputError
from casebench.models.case import Assessment, Case, FrameworkRef
from casebench.models.framework import Framework
from casebench.synthetic import Planted, planted_cases, synthetic_cases
from casebench.validation import check_case

SIZES = [3, 5, 12, 40]


@pytest.fixture(scope="module")
def farr() -> Framework:
    return casebench.load_framework("farr2017")


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n} cases" for n in SIZES])
def planted(request: pytest.FixtureRequest, farr: Framework) -> tuple[Planted, Comparison]:
    corpus = planted_cases(farr, request.param, seed=request.param)
    return corpus, compare(corpus.cases, farr, focus=corpus.focal_case, by="sector")


# ----------------------------------------------------------------------------- planted


def test_groups_separate_in_the_clustering_order(planted: tuple[Planted, Comparison]) -> None:
    corpus, comparison = planted
    given = [corpus.groups[c] for c in comparison.case_ids]
    assert sum(a != b for a, b in itertools.pairwise(given)) > 1  # interleaved
    ordered = [corpus.groups[c] for c in comparison.cluster_order]
    assert sorted(comparison.cluster_order) == sorted(comparison.case_ids)
    assert sum(a != b for a, b in itertools.pairwise(ordered)) == 1


def test_planted_question_ranks_first_for_the_focal_case(
    planted: tuple[Planted, Comparison],
) -> None:
    corpus, comparison = planted
    focus = comparison.focus_table
    assert focus is not None and set(focus["case_id"]) == {corpus.focal_case}
    top = focus.iloc[0]
    assert (top["question_id"], top["rank"], top["standout"]) == (corpus.focal_question, 1, 1.0)
    assert (top["rating"], top["others_median"], top["beyond"]) == (4, 0, 4)
    assert top["n_others_rated"] == top["n_others"] == len(corpus.cases) - 1
    assert "Synthetic quote" in top["quotes"]  # with its evidence
    # and it is the focal case's most distinctive question in the every-case view too
    mine = comparison.distinctive().query("case_id == @corpus.focal_case")
    assert mine.iloc[0]["question_id"] == corpus.focal_question


def test_questions_few_cases_rated_never_rank_as_divergent(
    planted: tuple[Planted, Comparison],
) -> None:
    corpus, comparison = planted
    d = comparison.divergence.set_index("question_id")
    for qid, n in ((corpus.rated_by_one, 1), (corpus.rated_by_two, 2)):
        assert d.loc[qid, "n_rated"] == n
        assert not d.loc[qid, "ranked"] and pd.isna(d.loc[qid, "rank"])
    # rated at opposite ends by two cases, it would top a ranking that ignored n_rated
    assert d.loc[corpus.rated_by_two, "range"] == 4
    ranked = comparison.divergence[comparison.divergence["ranked"]]
    assert (ranked["n_rated"] >= comparison.thresholds["divergence_min_rated"]).all()
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    assert ranked.index.max() < comparison.divergence[~comparison.divergence["ranked"]].index.min()
    # no focus ranking leans on them either
    standouts = comparison.standouts
    rare = standouts["question_id"].isin([corpus.rated_by_one, corpus.rated_by_two])
    assert not standouts.loc[rare, "ranked"].any()


def test_groups_differ_on_the_planted_sections(planted: tuple[Planted, Comparison]) -> None:
    corpus, comparison = planted
    view = comparison.groups
    assert view is not None and view.order == ("alpha", "beta")
    assert view.members.set_index("group")["n_cases"].sum() == len(corpus.cases)
    profiles = view.profiles.pivot(index="section_id", columns="group", values="mean_rating")
    gaps = (profiles["alpha"] - profiles["beta"]).abs()
    for section in corpus.separating_sections:
        assert (
            gaps[section] == gaps.max()
            or gaps[section] > gaps.drop(list(corpus.separating_sections)).max()
        )
        assert profiles.loc[section, "alpha"] > profiles.loc[section, "beta"] + 2
    ranked = view.divergence[view.divergence["ranked"]]
    assert set(ranked.head(5)["section_id"]) <= set(corpus.separating_sections)
    assert (ranked.head(5)["high_group"] == "alpha").all()


def test_group_crosstabs_count_each_case_once(farr: Framework) -> None:
    cases = synthetic_cases(farr, 9, seed=4)
    cases = [
        c.model_copy(update={"attributes": {"country": "UK"}} if i < 4 else {})
        for i, c in enumerate(cases)
    ]
    comparison = compare(cases, farr, by="country")
    view = comparison.groups
    assert view is not None and view.order == ("UK", NOT_RECORDED)
    assert view.label == "Country"
    power = view.power
    assert power.groupby("group")["n_cases"].first().to_dict() == {"UK": 4, NOT_RECORDED: 5}
    total = comparison.power.groupby("mode")["count"].sum()
    assert (power.groupby("mode")["count"].sum() == total).all()
    assert (power["cases_with_any"] <= power["n_cases"]).all()
    outcomes = view.outcomes
    assert outcomes["total"].sum() == comparison.outcomes["total"].sum()
    # the unrecorded group is shown but never one side of a gap between groups
    assert NOT_RECORDED not in set(view.divergence[["low_group", "high_group"]].stack())


def test_unknown_focus_or_attribute_is_one_clear_error(farr: Framework) -> None:
    cases = synthetic_cases(farr, 3, seed=1)
    with pytest.raises(InputError, match="no case 'nope' to focus on") as info:
        compare(cases, farr, focus="nope")
    assert info.value.problems[0].field == "focus"
    with pytest.raises(InputError, match=r"no attribute 'country'.*sector, setting") as info:
        compare(cases, farr, by="country")
    assert info.value.problems[0].field == "by" and len(info.value.problems) == 1


# ----------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("n_cases", "rule", "needed"),
    [
        (2, None, 2),
        (3, None, 3),
        (4, None, 3),  # 60 % of 4 = 2.4 -> 3
        (5, None, 3),
        (10, None, 6),
        (40, None, 24),
        (40, 2, 2),
        (40, 0.5, 20),
        (3, 0.5, 2),  # never fewer than two: a spread needs two ratings
        (5, 9, 5),  # never more than the cases
    ],
)
def test_min_rated(n_cases: int, rule: int | float | None, needed: int) -> None:
    assert min_rated(n_cases, rule) == needed


def test_min_rated_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="in \\(0, 1\\]"):
        min_rated(5, 1.5)
    with pytest.raises(TypeError):
        min_rated(5, True)


@pytest.mark.parametrize(("n_others", "needed"), [(1, 1), (2, 2), (3, 3), (4, 3), (39, 24)])
def test_others_needed(n_others: int, needed: int) -> None:
    assert others_needed(n_others) == needed


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([None, 0.0, 1.0, 2.0, 3.0, 4.0]), min_size=1, max_size=9))
def test_others_stats_match_brute_force(ratings: list[float | None]) -> None:
    values = np.array([np.nan if r is None else r for r in ratings])
    n, median, low, high = _others_stats(values)
    for i in range(len(values)):
        others = np.delete(values, i)
        others = others[~np.isnan(others)]
        assert n[i] == len(others)
        if len(others):
            assert (median[i], low[i], high[i]) == (
                pytest.approx(np.median(others)),
                others.min(),
                others.max(),
            )
        else:
            assert math.isnan(median[i]) and math.isnan(low[i])


def test_similarity_is_thin_below_the_minimum_overlap(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    # the tiny framework has 5 scale questions: by default half of them, 3, must be shared
    s = compare(tiny_cases, tiny_framework).similarity.set_index(["case_a", "case_b"])
    assert s.loc[("a", "b"), "n_shared"] == 2 and s.loc[("a", "b"), "thin"]
    assert s.loc[("b", "c"), "n_shared"] == 3 and not s.loc[("b", "c"), "thin"]
    strict = compare(tiny_cases, tiny_framework, min_shared=4).similarity
    assert strict["thin"].all() and strict["similarity"].notna().all()  # greyed, not hidden


def test_pairs_per_case_keep_exports_linear(farr: Framework) -> None:
    comparison = compare(synthetic_cases(farr, 30, seed=2), farr)
    assert len(comparison.similarity) == 30 * 29 // 2
    top = comparison.pairs(3)
    assert len(top) <= 3 * 30 and not top.duplicated(["case_a", "case_b"]).any()
    full = comparison.similarity
    for case in comparison.case_ids:
        mine = full[(full["case_a"] == case) | (full["case_b"] == case)]
        best = mine.sort_values(["thin", "similarity"], ascending=[True, False]).iloc[0]
        assert ((top["case_a"] == best["case_a"]) & (top["case_b"] == best["case_b"])).any()
    assert comparison.tables()["similarity"].equals(comparison.pairs(5))
    assert comparison.tables(pairs="all")["similarity"] is full
    with pytest.raises(ValueError, match="pairs"):
        comparison.pairs("some")


def test_most_similar_pairs_match_the_full_table(farr: Framework) -> None:
    comparison = compare(synthetic_cases(farr, 25, seed=6, not_assessed=0.5), farr)
    full = comparison.similarity.dropna(subset=["similarity"])
    expected = full.sort_values(["thin", "similarity"], ascending=[True, False], kind="stable")
    best = comparison.pair_arrays.most_similar(10)
    assert best["similarity"].tolist() == pytest.approx(expected["similarity"].head(10).tolist())
    assert best["thin"].tolist() == expected["thin"].head(10).tolist()
    # each case's most similar other (or one as similar) is kept, each pair once
    top = comparison.pairs(1)
    assert not top.duplicated(["case_a", "case_b"]).any()
    for case in comparison.case_ids:
        mine = expected[(expected["case_a"] == case) | (expected["case_b"] == case)].iloc[0]
        kept = top[(top["case_a"] == case) | (top["case_b"] == case)]
        kept = kept.sort_values(["thin", "similarity"], ascending=[True, False]).iloc[0]
        assert (kept["thin"], kept["similarity"]) == (
            mine["thin"],
            pytest.approx(mine["similarity"]),
        )


def test_small_comparisons_keep_every_pair(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    comparison = compare(tiny_cases, tiny_framework)
    assert comparison.tables()["similarity"].equals(comparison.similarity)


def test_given_and_explicit_orders(farr: Framework) -> None:
    comparison = compare(synthetic_cases(farr, 4, seed=2), farr)
    ids = comparison.case_ids
    assert comparison.order("given") == ids
    assert comparison.order(ids[::-1]) == ids[::-1]
    with pytest.raises(ValueError, match="every case id"):
        comparison.order(ids[:2])


# ----------------------------------------------------------------------------- distributions


def test_distributions_over_the_cases(tiny_cases: list[Case], tiny_framework: Framework) -> None:
    from casebench.comparison.distribution import (
        question_distribution,
        rating_counts,
        section_distribution,
    )

    comparison = compare(tiny_cases, tiny_framework)
    q = question_distribution(comparison.tidy).set_index("question_id")
    assert list(q.index) == ["q1", "q2", "q4", "q5", "q6"]  # scale questions, framework order
    # q1: 4, 1, 2 -> min 1, median 2, max 4; quartiles by linear interpolation
    assert q.loc["q1", ["n_cases", "n_rated", "min", "median", "max"]].tolist() == [3, 3, 1, 2, 4]
    assert q.loc["q1", "q1"] == 1.5 and q.loc["q1", "q3"] == 3.0
    # q6: a does not list it (missing), b 0, c 4
    assert q.loc["q6", "n_rated"] == 2 and q.loc["q6", "n_status_missing"] == 1
    ordered = question_distribution(comparison.tidy, ["q6", "q1"])
    assert ordered["question_id"].tolist() == ["q6", "q1"]
    s = section_distribution(comparison.profiles).set_index("section_id")
    # s2 means: a 1.0 (thin), b 0.5, c 4.0 (thin)
    assert s.loc["s2", ["n_cases", "n_rated", "n_thin", "min", "median", "max"]].tolist() == [
        3,
        3,
        2,
        0.5,
        1.0,
        4.0,
    ]
    counts = rating_counts(comparison.tidy)
    q6 = counts[counts["question_id"] == "q6"].set_index("outcome")["n_cases"].to_dict()
    assert q6 == {"missing": 1, "0": 1, "4": 1}


# ----------------------------------------------------------------------------- repeats

REPEATING = {
    "id": "repeating",
    "version": "1",
    "title": "A framework whose second part restates questions of the first",
    "default_scale": "five",
    "scales": {
        "five": {"title": "Five", "levels": [{"value": v, "label": str(v)} for v in range(5)]}
    },
    "parts": {"one": "Part one", "two": "Part two"},
    "sections": [
        {
            "id": "first",
            "title": "Working together",
            "part": "one",
            "questions": [
                {"id": "a1", "text": "Do they agree agendas?", "citation": "t"},
                {"id": "a2", "text": "Do they trust each other?", "citation": "t"},
                {
                    "id": "a3",
                    "text": "Agendas agreed, asked again?",
                    "citation": "t",
                    "repeats": "a1",
                },
            ],
        },
        {
            "id": "second",
            "title": "Working together",
            "part": "two",
            "questions": [
                {"id": "b1", "text": "Trust, in other words?", "citation": "t", "repeats": "a2"},
                {"id": "b2", "text": "Anything else?", "citation": "t"},
            ],
        },
    ],
}


@pytest.fixture
def repeating() -> Framework:
    return Framework.model_validate(REPEATING)


def _case(framework: Framework, case_id: str, **ratings: int | None) -> Case:
    return Case(
        id=case_id,
        title=case_id.upper(),
        framework=FrameworkRef(id=framework.id, version=framework.version),
        assessments={
            qid: Assessment(status="not_assessed") if r is None else Assessment(rating=r)
            for qid, r in ratings.items()
        },
    )


def test_a_restated_question_counts_once(repeating: Framework) -> None:
    x = _case(repeating, "x", a1=4, a2=2, a3=0, b1=2, b2=None)
    y = _case(repeating, "y", a1=None, a2=1, a3=3, b1=1, b2=1)
    comparison = compare([x, y], repeating)
    profiles = comparison.profiles.set_index(["case_id", "section_id"])
    # first: a1 and a3 are one question; x's counts with a1's rating (4), y's with a3's (3)
    assert profiles.loc[("x", "first"), ["n_questions", "n_scale", "n_rated"]].tolist() == [2, 2, 2]
    assert profiles.loc[("x", "first"), "mean_rating"] == 3.0  # (4 + 2) / 2, a3 left out
    assert profiles.loc[("y", "first"), "mean_rating"] == 2.0  # (3 + 1) / 2
    # second: b1 repeats a question of another section, so here it counts on its own
    assert profiles.loc[("x", "second"), "n_scale"] == 2
    coverage = comparison.coverage.set_index(["case_id", "section_id"])
    assert coverage.loc[("y", "first"), ["n_questions", "n_assessed"]].tolist() == [2, 2]
    overview = comparison.overview.set_index("case_id")
    # over the whole framework: a1/a3 and a2/b1 are two questions, b2 a third
    assert overview.loc["x", ["n_questions", "n_assessed", "n_rated"]].tolist() == [3, 2, 2]
    assert overview.loc["y", ["n_questions", "n_rated"]].tolist() == [3, 3]
    # similarity: shared are a1 (x 4, y's a3 3), a2 (2 vs 1); b2 only y rated
    s = comparison.similarity.iloc[0]
    assert s["n_shared"] == 2
    assert s["distance"] == pytest.approx((1 / 4 + 1 / 4) / 2)
    assert (
        comparison.tidy.set_index(["case_id", "question_id"]).loc[("x", "a3"), "counting_id"]
        == "a1"
    )
    assert comparison.divergence.set_index("question_id").loc["b1", "repeats"] == "a2"


def test_a_restatement_is_not_quoted_as_a_second_distinctive_question(
    repeating: Framework,
) -> None:
    # x stands out from y and z on a2 and on b1, which restates a2, and less on b2
    x = _case(repeating, "x", a1=2, a2=4, a3=None, b1=4, b2=3)
    y = _case(repeating, "y", a1=2, a2=0, a3=None, b1=0, b2=2)
    z = _case(repeating, "z", a1=2, a2=0, a3=None, b1=0, b2=2)
    comparison = compare([x, y, z], repeating)
    ranked = comparison.standouts.query("case_id == 'x' and ranked")
    assert ranked["question_id"].head(3).tolist() == ["a2", "b1", "b2"]  # both restatements
    chosen = comparison.distinctive(2)
    assert chosen.loc[chosen["case_id"].eq("x"), "question_id"].tolist() == ["a2", "b2"]
    assert chosen.loc[chosen["case_id"].eq("x"), "repeats"].isna().all()


# ----------------------------------------------------------------------------- statuses


def _literals(annotation: object) -> set[str]:
    """Every string a (possibly nested) union of Literal types allows."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return set(args)
    return set().union(*(_literals(a) for a in args))


def test_every_status_of_the_case_model_is_listed() -> None:
    model_statuses = _literals(Assessment.model_fields["status"].annotation)
    assert {"assessed", "absent", "not_assessed", "disputed"} <= model_statuses
    assert model_statuses <= set(statuses.BY_ID)
    assert "missing" in statuses.BY_ID and statuses.status("missing").label == "not assessed"
    assert statuses.ids(assessed=True)[0] == "assessed"
    with pytest.raises(KeyError, match="known: assessed"):
        statuses.status("maybe")


def test_a_status_assessed_but_not_rated_counts_in_coverage_only(
    tiny_cases: list[Case], tiny_framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = statuses.Status(
        "looked", "looked, none", "none", True, False, False, "#999", "×", "none", "grey", "x"
    )
    monkeypatch.setattr(statuses, "STATUSES", (*statuses.STATUSES, extra))
    monkeypatch.setattr(statuses, "BY_ID", {**statuses.BY_ID, "looked": extra})
    a, b = tiny_cases[:2]
    looked = Assessment.model_construct(status="looked", rating=3, evidence=[])
    a = a.model_copy(update={"assessments": {**a.assessments, "q4": looked}})
    tidy = tidy_table([a, b], tiny_framework)
    cell = tidy.set_index(["case_id", "question_id"]).loc[("a", "q4")]
    assert cell["status"] == "looked" and cell["assessed"] and math.isnan(cell["rating"])
    assert cell["value"] == "none"  # its word in the matrix, never its stray rating


def test_a_disputed_question_is_shown_as_such_never_as_a_rating(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    """A merged draft (``casebench merge``) compared before the team decides: the disputed
    question counts as neither assessed nor rated, and every view names it."""
    from casebench.charts import divergence_chart, matrix_heatmap
    from casebench.models.case import Position

    disputed = Assessment(
        status="disputed",
        positions=[Position(coder="ann", rating=1), Position(coder="bob", rating=4)],
    )
    a, b, c = tiny_cases[:3]
    a = a.model_copy(update={"assessments": {**a.assessments, "q1": disputed}})
    comparison = compare([a, b, c], tiny_framework)
    cell = comparison.tidy.set_index(["case_id", "question_id"]).loc[("a", "q1")]
    assert cell["status"] == "disputed" and not cell["assessed"] and math.isnan(cell["rating"])
    assert comparison.matrix.set_index("question_id").loc["q1", "a"] == "disputed"
    assert comparison.divergence.set_index("question_id").loc["q1", "n_rated"] == 2
    assert comparison.profiles.query("case_id == 'a' and level == 'section'")["n_rated"].sum() == (
        compare(tiny_cases[:3], tiny_framework)
        .profiles.query("case_id == 'a' and level == 'section'")["n_rated"]
        .sum()
        - 1
    )
    legend = matrix_heatmap(comparison, interactive=False).to_dict()
    assert statuses.status("disputed").label in str(legend)
    assert "questions the coders disagree on" in legend["description"]
    plain = matrix_heatmap(compare(tiny_cases[:3], tiny_framework), interactive=False).to_dict()
    assert statuses.status("disputed").label not in str(plain)  # only what the chart shows
    loose = compare([a, b, c], tiny_framework, min_rated=2)
    dots = json.dumps(divergence_chart(loose, interactive=False).to_dict(), ensure_ascii=False)
    assert '"status": "disputed"' in dots and "the column \u201cdisputed\u201d" in dots


def test_an_unlisted_status_is_refused(tiny_cases: list[Case], tiny_framework: Framework) -> None:
    odd = Assessment.model_construct(status="perhaps", rating=None, evidence=[])
    a = tiny_cases[0].model_copy(update={"assessments": {"q1": odd}})
    with pytest.raises(ValueError, match=r"'perhaps' is not in comparison\.statuses"):
        tidy_table([a, tiny_cases[1]], tiny_framework)


# ----------------------------------------------------------------------------- pivots


def test_tables_do_not_depend_on_the_tidy_row_order(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    tidy = tidy_table(tiny_cases, tiny_framework)
    shuffled = tidy.sample(frac=1.0, random_state=3)
    ids = [c.id for c in tiny_cases]
    pd.testing.assert_frame_equal(framework_matrix(shuffled, ids), framework_matrix(tidy, ids))
    pd.testing.assert_frame_equal(similarity_table(shuffled, ids), similarity_table(tidy, ids))


def test_pivot_refuses_a_gap_or_a_duplicate(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    tidy = tidy_table(tiny_cases, tiny_framework)
    with pytest.raises(ValueError, match="exactly once"):
        pivot(tidy.iloc[1:], "rating")
    with pytest.raises(ValueError, match="exactly once"):
        pivot(pd.concat([tidy, tidy.iloc[:1]]), "rating")
    _, columns, values = pivot(tidy, "rating")
    assert values.shape == (7, 3) and list(columns) == [0, 1, 2]
    assert values[0].tolist() == [4, 1, 2]  # q1 for a, b, c


# ----------------------------------------------------------------------------- attributes

DECLARING = {
    **REPEATING,
    "attributes": [
        {"id": "country", "label": "Country", "values": ["UK", "France"]},
        {"id": "sector", "label": "Sector", "values": ["health", "council"]},
        {"id": "funding", "label": "Funding"},
    ],
}


def test_declared_attributes_are_checked(repeating: Framework) -> None:
    framework = Framework.model_validate(DECLARING)
    case = _case(framework, "x", a1=1).model_copy(
        update={"sector": "housing", "attributes": {"country": "Spain", "colour": "red"}}
    )
    findings = {
        (".".join(map(str, path)), severity): message
        for path, message, severity in check_case(case, framework)
    }
    assert "'housing' is not a value of 'Sector'" in findings[("sector", "error")]
    assert "expected one of UK, France" in findings[("attributes.country", "error")]
    assert "is not an attribute" in findings[("attributes.colour", "warning")]
    fine = case.model_copy(
        update={"sector": "health", "attributes": {"country": "UK", "funding": "any text"}}
    )
    assert not [f for f in check_case(fine, framework) if f[0][0] in {"sector", "attributes"}]


def test_attributes_model() -> None:
    ref = FrameworkRef(id="tiny", version="1.0.0")
    with pytest.raises(ValueError, match="sector is a field of its own"):
        Case(id="x", title="X", framework=ref, attributes={"sector": "health"})
    with pytest.raises(ValueError):
        Case(id="x", title="X", framework=ref, attributes={"Country": "UK"})  # not an id
    case = Case(id="x", title="X", framework=ref, sector=" ", attributes={"country": " UK "})
    assert case.attribute("country") == "UK" and case.attribute("sector") is None
    assert case.attribute("funding") is None


def test_the_case_schema_offers_declared_values() -> None:
    from casebench.schema import case_schema

    schema = case_schema(Framework.model_validate(DECLARING))
    assert schema["properties"]["sector"]["enum"] == ["health", "council"]
    offered = schema["properties"]["attributes"]["properties"]
    assert offered["country"]["enum"] == ["UK", "France"]
    assert "enum" not in offered["funding"] and offered["funding"]["description"] == "Funding"


@pytest.mark.parametrize(
    ("title", "short", "expected"),
    [
        ("Short one", "", "Short one"),
        (
            "Experience-based co-design (EBCD) in NHS breast cancer services",
            "",
            "Experience-based co-design (EBCD) in…",
        ),
        ("Experience-based co-design (EBCD) in NHS breast cancer services", "NHS EBCD", "NHS EBCD"),
    ],
)
def test_short_name(title: str, short: str, expected: str) -> None:
    case = Case(id="x", title=title, short_title=short, framework=FrameworkRef(id="t", version="1"))
    assert case.short_name == expected and len(case.short_name) <= 40
