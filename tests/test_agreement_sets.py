"""Agreement on choice answers and on power observations and outcomes as sets: MASI and
Jaccard distances, Krippendorff's alpha with them, checked against hand-worked values."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from casebench import load_framework
from casebench.agreement import agreement, jaccard_distance, masi_distance, render_csv
from casebench.agreement.statistics import alpha_of_counts, krippendorff_alpha
from casebench.models import Assessment, Case, Framework, FrameworkRef, PowerObservation


@pytest.mark.parametrize(
    ("first", "second", "masi", "jaccard"),
    [
        # Passonneau (2006): MASI = 1 - J * M, M = 1 (equal), 2/3 (subset), 1/3 (overlap), 0
        ({"a"}, {"a"}, Fraction(0), Fraction(0)),
        ({"a", "b"}, {"a"}, Fraction(2, 3), Fraction(1, 2)),  # J 1/2, M 2/3: 1 - 1/3
        ({"a", "b"}, {"a", "c"}, Fraction(8, 9), Fraction(2, 3)),  # J 1/3, M 1/3: 1 - 1/9
        ({"a", "b", "c"}, {"a"}, Fraction(7, 9), Fraction(2, 3)),  # J 1/3, M 2/3: 1 - 2/9
        ({"a"}, {"b"}, Fraction(1), Fraction(1)),
        (set(), set(), Fraction(0), Fraction(0)),
        (set(), {"a"}, Fraction(1), Fraction(1)),
    ],
)
def test_set_distances(first: set, second: set, masi: Fraction, jaccard: Fraction) -> None:
    a, b = frozenset(first), frozenset(second)
    assert masi_distance(a, b) == pytest.approx(float(masi))
    assert masi_distance(b, a) == pytest.approx(float(masi))
    assert jaccard_distance(a, b) == pytest.approx(float(jaccard))


def _choice_framework(n: int, multiple: bool = True) -> Framework:
    options = [{"id": o, "label": o.upper()} for o in ("a", "b", "c")]
    questions = [
        {
            "id": f"q{i}",
            "text": f"Question {i}?",
            "citation": "t",
            "kind": "choice",
            "multiple": multiple,
            "options": options,
        }
        for i in range(1, n + 1)
    ]
    return Framework.model_validate(
        {
            "id": "testfw",
            "version": "1",
            "title": "Test framework",
            "default_scale": "s",
            "scales": {
                "s": {"title": "S", "levels": [{"value": v, "label": str(v)} for v in (0, 1)]}
            },
            "sections": [{"id": "only", "title": "Only", "questions": questions}],
        }
    )


def _answers(coder: str, answers: list, framework_id: str = "testfw") -> Case:
    return Case(
        id="c",
        title="A case",
        coder=coder,
        framework=FrameworkRef(id=framework_id, version="1"),
        assessments={
            f"q{i}": Assessment(status="not_assessed")
            if answer is None
            else Assessment(answer=answer, memo="m")
            for i, answer in enumerate(answers, start=1)
        },
    )


def test_alpha_with_masi_and_jaccard_by_hand() -> None:
    # Units: {a}/{a}, {a,b}/{a}, {b}/{c}. Coincidences: o(a,a) = 2, o(a,ab) = o(ab,a) = 1,
    # o(b,c) = o(c,b) = 1; n_a = 3, n_ab = n_b = n_c = 1, n = 6.
    # MASI: observed 2 * 2/3 + 2 * 1 = 10/3; expected (ordered pairs, n_c n_k d):
    #   a-ab 2*3*2/3 = 4, a-b 6, a-c 6, ab-b 2*2/3 = 4/3, ab-c 2, b-c 2: 64/3.
    #   alpha = 1 - (n - 1) * 10/3 / (64/3) = 1 - 50/64 = 7/32.
    # Jaccard: observed 2 * 1/2 + 2 = 3; expected 3 + 6 + 6 + 1 + 2 + 2 = 20: 1 - 15/20 = 1/4.
    framework = _choice_framework(3)
    first = _answers("A", [["a"], ["a", "b"], ["b"]])
    second = _answers("B", [["a"], ["a"], ["c"]])
    masi = agreement([first, second], framework, resamples=0).choice_overall.iloc[0]
    assert masi["alpha"] == pytest.approx(7 / 32)
    assert math.isnan(masi["kappa"]) and "kappa is for single values" in masi["note"]
    assert masi["percent_agreement"] == pytest.approx(100 / 3)
    jaccard = agreement([first, second], framework, resamples=0, set_distance="jaccard")
    assert jaccard.choice_overall.iloc[0]["alpha"] == pytest.approx(0.25)
    assert jaccard.set_distance == "jaccard"


def test_single_choice_answers_are_nominal_data() -> None:
    # Krippendorff (2011) binary example as options "a"/"b": nominal alpha 0.095, kappa 1/11.
    a = ["a", "b", "a", "a", "a", "a", "a", "a", "b", "a"]
    b = ["b", "b", "b", "a", "a", "b", "a", "a", "a", "a"]
    framework = _choice_framework(10, multiple=False)
    result = agreement([_answers("A", a), _answers("B", b)], framework, resamples=0)
    overall = result.choice_overall.iloc[0]
    assert round(overall["alpha"], 3) == 0.095
    assert overall["kappa"] == pytest.approx(1 / 11)


def test_the_array_formula_with_a_nominal_distance_gives_the_library_s_alpha() -> None:
    rng = np.random.default_rng(7)
    matrix = rng.integers(0, 4, size=(3, 25)).astype(float)
    matrix[0, :5] = np.nan
    once = np.ones((1, 25))
    nominal = 1.0 - np.eye(4)
    ours = alpha_of_counts(matrix, [0, 1, 2, 3], "nominal", once, nominal)[0]
    assert ours == pytest.approx(krippendorff_alpha(matrix, [0, 1, 2, 3], "nominal"))


def _power(coder: str, observed: list[tuple[str, str]]) -> Case:
    return Case(
        id="c",
        title="A case",
        coder=coder,
        framework=FrameworkRef(id="farr2017", version="1.0.0"),
        power=[
            PowerObservation(dimension=d, mode=m, description=f"{d} {m}", provenance="stated")
            for d, m in observed
        ],
    )


def test_power_observations_as_sets_per_dimension() -> None:
    farr = load_framework("farr2017")
    first = _power(
        "A", [("first", "domination"), ("second", "domination"), ("power_with", "empowerment")]
    )
    second = _power(
        "B", [("first", "domination"), ("power_with", "empowerment"), ("power_with", "domination")]
    )
    result = agreement([first, second], farr, resamples=0)
    power = result.sets.set_index("section").loc["power"]
    # dimensions in framework order; A: {d}, {d}, {}, {}, {e}; B: {d}, {}, {}, {}, {d, e}
    assert power["n_shared"] == len(farr.power_dimension_ids) == 5
    assert power["percent_agreement"] == pytest.approx(60.0)
    assert 0 < power["alpha"] < 1
    outcomes = result.sets.set_index("section").loc["outcomes"]
    assert outcomes["n_shared"] == 0 and "no level coded by every coder" in outcomes["note"]
    csv = render_csv(result)
    assert csv.splitlines()[-2].startswith("power,") and csv.splitlines()[-2].endswith(",set")


def test_a_coder_with_no_power_observations_is_missing_not_none() -> None:
    farr = load_framework("farr2017")
    result = agreement([_power("A", [("first", "domination")]), _power("B", [])], farr)
    power = result.sets.set_index("section").loc["power"]
    assert power["n_alpha"] == 0 and math.isnan(power["alpha"])
