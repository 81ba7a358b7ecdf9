"""Inter-coder agreement against hand-worked tables and published textbook values."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casebench import load_case, save_case
from casebench.agreement import (
    IncomparableCases,
    agreement,
    render_csv,
    render_json,
    render_table,
)
from casebench.cli import main
from casebench.models import Assessment, Case, Evidence, Framework, FrameworkRef

SAMPLE = Path(__file__).parents[1] / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml"

Ratings = list[int | None]


def _framework(levels: list[int], sections: dict[str, int]) -> Framework:
    """A framework with one scale and ``sections[id]`` scale questions q1, q2, ... in order."""
    number = 0
    built = []
    for section_id, count in sections.items():
        questions = []
        for _ in range(count):
            number += 1
            questions.append({"id": f"q{number}", "text": f"Question {number}?", "citation": "t"})
        built.append({"id": section_id, "title": section_id.title(), "questions": questions})
    return Framework.model_validate(
        {
            "id": "testfw",
            "version": "1",
            "title": "Test framework",
            "default_scale": "s",
            "scales": {
                "s": {
                    "title": "Test scale",
                    "levels": [{"value": v, "label": str(v)} for v in levels],
                }
            },
            "sections": built,
        }
    )


def _coding(coder: str, ratings: Ratings, case_id: str = "c", quotes: bool = False) -> Case:
    assessments = {}
    for number, rating in enumerate(ratings, start=1):
        if rating is None:
            assessments[f"q{number}"] = Assessment(status="not_assessed")
        else:
            evidence = [Evidence(quote=f"{coder} saw {rating}", attribution="Staff 1")]
            assessments[f"q{number}"] = Assessment(
                rating=rating, memo="m", evidence=evidence if quotes else []
            )
    return Case(
        id=case_id,
        title="A case",
        coder=coder,
        framework=FrameworkRef(id="testfw", version="1"),
        assessments=assessments,
    )


def _overall(result) -> dict:
    return result.overall.iloc[0].to_dict()


# --------------------------------------------------------------------------- hand-worked


def test_two_coders_hand_worked_linear_and_quadratic() -> None:
    # Scale 0..4, four questions: A = 0 1 2 3, B = 0 1 3 3. Three of four agree: 75 %.
    # Linear disagreement weights w = |i-j|. Observed: one miss of 1 in four -> 0.25.
    # Expected from the margins (A: 1/4 each of 0,1,2,3; B: 1/4 of 0, 1/4 of 1, 1/2 of 3):
    #   row 0: (1/4)(0*1/4 + 1*1/4 + 3*1/2) = 0.4375; rows 1, 2, 3: 0.3125 each -> 1.375.
    #   kappa = 1 - 0.25/1.375 = 9/11.
    # Quadratic w = (i-j)^2: observed 0.25; expected 1.1875 + 0.5625 + 0.4375 + 0.8125 = 3.0;
    #   kappa = 1 - 0.25/3 = 11/12.
    # Ordinal alpha (Krippendorff 2011, section E): values n0=2, n1=2, n2=1, n3=3, n=8.
    #   delta^2(2,3) = (n2 + n3 - (n2+n3)/2)^2 = 4; D_o = (1/8)(4 + 4) = 1.
    #   delta^2 for 01, 02, 03, 12, 13, 23 = 4, 12.25, 30.25, 2.25, 12.25, 4;
    #   sum n_c n_k delta^2 over ordered pairs = 2 * 312 = 624; D_e = 624 / (8*7).
    #   alpha = 1 - 56/624 = 71/78.
    framework = _framework([0, 1, 2, 3, 4], {"only": 4})
    cases = [_coding("A", [0, 1, 2, 3]), _coding("B", [0, 1, 3, 3])]
    linear = _overall(agreement(cases, framework))
    assert linear["percent_agreement"] == pytest.approx(75.0)
    assert linear["kappa"] == pytest.approx(9 / 11)
    assert linear["alpha"] == pytest.approx(71 / 78)
    assert (linear["n_shared"], linear["n_alpha"]) == (4, 4)
    quadratic = _overall(agreement(cases, framework, weights="quadratic"))
    assert quadratic["kappa"] == pytest.approx(11 / 12)
    assert quadratic["alpha"] == pytest.approx(71 / 78)  # alpha does not use kappa's weights


def test_kappa_distances_are_those_of_the_whole_scale() -> None:
    # A = 0 1 4, B = 0 1 3 on the 0..4 scale (level 2 unused). Linear w = |i-j|:
    #   observed: one miss of 1 in three -> 1/3;
    #   expected: (1/9) * [(0+1+3) + (1+0+2) + (4+3+1)] = 15/9; kappa = 1 - (1/3)/(15/9) = 0.8.
    # Counting distances among the used levels only (0,1,3,4 as 0..3) would give 8/11.
    framework = _framework([0, 1, 2, 3, 4], {"only": 3})
    overall = _overall(agreement([_coding("A", [0, 1, 4]), _coding("B", [0, 1, 3])], framework))
    assert overall["kappa"] == pytest.approx(0.8)


def test_not_assessed_is_missing_not_a_value() -> None:
    # The same table with a fifth question that B marks not_assessed: the figures must not
    # move, and the counts say they rest on four questions.
    framework = _framework([0, 1, 2, 3, 4], {"only": 5})
    cases = [_coding("A", [0, 1, 2, 3, 4]), _coding("B", [0, 1, 3, 3, None])]
    overall = _overall(agreement(cases, framework))
    assert overall["kappa"] == pytest.approx(9 / 11)
    assert overall["alpha"] == pytest.approx(71 / 78)
    assert (overall["n_questions"], overall["n_shared"], overall["n_alpha"]) == (5, 4, 4)


def test_sections_are_computed_separately() -> None:
    # Section "one": q1, q2 agree exactly (0,4 vs 0,4): 100 %, kappa 1, alpha 1.
    # Section "two": q3, q4 disagree everywhere (0,4 vs 4,0): 0 %; linear kappa:
    #   observed 4, expected (1/2)(1/2)*(0+4+4+0) = 2 -> kappa = 1 - 4/2 = -1.
    framework = _framework([0, 1, 2, 3, 4], {"one": 2, "two": 2})
    result = agreement([_coding("A", [0, 4, 0, 4]), _coding("B", [0, 4, 4, 0])], framework)
    sections = result.per_section.set_index("section")
    assert sections.loc["one", "percent_agreement"] == 100.0
    assert sections.loc["one", "kappa"] == pytest.approx(1.0)
    assert sections.loc["one", "alpha"] == pytest.approx(1.0)
    assert sections.loc["two", "percent_agreement"] == 0.0
    assert sections.loc["two", "kappa"] == pytest.approx(-1.0)
    assert _overall(result)["percent_agreement"] == 50.0


# --------------------------------------------------------------------------- textbook values

# Two radiologists classify 85 xeromammograms into four ordered categories (normal, benign,
# suspicion of cancer, cancer): a subset of the data of Boyd et al. (1982), "Observer variation
# in the interpretation of xeromammograms", J Natl Cancer Inst 68: 357-363, tabulated by
# Altman (1991) Practical Statistics for Medical Research, p. 403, and shipped with the Stata
# Base Reference Manual as rate.dta (examples of [R] kappa). Rows: radiologist A; columns: B.
BOYD = [[21, 12, 0, 0], [4, 17, 1, 0], [3, 9, 15, 2], [0, 0, 0, 1]]


def test_weighted_kappa_on_altman_s_table_is_exact() -> None:
    # Exactly, from the table (margins: A 33 22 29 1, B 28 38 16 3; the next test derives the
    # fractions in exact arithmetic): linear weights |i-j| give kappa = 1903/3348 = 0.56840,
    # quadratic weights (i-j)^2 give 3473/5173 = 0.67137, which rounds to 0.6714 (the value
    # 0.6713 cited for the Stata example is not the rounded exact figure).
    first: Ratings = []
    second: Ratings = []
    for i, row in enumerate(BOYD, start=1):
        for j, count in enumerate(row, start=1):
            first += [i] * count
            second += [j] * count
    framework = _framework([1, 2, 3, 4], {"films": 85})
    cases = [_coding("rada", first), _coding("radb", second)]
    linear = _overall(agreement(cases, framework, resamples=0))
    assert linear["kappa"] == pytest.approx(1903 / 3348, abs=1e-12)
    assert linear["percent_agreement"] == pytest.approx(100 * 54 / 85)  # diagonal 21+17+15+1
    quadratic = _overall(agreement(cases, framework, weights="quadratic", resamples=0))
    assert quadratic["kappa"] == pytest.approx(3473 / 5173, abs=1e-12)


def test_the_exact_fractions_follow_from_the_table() -> None:
    """The fractions above, from the table by exact arithmetic (no floating point)."""
    from fractions import Fraction

    n = sum(map(sum, BOYD))
    rows = [sum(r) for r in BOYD]
    cols = [sum(r[j] for r in BOYD) for j in range(4)]
    for weight, expected in (
        (lambda d: d, Fraction(1903, 3348)),
        (lambda d: d * d, Fraction(3473, 5173)),
    ):
        observed = sum(
            Fraction(BOYD[i][j]) * weight(abs(i - j)) for i in range(4) for j in range(4)
        )
        chance = sum(
            Fraction(rows[i] * cols[j], n) * weight(abs(i - j)) for i in range(4) for j in range(4)
        )
        assert 1 - observed / chance == expected


def test_krippendorff_2011_ordinal_example_with_missing_data() -> None:
    # Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C/E: four
    # observers, twelve units, values 1..5, missing data. Published: ordinal alpha = 0.815
    # (nominal 0.743, interval 0.849). With four coders, kappa is Fleiss' (statsmodels).
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3]
    c = [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]
    framework = _framework([1, 2, 3, 4, 5], {"units": 12})
    result = agreement(
        [_coding(n, r) for n, r in zip("ABCD", [a, b, c, d], strict=True)], framework
    )
    overall = _overall(result)
    assert round(overall["alpha"], 3) == 0.815
    # Units 2-9 are rated by all four; identical in 3, 4, 5, 7, 9 -> 5/8.
    assert (overall["n_shared"], overall["n_alpha"]) == (8, 11)  # unit 12 has one value
    assert overall["percent_agreement"] == pytest.approx(62.5)
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

    shared = [row for row in zip(a, b, c, d, strict=True) if None not in row]
    table, _ = aggregate_raters(shared, n_cat=None)
    assert overall["kappa"] == pytest.approx(fleiss_kappa(table))
    assert "kappa is Fleiss' (3+ coders, unweighted)" in overall["note"]


def test_krippendorff_2011_binary_example_and_its_kappa() -> None:
    # Krippendorff (2011), section A: two observers, ten units, binary; published alpha =
    # 0.095 (for two values ordinal alpha equals nominal alpha).
    # Cohen's kappa by hand: agree on 6 of 10 (po = 0.6); A says 1 twice, B four times:
    #   pe = 0.8*0.6 + 0.2*0.4 = 0.56; kappa = (0.6 - 0.56)/(1 - 0.56) = 1/11.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    overall = _overall(agreement([_coding("A", a), _coding("B", b)], _framework([0, 1], {"u": 10})))
    assert round(overall["alpha"], 3) == 0.095
    assert overall["kappa"] == pytest.approx(1 / 11)
    assert overall["percent_agreement"] == pytest.approx(60.0)


# --------------------------------------------------------------------------- edge cases


def test_identical_ratings_everywhere_leave_kappa_undefined_with_a_reason() -> None:
    framework = _framework([0, 1, 2, 3, 4], {"only": 3})
    overall = _overall(agreement([_coding("A", [2, 2, 2]), _coding("B", [2, 2, 2])], framework))
    assert overall["percent_agreement"] == 100.0
    assert math.isnan(overall["kappa"]) and math.isnan(overall["alpha"])
    assert "kappa undefined: every rating is 2" in overall["note"]
    assert "alpha undefined" in overall["note"]


@pytest.mark.parametrize(
    ("a", "b", "shared", "percent"),
    [([1, None, 3], [1, 2, None], 1, 100.0), ([None, None], [1, 2], 0, math.nan)],
    ids=["one-shared", "none-shared"],
)
def test_fewer_than_two_shared_questions(
    a: Ratings, b: Ratings, shared: int, percent: float
) -> None:
    framework = _framework([0, 1, 2, 3, 4], {"only": len(a)})
    overall = _overall(agreement([_coding("A", a), _coding("B", b)], framework))
    assert overall["n_shared"] == shared
    assert math.isnan(overall["kappa"]) and math.isnan(overall["alpha"])
    if math.isnan(percent):
        assert math.isnan(overall["percent_agreement"])
        assert "no question rated by every coder" in overall["note"]
    else:
        assert overall["percent_agreement"] == percent
        assert "needs 2+ questions both coders rated" in overall["note"]


def test_disagreements_show_every_coders_rating_and_evidence() -> None:
    framework = _framework([0, 1, 2, 3, 4], {"only": 4})
    cases = [_coding("Ann", [0, 1, 2, 3], quotes=True), _coding("Bo", [0, 3, 2, None], quotes=True)]
    frame = agreement(cases, framework).disagreements.set_index("question")
    assert list(frame.index) == ["q2", "q4"]
    assert frame.loc["q2", "kind"] == "rating" and frame.loc["q2", "spread"] == 2
    assert (frame.loc["q2", "rating: Ann"], frame.loc["q2", "rating: Bo"]) == (1, 3)
    assert frame.loc["q2", "evidence: Ann"] == "“Ann saw 1” — Staff 1"
    assert frame.loc["q2", "evidence: Bo"] == "“Bo saw 3” — Staff 1"
    assert frame.loc["q4", "kind"] == "rated by some coders only"
    assert frame.loc["q4", "rating: Ann"] == 3 and pd.isna(frame.loc["q4", "rating: Bo"])


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"id": "other"}, ("id",), "differs from 'c'"),
        ({"framework": FrameworkRef(id="testfw", version="2")}, ("framework",), "coded against"),
        ({"coder": "A"}, ("coder",), "also coded file 1"),
        ({"coder": "  "}, ("coder",), "coder is empty"),
    ],
    ids=["different-id", "different-framework", "duplicate-coder", "empty-coder"],
)
def test_incomparable_codings_are_refused(change: dict, field: tuple, message: str) -> None:
    framework = _framework([0, 1, 2], {"only": 2})
    second = _coding("B", [0, 1]).model_copy(update=change)
    with pytest.raises(IncomparableCases, match=message) as info:
        agreement([_coding("A", [0, 1]), second], framework)
    assert (info.value.index, info.value.field) == (1, field)


def test_a_rating_off_the_scale_is_refused() -> None:
    with pytest.raises(IncomparableCases, match="7 is not on the 'Test scale' scale") as info:
        agreement([_coding("A", [0, 1]), _coding("B", [0, 7])], _framework([0, 1, 2], {"o": 2}))
    assert info.value.field == ("assessments", "q2", "rating")


def test_three_coders_get_alpha_and_fleiss_kappa() -> None:
    framework = _framework([0, 1, 2, 3, 4], {"only": 4})
    result = agreement([_coding(n, [0, 1, 2, 3]) for n in "ABC"], framework)
    overall = _overall(result)
    assert overall["alpha"] == pytest.approx(1.0) and overall["percent_agreement"] == 100.0
    assert overall["kappa"] == pytest.approx(1.0) and "Fleiss'" in overall["note"]
    assert result.coders == ("A", "B", "C")


FLEISS_1971 = [  # Fleiss' worked example as usually taught: 10 subjects, 14 raters, 5 classes
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_on_the_textbook_table() -> None:
    # P-bar = 0.378, Pe = 0.213, kappa = (0.378 - 0.213) / (1 - 0.213) = 0.210.
    coders: list[list[int]] = [[] for _ in range(14)]
    for counts in FLEISS_1971:
        values = [level for level, n in enumerate(counts, start=1) for _ in range(n)]
        for coder, value in zip(coders, values, strict=True):
            coder.append(value)
    framework = _framework([1, 2, 3, 4, 5], {"subjects": 10})
    result = agreement(
        [_coding(f"R{i}", ratings) for i, ratings in enumerate(coders)], framework, resamples=200
    )
    overall = _overall(result)
    assert round(overall["kappa"], 3) == 0.210
    assert overall["kappa_low"] <= overall["kappa"] <= overall["kappa_high"]


def test_fleiss_resamples_match_statsmodels_on_the_unresampled_data() -> None:
    from casebench.agreement.statistics import fleiss_kappa, fleiss_of_counts

    table = np.array(FLEISS_1971, dtype=float)
    once = np.ones((1, len(table)))
    assert fleiss_of_counts(table, once)[0] == pytest.approx(fleiss_kappa(table))


def test_renderers() -> None:
    framework = _framework([0, 1, 2, 3, 4], {"only": 4})
    result = agreement([_coding("A", [0, 1, 2, 3]), _coding("B", [0, 1, 3, 3])], framework)
    table = render_table(result)
    assert "0.818" in table and "75.0" in table and "- q3 (only, rating): A 2, B 3" in table
    data = json.loads(render_json(result))
    assert data["overall"]["kappa"] == pytest.approx(9 / 11)
    assert data["disagreements"][0]["rating: B"] == 3
    csv_lines = render_csv(result).splitlines()
    assert csv_lines[0].startswith("section,title,n_questions,n_shared,n_alpha")
    assert csv_lines[0].endswith(",note,measure")
    assert [line.split(",")[0] for line in csv_lines[1:]] == ["only", "overall"] * 2
    assert csv_lines[2].endswith(",rating") and csv_lines[-1].endswith(",status")


# --------------------------------------------------------------------------- command line


def _second_coding(tmp_path: Path, coder: str = "Second coder") -> tuple[Path, Path]:
    first = load_case(SAMPLE)
    rated = [q for q, a in first.assessments.items() if a.rating is not None]
    changed = {
        q: first.assessments[q].model_copy(update={"rating": (first.assessments[q].rating + 1) % 5})
        for q in rated[:3]
    }
    second = first.model_copy(
        update={"coder": coder, "assessments": {**first.assessments, **changed}}
    )
    path = tmp_path / "second.yaml"
    save_case(second, path)
    return SAMPLE, path


def test_cli_prints_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _second_coding(tmp_path)
    assert main(["agreement", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert "Inter-coder agreement on case nhs_ebcd_breast_cancer" in out
    assert "3 disagreement(s)" in out and "overall" in out


def test_cli_json_and_quadratic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _second_coding(tmp_path)
    assert (
        main(["agreement", str(first), str(second), "--format", "json", "--weights", "quadratic"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["weights"] == "quadratic" and len(data["disagreements"]) == 3


def test_cli_refuses_duplicate_coders_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _second_coding(tmp_path, coder=load_case(SAMPLE).coder)
    assert main(["agreement", str(first), str(second)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"{second}:")
    assert ": error: coder: coder " in err[0] and "also coded file 1" in err[0]


def test_cli_refuses_an_invalid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    assert main(["agreement", str(SAMPLE), str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"{bad}:")


# --------------------------------------------------------------- cautions and intervals


def test_a_section_on_few_questions_carries_a_caution() -> None:
    # The figure the issue saw: kappa 1.000 for a section resting on 2 questions.
    framework = _framework([0, 1, 2, 3, 4], {"two": 2, "twelve": 12})
    ratings = [0, 4, *[0, 1, 2, 3, 4] * 2, 0, 1]  # section two: 2 questions; twelve: 12
    result = agreement([_coding("A", ratings), _coding("B", ratings)], framework)
    sections = result.per_section.set_index("section")
    assert sections.loc["two", "kappa"] == pytest.approx(1.0)
    assert sections.loc["two", "note"].startswith("caution: only 2 shared questions")
    assert "caution" not in sections.loc["twelve", "note"]
    assert "carry a caution" in render_table(result)


def test_intervals_are_seeded_and_contain_the_estimate() -> None:
    framework = _framework([0, 1, 2, 3, 4], {"only": 30})
    a = [i % 5 for i in range(30)]
    b = [min(4, v + (i % 3 == 0)) for i, v in enumerate(a)]
    cases = [_coding("A", a), _coding("B", b)]
    one = _overall(agreement(cases, framework))
    again = _overall(agreement(cases, framework))
    other = _overall(agreement(cases, framework, seed=1))
    for name in ("kappa", "alpha"):
        low, high = one[f"{name}_low"], one[f"{name}_high"]
        assert low < one[name] < high <= 1.0
        assert (again[f"{name}_low"], again[f"{name}_high"]) == (low, high)
    assert (other["kappa_low"], other["kappa_high"]) != (one["kappa_low"], one["kappa_high"])
    none = _overall(agreement(cases, framework, resamples=0))
    assert none["kappa"] == one["kappa"] and math.isnan(none["kappa_low"])


def test_interval_statistics_match_the_libraries_on_the_unresampled_data() -> None:
    """The array formulas behind the intervals give scikit-learn's kappa and the krippendorff
    package's alpha when every question counts once."""
    import numpy as np

    from casebench.agreement.statistics import (
        alpha_of_counts,
        kappa_of_counts,
        krippendorff_alpha,
        weighted_kappa,
    )

    rng = np.random.default_rng(7)
    for _ in range(60):
        k, n = int(rng.integers(2, 6)), int(rng.integers(3, 25))
        levels = list(range(1, k + 1))  # positions differ from values
        a, b = rng.integers(0, k, n), rng.integers(0, k, n)
        for weights in ("linear", "quadratic", None):
            library = weighted_kappa(a + 1, b + 1, levels, weights)
            ours = kappa_of_counts(a, b, k, weights, np.ones((1, n)))[0]
            assert ours == pytest.approx(library, nan_ok=True)
        matrix = rng.integers(1, k + 1, (3, n)).astype(float)
        matrix[rng.random((3, n)) < 0.3] = np.nan
        matrix = matrix[:, (~np.isnan(matrix)).sum(axis=0) >= 2]
        for level in ("ordinal", "nominal"):
            library = krippendorff_alpha(matrix, levels, level)
            ours = alpha_of_counts(matrix, levels, level, np.ones((1, matrix.shape[1])))[0]
            assert ours == pytest.approx(library, nan_ok=True)


