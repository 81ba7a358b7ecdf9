"""The comparison tables, checked against values worked out by hand from small cases
(tests/conftest.py) and from the two sample case files."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casebench
from casebench.comparison import TABLE_NAMES, Comparison, compare
from casebench.comparison.similarity import _pairwise_abs_sum
from casebench.errors import InputError
from casebench.models.case import Assessment, Case, FrameworkRef, IssueCounts
from casebench.models.framework import Framework
from casebench.synthetic import synthetic_cases

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "data" / "sample_cases"
NHS, LG = "nhs_ebcd_breast_cancer", "local_gov_innovation_lab"


@pytest.fixture
def three(tiny_cases: list[Case], tiny_framework: Framework) -> Comparison:
    return compare(tiny_cases, tiny_framework)


@pytest.fixture
def two(tiny_cases: list[Case], tiny_framework: Framework) -> Comparison:
    return compare(tiny_cases[:2], tiny_framework)


def row(table: pd.DataFrame, **where: object) -> pd.Series:
    mask = np.ones(len(table), dtype=bool)
    for column, value in where.items():
        mask &= (table[column] == value).to_numpy()
    assert mask.sum() == 1, f"{mask.sum()} rows match {where}"
    return table[mask].iloc[0]


# ----------------------------------------------------------------------------- tidy, matrix


def test_tidy_has_one_row_per_case_and_question(three: Comparison) -> None:
    tidy = three.tidy
    assert len(tidy) == 3 * 7
    assert tidy.groupby("case_id").size().to_dict() == {"a": 7, "b": 7, "c": 7}
    assert row(tidy, case_id="a", question_id="q6")["status"] == "missing"
    assert row(tidy, case_id="a", question_id="q4")["status"] == "not_assessed"
    assert math.isnan(row(tidy, case_id="a", question_id="q4")["rating"])
    assert row(tidy, case_id="c", question_id="q6")["rating"] == 4
    assert row(tidy, case_id="a", question_id="q1")["first_attribution"] == "Patient 1"


def test_matrix_cells(three: Comparison) -> None:
    m = three.matrix.set_index("question_id")
    assert list(m.index) == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]
    assert (m.loc["q1", "a"], m.loc["q1", "b"], m.loc["q1", "c"]) == ("4", "1", "2")
    assert m.loc["q1", "a.evidence"] == 2 and m.loc["q4", "b.evidence"] == 1
    assert m.loc["q1", "a.confidence"] == "high"
    assert pd.isna(m.loc["q4", "a"])  # not assessed: missing, never 0
    assert pd.isna(m.loc["q6", "a"])  # not even listed
    assert m.loc["q3", "a"] == "hello"
    assert m.loc["q7", "a"] == "Ex, Why"  # option labels, in the order chosen
    assert (m.loc["q4", "section_id"], m.loc["q4", "subsection_id"]) == ("s1", "b")
    assert pd.isna(m.loc["q5", "subsection_id"])


# ----------------------------------------------------------------------------- profiles


@pytest.mark.parametrize(
    ("case", "section", "n_rated", "mean", "thin"),
    [
        ("a", "s1", 2, 3.0, False),  # q1 4, q2 2; q4 not assessed
        ("b", "s1", 2, 2.0, False),  # q1 1, q4 3
        ("c", "s1", 3, 2.0, False),  # 2, 4, 0
        ("a", "s2", 1, 1.0, True),  # only q5 = 1: fewer than 2 rated
        ("b", "s2", 2, 0.5, False),  # 1 and 0: the mean of two, not of three
        ("c", "s2", 1, 4.0, True),
    ],
)
def test_section_means_leave_not_assessed_out(
    three: Comparison, case: str, section: str, n_rated: int, mean: float, thin: bool
) -> None:
    r = row(three.profiles, case_id=case, section_id=section, level="section")
    assert (r["n_rated"], r["mean_rating"], r["thin"]) == (n_rated, pytest.approx(mean), thin)
    assert r["n_scale"] == (3 if section == "s1" else 2)
    assert r["n_questions"] == (4 if section == "s1" else 3)


def test_subsection_profiles(three: Comparison) -> None:
    sub_a = row(three.profiles, case_id="a", subsection_id="a", level="subsection")
    assert (sub_a["n_rated"], sub_a["mean_rating"], sub_a["thin"]) == (2, 3.0, False)
    sub_b = row(three.profiles, case_id="a", subsection_id="b", level="subsection")
    assert sub_b["n_rated"] == 0 and math.isnan(sub_b["mean_rating"]) and sub_b["thin"]
    # s2 has no sub-sections: its questions only count in the section row
    assert set(three.profiles.query("level == 'subsection'")["section_id"]) == {"s1"}


def test_thin_when_under_half_the_section() -> None:
    framework = casebench.load_framework("farr2017")
    case = synthetic_cases(framework, 1, seed=1)[0]
    # who_involved has 9 scale questions: rate exactly 4 (>= 2 but under half) -> thin
    scale_ids = [
        q
        for q, i in framework.questions.items()
        if i.section.id == "who_involved" and i.question.kind == "scale"
    ]
    assert len(scale_ids) == 9
    assessments = dict(case.assessments)
    for k, qid in enumerate(scale_ids):
        assessments[qid] = Assessment(rating=3) if k < 4 else Assessment(status="not_assessed")
    few = case.model_copy(update={"assessments": assessments})
    five = few.model_copy(
        update={"id": "five", "assessments": assessments | {scale_ids[4]: Assessment(rating=3)}}
    )
    profiles = compare([few, five]).profiles
    assert row(profiles, case_id=few.id, section_id="who_involved", level="section")["thin"]
    assert not row(profiles, case_id="five", section_id="who_involved", level="section")["thin"]


# ----------------------------------------------------------------------------- divergence


def test_divergence_two_cases_is_signed_difference(two: Comparison) -> None:
    d = two.divergence.set_index("question_id")
    assert d.loc["q1", "difference"] == -3  # b (1) minus a (4)
    assert d.loc["q1", "range"] == 3
    assert d.loc["q5", "difference"] == 0
    assert (d.loc["q5", "low_case"], d.loc["q5", "high_case"]) == ("a", "b")  # both sides
    assert math.isnan(d.loc["q2", "difference"]) and math.isnan(d.loc["q2", "range"])
    assert d.loc["q1", "low_case"] == "b" and d.loc["q1", "high_case"] == "a"
    assert d.loc["q1", "high_quote"] == "“We led it” — Patient 1"
    assert d.loc["q1", "high_evidence"] == 2
    assert two.divergence["question_id"].tolist()[:2] == ["q1", "q5"]


def test_divergence_three_cases_ranks_only_what_all_three_rated(three: Comparison) -> None:
    d = three.divergence
    # only q1 is rated by all three cases; the others follow unranked, most rated (2 each),
    # then widest first: q6 0..4, q4 3 and 0, q2 2 and 4, q5 1 and 1
    assert d["question_id"].tolist() == ["q1", "q6", "q4", "q2", "q5"]
    assert d["rank"].tolist() == [1, pd.NA, pd.NA, pd.NA, pd.NA]
    assert d["ranked"].tolist() == [True, False, False, False, False]
    assert (d["n_cases"] == 3).all() and three.thresholds["divergence_min_rated"] == 3


def test_divergence_range_then_std_when_two_ratings_suffice(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    d = compare(tiny_cases, tiny_framework, min_rated=2).divergence
    # q6: 0..4 (range 4); q4: 3, 0 (range 3, sd 1.5); q1: 4, 1, 2 (range 3, sd sqrt(14)/3)
    assert d["question_id"].tolist() == ["q6", "q4", "q1", "q2", "q5"]
    assert d["rank"].tolist() == [1, 2, 3, 4, 5]
    q1 = d.set_index("question_id").loc["q1"]
    assert q1["std"] == pytest.approx(math.sqrt(14) / 3)
    assert q1["mean"] == pytest.approx(7 / 3)
    assert q1["n_rated"] == 3
    assert math.isnan(q1["difference"])  # only defined for two cases
    assert (q1["low_case"], q1["low_rating"], q1["high_case"]) == ("b", 1, "a")


# ----------------------------------------------------------------------------- similarity


def test_similarity_over_shared_questions(three: Comparison) -> None:
    s = three.similarity
    assert s[["case_a", "case_b"]].values.tolist() == [["a", "b"], ["a", "c"], ["b", "c"]]
    ab, ac, bc = (s.iloc[i] for i in range(3))
    # a-b share q1 (4 vs 1) and q5 (1 vs 1): (3/4 + 0) / 2
    assert (ab["n_shared"], ab["distance"]) == (2, pytest.approx(0.375))
    assert ab["similarity"] == pytest.approx(0.625)
    # a-c share q1 (4 vs 2) and q2 (2 vs 4)
    assert (ac["n_shared"], ac["distance"]) == (2, pytest.approx(0.5))
    # b-c share q1 (1 vs 2), q4 (3 vs 0), q6 (0 vs 4): (1 + 3 + 4) / 4 / 3
    assert (bc["n_shared"], bc["distance"]) == (3, pytest.approx(2 / 3))
    square = three.similarity_matrix()
    assert square.loc["c", "b"] == pytest.approx(1 / 3) and math.isnan(square.loc["a", "a"])


def test_similarity_is_nan_when_nothing_shared(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    a = tiny_cases[0]
    only_q4 = a.model_copy(update={"id": "d", "assessments": {"q4": Assessment(rating=2)}})
    s = compare([a, only_q4], tiny_framework).similarity.iloc[0]
    assert s["n_shared"] == 0 and math.isnan(s["distance"]) and math.isnan(s["similarity"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([None, 0.0, 0.25, 0.5, 0.75, 1.0, 0.1]), min_size=4, max_size=4),
        min_size=2,
        max_size=6,
    )
)
def test_pairwise_sum_matches_brute_force(rows: list[list[float | None]]) -> None:
    values = np.array([[np.nan if v is None else v for v in r] for r in rows])
    rated = ~np.isnan(values)
    total, shared = _pairwise_abs_sum(np.where(rated, values, 0.0), rated)
    for i in range(len(rows)):
        for j in range(len(rows)):
            both = rated[i] & rated[j]
            assert shared[i, j] == both.sum()
            assert total[i, j] == pytest.approx(np.abs(values[i, both] - values[j, both]).sum())


# ----------------------------------------------------------------------------- other tables


def test_coverage_shares(three: Comparison) -> None:
    a1 = row(three.coverage, case_id="a", section_id="s1")
    # s1 holds q1-q4: a assessed q1, q2, q3; only q1 has quotes
    assert (a1["n_questions"], a1["n_assessed"], a1["n_evidenced"]) == (4, 3, 1)
    assert (a1["assessed_share"], a1["evidenced_share"]) == (0.75, 0.25)
    b1 = row(three.coverage, case_id="b", section_id="s1")
    assert (b1["assessed_share"], b1["evidenced_share"]) == (0.5, 0.25)
    a2 = row(three.coverage, case_id="a", section_id="s2")
    assert a2["n_assessed"] == 2 and a2["assessed_share"] == pytest.approx(2 / 3)


def test_power_profile_counts_zeros_too(three: Comparison) -> None:
    power = three.power
    assert len(power) == 2 * 2 * 3  # dimensions x modes x cases
    r = row(power, dimension_id="first", mode="domination", case_id="a")
    assert (r["count"], r["descriptions"]) == (2, "d1 | d2")
    assert row(power, dimension_id="first", mode="domination", case_id="b")["count"] == 0
    assert row(power, dimension_id="power_with", mode="empowerment", case_id="a")["count"] == 1


def test_levels_of_change(three: Comparison) -> None:
    out = three.outcomes
    assert len(out) == 2 * 3
    r = row(out, level_id="organisational", case_id="a")
    assert (r["achieved"], r["partial"], r["not_achieved"], r["total"]) == (0, 1, 0, 1)
    r = row(out, level_id="individual", case_id="b")
    assert (r["not_achieved"], r["descriptions"]) == (1, "(not_achieved) none")
    assert row(out, level_id="individual", case_id="c")["total"] == 0


def test_issues_ratio_keeps_the_qualifier(three: Comparison) -> None:
    issues = three.issues.set_index("case_id")
    assert issues.loc["a", "label"] == "29 of over 36"
    assert issues.loc["a", "raised_qualifier"] == "over"
    assert issues.loc["a", "ratio"] == pytest.approx(29 / 36)
    assert (issues.loc["a", "ratio_bound"], issues.loc["a", "share"]) == ("under", "under 81%")
    assert issues.loc["b", "label"] == "5 of 10" and issues.loc["b", "ratio"] == 0.5
    assert (issues.loc["b", "ratio_bound"], issues.loc["b", "share"]) == ("exactly", "50%")
    assert pd.isna(issues.loc["c", "ratio"]) and pd.isna(issues.loc["c", "label"])
    assert pd.isna(issues.loc["c", "ratio_bound"]) and pd.isna(issues.loc["c", "share"])


@pytest.mark.parametrize(
    ("issues", "label", "bound", "share"),
    [
        ({"raised": 36, "acted_on": 29}, "29 of 36", "exactly", "81%"),
        (
            {"raised": 36, "raised_qualifier": "at_least", "acted_on": 29},
            "29 of at least 36",
            "at_most",
            "at most 81%",
        ),
        (
            {"raised": 36, "raised_qualifier": "over", "acted_on": 29},
            "29 of over 36",
            "under",
            "under 81%",
        ),
        # a bound is rounded up so that it stays true: 80.4 % is "under 81%", not "under 80%"
        (
            {"raised": 500, "raised_qualifier": "over", "acted_on": 402},
            "402 of over 500",
            "under",
            "under 81%",
        ),
        (
            {"raised": 10, "raised_qualifier": "over", "acted_on": 8},
            "8 of over 10",
            "under",
            "under 80%",
        ),
        # files written before the qualifier: raised_is_minimum meant "at least"
        (
            {"raised": 36, "raised_is_minimum": True, "acted_on": 29},
            "29 of at least 36",
            "at_most",
            "at most 81%",
        ),
        ({"raised": 36, "raised_is_minimum": False, "acted_on": 29}, "29 of 36", "exactly", "81%"),
        ({"acted_on": 4}, "4 of ?", None, None),
    ],
    ids=[
        "exact",
        "at-least",
        "over",
        "over-rounds-up",
        "over-whole",
        "old-minimum",
        "old-false",
        "no-raised",
    ],
)
def test_issue_counts_read_as_the_source_words_them(
    tiny_cases: list[Case], tiny_framework: Framework, issues, label, bound, share
) -> None:
    case = tiny_cases[0].model_copy(update={"issues": IssueCounts.model_validate(issues)})
    row = compare([case, tiny_cases[1]], tiny_framework).issues.iloc[0]
    assert row["label"] == label
    assert (None if pd.isna(row["ratio_bound"]) else row["ratio_bound"]) == bound
    assert (None if pd.isna(row["share"]) else row["share"]) == share


def test_issues_summed_keep_the_strongest_qualifier(three: Comparison) -> None:
    """over 36 + exactly 10 is over 46; the median of bounds only bounds the median."""
    from casebench.comparison.change import issues_summed

    n, raised, acted_on, median = issues_summed(three.issues)
    assert (n, raised, acted_on) == (2, "over 46", 34)
    assert median == f"at most {math.ceil((29 / 36 + 0.5) / 2 * 100)}%"


def test_cmo_shared_and_unique(three: Comparison) -> None:
    mech = three.mechanisms.set_index("mechanism_code")
    assert mech.loc["film", "recurrence"] == "shared"
    assert (mech.loc["film", "n_cases"], mech.loc["film", "cases"]) == (2, "a, b")
    assert mech.loc["film", "contexts"] == "ca1 | cb1"
    assert mech.loc["venue", "recurrence"] == "unique" and mech.loc["venue", "cases"] == "a"
    assert mech.loc["timing", "cases"] == "c"
    assert three.cmo["mechanism_code"].iloc[0] == "film"  # shared first
    assert len(three.cmo) == 4


def test_tables_are_all_there(three: Comparison) -> None:
    assert list(three.tables()) == list(TABLE_NAMES)
    assert all(isinstance(t, pd.DataFrame) for t in three.tables().values())


# ----------------------------------------------------------------------------- refusals


def test_refuses_a_single_case(tiny_cases: list[Case], tiny_framework: Framework) -> None:
    with pytest.raises(InputError, match="at least two cases") as info:
        compare(tiny_cases[:1], tiny_framework)
    assert len(info.value.problems) == 1 and "\n" not in str(info.value)


def test_refuses_different_frameworks(tiny_cases: list[Case], tiny_framework: Framework) -> None:
    other = tiny_cases[1].model_copy(
        update={"framework": FrameworkRef(id="farr2017", version="1.0.0")}
    )
    with pytest.raises(InputError, match="framework 'farr2017'") as info:
        compare([tiny_cases[0], other], tiny_framework)
    assert info.value.problems[0].field == "framework"
    assert info.value.problems[0].file == "b"


def test_refuses_different_versions(tiny_cases: list[Case], tiny_framework: Framework) -> None:
    newer = tiny_framework.model_copy(update={"version": "2.0.0"})
    ref = FrameworkRef(id=newer.id, version=newer.version)
    recoded = [c.model_copy(update={"framework": ref}) for c in tiny_cases]
    assert compare(recoded[:2], newer).framework.version == "2.0.0"  # one version: fine
    with pytest.raises(InputError, match=r"version 2\.0\.0"):
        compare([tiny_cases[0], recoded[1]], tiny_framework)
    with pytest.raises(InputError, match="not the framework given"):
        compare(tiny_cases[:2], newer)


def test_refuses_a_repeated_case_id(tiny_cases: list[Case], tiny_framework: Framework) -> None:
    with pytest.raises(InputError, match="twice"):
        compare([tiny_cases[0], tiny_cases[0]], tiny_framework)


def test_framework_none_loads_the_named_one() -> None:
    framework = casebench.load_framework("farr2017")
    comparison = casebench.compare(synthetic_cases(framework, 3, seed=5))
    assert comparison.framework is framework
    assert len(comparison.matrix) == len(framework.questions) == 53


def test_import_casebench_stays_light() -> None:
    probe = (
        "import sys, casebench\n"
        "print(sorted(m for m in ('pandas', 'altair') if m in sys.modules))\n"
        "casebench.compare\n"
        "print('pandas' in sys.modules, 'altair' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split("\n")
    assert out[:2] == ["[]", "True False"]


def test_synthetic_cases_are_deterministic() -> None:
    framework = casebench.load_framework("farr2017")
    first, again = synthetic_cases(framework, 3, seed=7), synthetic_cases(framework, 3, seed=7)
    assert first == again
    statuses = [a.status for c in first for a in c.assessments.values()]
    assert "not_assessed" in statuses and "assessed" in statuses


# ----------------------------------------------------------------------------- sample cases


@pytest.fixture(scope="module")
def samples() -> Comparison:
    files = [SAMPLES / f"{NHS}.yaml", SAMPLES / f"{LG}.yaml"]
    return compare([casebench.load_case(f) for f in files])


def test_samples_issues(samples: Comparison) -> None:
    issues = samples.issues.set_index("case_id")
    assert issues.loc[NHS, "label"] == "29 of over 36"  # line 165: "From over 36 ..."
    assert issues.loc[NHS, "ratio"] == pytest.approx(29 / 36)
    assert issues.loc[NHS, "share"] == "under 81%"
    assert pd.isna(issues.loc[LG, "raised"]) and pd.isna(issues.loc[LG, "ratio"])


def test_samples_mechanisms(samples: Comparison) -> None:
    mech = samples.mechanisms.set_index("mechanism_code")
    shared = set(mech.index[mech["recurrence"] == "shared"])
    assert shared == {"emotive_film_bridge", "personal_identity_over_role", "collective_power_with"}
    unique = mech[mech["recurrence"] == "unique"]
    assert set(unique.index[unique["cases"] == NHS]) >= {
        "patient_presence_accountability",
        "opportune_timing_groundswell",
    }
    assert set(unique.index[unique["cases"] == LG]) >= {
        "community_venue_informality",
        "professionals_cede_control",
    }


def test_samples_profiles(samples: Comparison) -> None:
    sections = samples.profiles.query("level == 'section'")
    # realist_people: LG 3, 3, 3 and NHS 2, 1, 2 (rp_volunteers not assessed in both)
    lg = row(sections, case_id=LG, section_id="realist_people")
    nhs = row(sections, case_id=NHS, section_id="realist_people")
    assert (lg["mean_rating"], nhs["mean_rating"]) == (pytest.approx(3.0), pytest.approx(5 / 3))
    assert (lg["n_rated"], lg["n_scale"], lg["thin"]) == (3, 4, False)
    # who_involved: 3 of its 9 scale questions rated in both cases (LG 3, 3, 3; NHS 1, 3, 3)
    who = sections[sections["section_id"] == "who_involved"].set_index("case_id")
    assert who["thin"].all() and who.loc[LG, "mean_rating"] == 3.0
    assert who.loc[NHS, "mean_rating"] == pytest.approx(7 / 3)
    # of the sections neither profile calls thin, realist_people differs most (4/3 points)
    wide = sections.pivot(index="section_id", columns="case_id", values="mean_rating")
    thin = sections.groupby("section_id")["thin"].any()
    gaps = (wide[LG] - wide[NHS]).abs()[~thin]
    assert gaps.idxmax() == "realist_people" and gaps.max() == pytest.approx(4 / 3)


def test_samples_matrix_and_divergence(samples: Comparison) -> None:
    m = samples.matrix.set_index("question_id")
    assert (m.loc["pp_diversity", NHS], m.loc["pp_diversity", LG]) == ("1", "3")
    assert pd.isna(m.loc["pp_volunteers", NHS]) and pd.isna(m.loc["pp_volunteers", LG])
    assert m.loc["rs_level", NHS] == "Service provision"
    assert m.loc["rs_level", LG] == "Community, Service provision"
    d = samples.divergence
    top = d.iloc[0]
    assert (top["question_id"], top["difference"], top["range"]) == ("pp_diversity", 2, 2)
    # both rated 37 scale questions; 3 of them restate another of the 37 (ri_conflict,
    # ro_rhetoric, rp_participant_profile), and a restated question counts once in the overlap
    assert samples.similarity.iloc[0]["n_shared"] == 34
    lg_who = row(samples.coverage, case_id=LG, section_id="who_involved")
    assert (lg_who["n_questions"], lg_who["n_assessed"]) == (11, 4)


def test_blank_cases_give_missing_values_not_zeros() -> None:
    framework = casebench.load_framework("farr2017")
    blank = [casebench.new_case(i, i.upper(), framework) for i in ("x", "y")]
    c = compare(blank)
    assert c.profiles["mean_rating"].isna().all() and c.profiles["thin"].all()
    assert c.divergence["range"].isna().all()
    assert c.similarity.iloc[0]["n_shared"] == 0 and pd.isna(c.similarity.iloc[0]["distance"])
    assert (c.coverage["assessed_share"] == 0).all()
    assert c.cmo.empty and c.mechanisms.empty
    assert (c.power["count"] == 0).all() and (c.outcomes["total"] == 0).all()


def test_case_id_that_names_a_matrix_column_is_refused() -> None:
    from pathlib import Path

    from casebench import load_case
    from casebench.comparison import compare
    from casebench.errors import InputError

    samples = Path(__file__).parents[1] / "data" / "sample_cases"
    nhs = load_case(samples / "nhs_ebcd_breast_cancer.yaml").model_copy(update={"id": "kind"})
    lab = load_case(samples / "local_gov_innovation_lab.yaml")
    with pytest.raises(InputError, match="case id 'kind' is also the name of a column"):
        compare([nhs, lab])