def test_cli_defaults_are_the_documented_ones() -> None:
    from casebench.agreement import RESAMPLES, SEED
    from casebench.cli import build_parser

    args = build_parser().parse_args(["agreement", "a.yaml", "b.yaml"])
    assert (args.resamples, args.seed) == (RESAMPLES, SEED)


# --------------------------------------------------------------- statuses and restated questions


def _status_coding(coder: str, statuses: list[str]) -> Case:
    assessments = {}
    for number, status in enumerate(statuses, start=1):
        if status == "assessed":
            assessments[f"q{number}"] = Assessment(rating=2, memo="m")
        else:
            assessments[f"q{number}"] = Assessment(status=status, memo="m")
    return _coding(coder, []).model_copy(update={"assessments": assessments})


def test_status_agreement_by_hand() -> None:
    # A: assessed, absent, not assessed, assessed; B: assessed, assessed, not assessed, assessed.
    # Agree on 3 of 4. Kappa (nominal): po = 3/4; pe = (2/4)(3/4) + (1/4)(0) + (1/4)(1/4) = 7/16;
    #   kappa = (12/16 - 7/16) / (9/16) = 5/9.
    # Alpha (nominal): values a 5, b 1, n 2 (n = 8); disagreeing coincidences 2 -> D_o = 2/8;
    #   D_e = 2 (5*1 + 5*2 + 1*2) / (8*7) = 34/56; alpha = 1 - (2/8)/(34/56) = 10/17.
    framework = _framework([0, 1, 2, 3, 4], {"only": 4})
    result = agreement(
        [
            _status_coding("A", ["assessed", "absent", "not_assessed", "assessed"]),
            _status_coding("B", ["assessed", "assessed", "not_assessed", "assessed"]),
        ],
        framework,
    )
    status = result.status_overall.iloc[0]
    assert status["percent_agreement"] == pytest.approx(75.0)
    assert status["kappa"] == pytest.approx(5 / 9)
    assert status["alpha"] == pytest.approx(10 / 17)
    # the ratings: absent and not assessed are missing, so two questions are shared
    assert _overall(result)["n_shared"] == 2


def test_a_restated_question_counts_once_overall() -> None:
    framework = Framework.model_validate(
        _framework([0, 1, 2, 3, 4], {"one": 3, "two": 1}).model_dump()
        | {
            "sections": [
                {
                    "id": "one",
                    "title": "One",
                    "questions": [
                        {"id": "q1", "text": "A?", "citation": "t"},
                        {"id": "q2", "text": "B?", "citation": "t"},
                        {"id": "q3", "text": "C?", "citation": "t"},
                    ],
                },
                {
                    "id": "two",
                    "title": "Two",
                    "questions": [
                        {"id": "q4", "text": "A again?", "citation": "t", "repeats": "q1"}
                    ],
                },
            ]
        }
    )
    result = agreement([_coding("A", [0, 2, 4, 1]), _coding("B", [0, 2, 3, 1])], framework)
    assert result.per_section.set_index("section").loc["two", "n_questions"] == 1
    overall = _overall(result)
    assert overall["n_questions"] == 3 and "1 restated questions counted once" in overall["title"]
    assert result.status_overall.iloc[0]["n_questions"] == 3
    assert result.counted_once == (("q4", "q1"),)
    assert "left out are q4 (as q1)" in render_table(result)
    assert json.loads(render_json(result))["counted_once"] == [
        {"question": "q4", "counted_as": "q1"}
    ]
