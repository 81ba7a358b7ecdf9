"""The two sample cases record the facts of Farr (2017) exactly, and quote the paper verbatim.

The paper's text is read from ``../shared/seed`` beside the clone (CI always provides it); a
missing file fails the quote test with a message saying where it was looked for.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import casebench
from casebench.models.case import Case, CmoConfiguration, Evidence

HERE = Path(__file__).resolve()
REPO = HERE.parents[1]
CASES = REPO / "data" / "sample_cases"
PAPER = HERE.parents[2] / "shared" / "seed" / "000_1cc4923d506ff9ae.txt"

NHS = "nhs_ebcd_breast_cancer"
LG = "local_gov_innovation_lab"
FILES = {NHS: CASES / f"{NHS}.yaml", LG: CASES / f"{LG}.yaml"}

SCHEMA_LINE = (
    "# yaml-language-server: $schema=../../src/casebench/schemas/case.farr2017.schema.json"
)
CODER = "casebench sample coding from Farr (2017)"
DOI = "10.1177/0261018317747444"

SHARED_MECHANISMS = {"emotive_film_bridge", "personal_identity_over_role", "collective_power_with"}
NHS_ONLY_MECHANISMS = {"patient_presence_accountability", "opportune_timing_groundswell"}
LG_ONLY_MECHANISMS = {"community_venue_informality", "professionals_cede_control"}

_TYPOGRAPHIC = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "*": None}
)


def normalise(text: str) -> str:
    """Typographic quotes and apostrophes made straight, the seed text's emphasis markup
    (asterisks around *power with*) dropped, runs of whitespace made one space."""
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def field(case: Case, dotted: str):
    value = case
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def all_evidence(case: Case) -> list[tuple[str, Evidence]]:
    """Every evidence item in a case, with where it sits."""
    found = [(f"assessments.{qid}", e) for qid, a in case.assessments.items() for e in a.evidence]
    found += [(f"power[{i}]", e) for i, p in enumerate(case.power) for e in p.evidence]
    found += [(f"outcomes[{i}]", e) for i, o in enumerate(case.outcomes) for e in o.evidence]
    found += [(f"cmo.{c.id}", e) for c in case.cmo for e in c.evidence]
    return found


def cmo_prose(cmo: CmoConfiguration) -> str:
    """A configuration's prose: context, mechanism, outcome, and the realist coding's
    resource, reasoning and condition texts."""
    conditions = " ".join(c.text for c in cmo.context_conditions)
    return (
        f"{cmo.context} {cmo.mechanism} {cmo.outcome} {cmo.resource} {cmo.reasoning} {conditions}"
    )


@pytest.fixture(scope="module")
def cases() -> dict[str, Case]:
    return {case_id: casebench.load_case(path) for case_id, path in FILES.items()}


@pytest.fixture(scope="module")
def framework():
    return casebench.load_framework("farr2017")


@pytest.fixture(scope="module")
def paper() -> str:
    assert PAPER.is_file(), (
        f"the text of Farr (2017) is needed to check the sample cases' quotes; expected it at "
        f"{PAPER} (../shared/seed beside the repository)"
    )
    return normalise(PAPER.read_text(encoding="utf-8"))


# ----------------------------------------------------------------- recorded facts

FACTS = [
    (NHS, "id", NHS),
    (NHS, "sector", "health"),
    (NHS, "setting", "two large hospitals in an urban area"),
    (NHS, "period.months", 22),
    (NHS, "coder", CODER),
    (NHS, "framework.id", "farr2017"),
    (NHS, "framework.version", "1.0.0"),
    (NHS, "issues.raised", 36),  # "From over 36 different issues" (line 165)
    (NHS, "issues.raised_qualifier", "over"),
    (NHS, "issues.acted_on", 29),
    (LG, "id", LG),
    (LG, "sector", "local government"),
    (LG, "period.months", 19),
    (LG, "coder", CODER),
    (LG, "framework.id", "farr2017"),
    (LG, "framework.version", "1.0.0"),
    (LG, "issues.raised", None),
    (LG, "issues.raised_qualifier", "exactly"),
    (LG, "issues.acted_on", None),
    (NHS, "practice", "co_design"),
    (LG, "practice", "both"),
]


@pytest.mark.parametrize(("case_id", "name", "expected"), FACTS)
def test_recorded_fact(cases, case_id, name, expected):
    assert field(cases[case_id], name) == expected


TEXT_MENTIONS = [
    (
        NHS,
        "approach",
        [
            "EBCD (Bate and Robert 2007): patient film, co-design event, "
            "vote on priorities, co-design groups"
        ],
    ),
    (LG, "setting", ["rural and urban areas", "housing", "public health", "social services"]),
    (
        LG,
        "approach",
        [
            "innovation lab (Bason 2010): participatory film, community mapping, "
            "varied co-design techniques"
        ],
    ),
    (NHS, "citation", [DOI, "Farr", "2017"]),
    (LG, "citation", [DOI, "Farr", "2017"]),
    (LG, "issues.note", ["no counts"]),
]


@pytest.mark.parametrize(("case_id", "name", "phrases"), TEXT_MENTIONS)
def test_text_field_mentions(cases, case_id, name, phrases):
    text = field(cases[case_id], name)
    for phrase in phrases:
        assert phrase in text, f"{case_id}.{name} should mention {phrase!r}: {text!r}"


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_summary_is_short_and_present(cases, case_id):
    summary = cases[case_id].summary.strip()
    assert summary
    assert len(summary.split()) < 200


SOURCES = {
    NHS: {
        "meetings": (33, {}),
        "feedback_sheets": (71, {"staff": 46, "patients": 25}),
        "interviews": (25, {"patients": 7, "staff": 17}),
    },
    LG: {
        "documents": (24, {}),
        "meetings": (8, {}),
        "interviews": (18, {"staff": 17}),
        "focus_groups": (2, {"community_participants": 3, "staff": 5}),
    },
}


@pytest.mark.parametrize(
    ("case_id", "kind", "count", "participants"),
    [(c, k, n, p) for c, kinds in SOURCES.items() for k, (n, p) in kinds.items()],
)
def test_source(cases, case_id, kind, count, participants):
    matching = [s for s in cases[case_id].sources if s.kind == kind]
    assert len(matching) == 1, f"{case_id} should record {kind} once"
    assert matching[0].count == count
    assert matching[0].participants == participants


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_no_other_sources(cases, case_id):
    assert sorted(s.kind for s in cases[case_id].sources) == sorted(SOURCES[case_id])


def test_source_descriptions(cases):
    nhs = {s.kind: s for s in cases[NHS].sources}
    lg = {s.kind: s for s in cases[LG].sources}
    assert "interviewed twice" in nhs["interviews"].description
    assert "interviewed twice" in lg["interviews"].description
    assert lg["focus_groups"].description == (
        "one with three community participants and two staff; one with three staff"
    )


# ----------------------------------------------------------------- file format


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_file_opens_with_schema_line_and_format(case_id):
    lines = FILES[case_id].read_text(encoding="utf-8").splitlines()
    assert lines[0] == SCHEMA_LINE
    assert lines[1] == "format: 1"


def test_folder_validates_without_errors():
    report = casebench.validate_paths([CASES])
    assert not report.errors, "\n".join(str(p) for p in report.errors)
    assert {c.id for c in report.cases} == {NHS, LG}


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_round_trip(cases, case_id, tmp_path):
    target = tmp_path / f"{case_id}.yaml"
    casebench.save_case(cases[case_id], target)
    assert casebench.load_case(target) == cases[case_id]


# ----------------------------------------------------------------- assessments


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_every_question_listed(cases, framework, case_id):
    assert list(cases[case_id].assessments) == list(framework.questions)


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_assessed_questions_are_backed(cases, case_id):
    for qid, a in cases[case_id].assessments.items():
        if not a.assessed:
            assert a.rating is None and a.answer is None
            assert a.memo.strip(), f"{case_id}.{qid}: say why it is not assessed"
            continue
        attributed = any(e.attribution.strip() for e in a.evidence)
        assert attributed or a.memo.strip(), f"{case_id}.{qid}: no attributed evidence or memo"
        assert a.memo.strip(), f"{case_id}.{qid}: every judgement carries a memo"
        assert a.confidence in {"low", "medium", "high"}, f"{case_id}.{qid}: confidence"


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_answers_fit_question_kinds(cases, framework, case_id):
    for qid, a in cases[case_id].assessments.items():
        if not a.assessed:
            continue
        question = framework.questions[qid].question
        if question.kind == "scale":
            assert a.rating in range(5), f"{case_id}.{qid}"
        elif question.kind == "choice":
            assert isinstance(a.answer, list) and a.answer, f"{case_id}.{qid}"
            assert set(a.answer) <= set(question.option_ids), f"{case_id}.{qid}"
        else:
            assert isinstance(a.answer, str) and a.answer.strip(), f"{case_id}.{qid}"


NOT_REPORTED = ["pp_volunteers", "pp_payment", "rp_volunteers", "oo_trade_unions", "st_time"]


@pytest.mark.parametrize("case_id", [NHS, LG])
@pytest.mark.parametrize("qid", NOT_REPORTED)
def test_unreported_questions_not_assessed(cases, case_id, qid):
    assert not cases[case_id].assessments[qid].assessed


def test_local_government_partners_contribution_not_described(cases):
    """Line 121 names third-sector staff among the interviewees, and nothing more: what others
    brought to the collaborative goals is not described, so it is not rated."""
    assert cases[LG].assessments["oo_other_expertise"].status == "not_assessed"


@pytest.mark.parametrize(
    ("case_id", "qid", "expected"),
    [
        (NHS, "is_level", ["service"]),
        (LG, "is_level", ["community", "service", "policy"]),
        (NHS, "rs_level", ["service_provision"]),
    ],
)
def test_levels_chosen(cases, case_id, qid, expected):
    assert sorted(cases[case_id].assessments[qid].answer) == sorted(expected)


# ----------------------------------------------------------------- quotes


def _quotes() -> list:
    params = []
    for case_id, path in FILES.items():
        for where, evidence in all_evidence(casebench.load_case(path)):
            label = f"{case_id}:{where}:{evidence.quote[:30]}"
            params.append(pytest.param(evidence.quote, id=label))
    return params


@pytest.mark.parametrize("quote", _quotes())
def test_quote_occurs_in_paper(paper, quote):
    assert normalise(quote) in paper, f"not a verbatim quote of Farr (2017): {quote!r}"


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_evidence_is_attributed_and_located(cases, case_id):
    for where, evidence in all_evidence(cases[case_id]):
        assert evidence.attribution.strip(), f"{case_id} {where}"
        assert evidence.source.strip(), f"{case_id} {where}"
        assert evidence.location.strip(), f"{case_id} {where}"


CASE_SECTION = {NHS: "EBCD in breast cancer services", LG: "Co-production in local government"}
# Lines of the paper's text file (CODING_NOTES.md lists them).
SECTION_LINES = {
    "Methods": (117, 123),
    "EBCD in breast cancer services": (125, 171),
    "Co-production in local government": (173, 213),
    "Discussion": (215, 233),
    "Conclusion": (235, 241),
}


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_evidence_comes_from_the_sections_about_the_cases(cases, case_id):
    """CODING_NOTES.md's rule "Only the paper": evidence about a case comes from the Methods,
    the case's own section, the Discussion and the Conclusion; the literature sections (lines
    56-115) only classify and frame, and the other case's section is never this case's
    evidence."""
    lines = PAPER.read_text(encoding="utf-8").splitlines()
    sections = {
        name: normalise(" ".join(lines[first - 1 : last]))
        for name, (first, last) in SECTION_LINES.items()
    }
    allowed = {"Methods", CASE_SECTION[case_id], "Discussion", "Conclusion"}
    for where, evidence in all_evidence(cases[case_id]):
        assert evidence.location in allowed, f"{case_id} {where}: {evidence.location!r}"
        assert normalise(evidence.quote) in sections[evidence.location], (
            f"{case_id} {where}: not in the section {evidence.location!r}: {evidence.quote!r}"
        )


# ----------------------------------------------------------------- power, outcomes, CMO


@pytest.mark.parametrize(
    ("case_id", "dimension", "mode"),
    [
        (NHS, "second", "domination"),
        (NHS, "power_with", "empowerment"),
        (LG, "first", "empowerment"),
        (LG, "second", "empowerment"),
        (LG, "second", "domination"),
        (LG, "power_with", "empowerment"),
    ],
)
def test_power_observation(cases, case_id, dimension, mode):
    found = [p for p in cases[case_id].power if p.dimension == dimension and p.mode == mode]
    assert found, f"{case_id}: no {mode} observation on the {dimension} dimension"
    assert all(p.evidence and p.questions for p in found)


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_every_power_observation_and_configuration_says_whose_it_is(cases, case_id):
    for where, item in [
        *(("power", p) for p in cases[case_id].power),
        *(("cmo", c) for c in cases[case_id].cmo),
    ]:
        assert item.provenance in {"stated", "constructed"}, f"{case_id} {where}"
        assert "Farr (2017)" in item.derived_from and "line" in item.derived_from, (
            f"{case_id} {where}"
        )


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_the_paper_gives_no_cmo_table(cases, case_id):
    """Every configuration is the coder's construction, and says so."""
    for c in cases[case_id].cmo:
        assert c.provenance == "constructed", c.id
        assert c.derived_from.startswith("Constructed by the coder from Farr (2017) line"), c.id


# ------------------------------------------------ the paper's explicit statements, reflected


def test_no_nhs_first_dimension_observation(cases):
    """Line 131: "Lukes' (2005) first dimension of overt conflict was not observed"."""
    assert not [p for p in cases[NHS].power if p.dimension == "first"]


def test_pizza_and_beer_is_not_labelled_domination(cases):
    """Lines 187-191: the paper never calls the pizza-and-beer night domination."""
    for p in cases[LG].power:
        text = " ".join([p.description, *(e.quote for e in p.evidence)]).lower()
        assert "pizza" not in text and "dads" not in text, p.description


def test_patients_dependence_is_pateman_not_lukes(cases):
    """Line 153 frames patients' dependence on clinicians through Pateman's independence and
    security, so it is coded under rp_independence (realist element 1, Pateman 1970), not as a
    power observation; NHS Patient 12's words keep their first sentence (line 147)."""
    nhs = cases[NHS]
    for p in nhs.power:
        assert not any("surgeon" in e.quote or "clinical" in e.quote for e in p.evidence)
    independence = nhs.assessments["rp_independence"]
    assert any("Pateman, 1970: 43" in e.quote for e in independence.evidence)
    for where, evidence in all_evidence(nhs):
        if "sat across the table from our surgeon" in evidence.quote:
            assert evidence.quote.startswith("The power relation didn't really come into it."), (
                where
            )


def test_local_government_independence_is_hedged_and_greater(cases):
    """Line 197: community participants "seemed to have more" independence and security than
    NHS patients (line 153): higher than NHS, but not the scale's top."""
    nhs = cases[NHS].assessments["rp_independence"].rating
    lg = cases[LG].assessments["rp_independence"].rating
    assert nhs is not None and lg is not None
    assert nhs < lg < 4


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_structural_inequality_not_challenged(cases, case_id):
    """Line 239: "The processes did not challenge political inequalities at a structural level":
    absent, backed by that sentence; never a rating."""
    a = cases[case_id].assessments["si_structural_inequalities"]
    assert a.status == "absent" and a.rating is None
    assert any(e.quote.startswith("The processes did not challenge") for e in a.evidence)


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_no_structural_change_achieved(cases, case_id):
    """Lines 169, 231-233, 239: less change at a strategic level; participants "had little
    power to be able to challenge or change policy" and "The processes did not challenge
    political inequalities at a structural level", of both cases: not achieved, nor partly."""
    strategic = [o for o in cases[case_id].outcomes if o.level == "strategic_policy_structural"]
    assert strategic and {o.status for o in strategic} == {"not_achieved"}


@pytest.mark.parametrize("case_id", [NHS, LG])
@pytest.mark.parametrize(
    "level", ["individual", "organisational_service", "organisational_culture"]
)
def test_levels_the_paper_says_both_cases_reached(cases, case_id, level):
    """Line 221: a significant number of "both service user and staff participants" were
    positively impacted personally; line 225: "Cultural level organisational changes were
    noted by participants within both case studies"; line 227: both were "successful in
    instituting changes at ... organisational service and organisational cultural levels"."""
    assert [o for o in cases[case_id].outcomes if o.level == level and o.status == "achieved"]


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_culture_change_rests_on_the_discussion_s_statement(cases, case_id):
    """Line 225 says it of both cases, so both culture outcomes quote it."""
    culture = [o for o in cases[case_id].outcomes if o.level == "organisational_culture"]
    assert any(
        e.quote.startswith("Cultural level organisational changes were noted")
        for o in culture
        for e in o.evidence
    )


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_no_fourth_dimension_observation(cases, case_id):
    """Line 231's "This helps to explain critiques of co-production at a discursive level" is a
    remark about the critics: neither case shows subjectivities shaped through discourse (the
    fourth dimension, line 76), and neither rates the rhetoric questions below "mixed"."""
    assert not [p for p in cases[case_id].power if p.dimension == "fourth"]


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_power_with_is_never_coded_as_dominating(cases, case_id):
    """Power with is the collective power of acting together (line 84); where the paper says
    wider pressures constrained it (line 169), the pressures are what dominates."""
    assert not [
        p for p in cases[case_id].power if p.dimension == "power_with" and p.mode != "empowerment"
    ]


def _coded(case: Case, phrase: str) -> set[tuple[str, str]]:
    """(dimension, mode) of the power observations quoting ``phrase``."""
    return {
        (p.dimension, p.mode)
        for p in case.power
        if any(phrase in normalise(e.quote) for e in p.evidence)
    }


@pytest.mark.parametrize(
    ("nhs_phrase", "lg_phrase"),
    [
        # Line 213: "Similarly to the NHS case, top-down pressures from financial constraints
        # and government policy ..." (local government), of the pressures of lines 169-171.
        ("the change in the NHS, the finances", "Similarly to the NHS case, top-down pressures"),
        # Lines 233 and 239 speak of both cases at once.
        ("focusing on more specific ends", "focusing on more specific ends"),
    ],
    ids=["wider-pressures-line-213", "specific-ends-line-239"],
)
def test_the_same_phenomenon_is_coded_alike_in_both_cases(cases, nhs_phrase, lg_phrase):
    """Where the paper says the cases share a phenomenon, a comparison by dimension of power
    must not show a difference the paper does not make."""
    nhs, lg = _coded(cases[NHS], nhs_phrase), _coded(cases[LG], lg_phrase)
    assert nhs and nhs == lg


_HELD_BACK = ("held back critic", "holding back critic", "moderated what", "softened their")


def test_patients_are_not_said_to_have_held_back_critique(cases):
    """Line 131 says only that patients did not want staff "to feel demoralised" and wanted the
    positive aspects "clearly emphasised"; lines 151 and 153 show critique voiced (Patient 05,
    "this critical person"; staff had to welcome "critiques of service provision"). A sentence
    may mention the old claim only to say the paper does not make it."""
    case = cases[NHS]
    texts = [
        (f"assessments.{q}", f"{a.memo} {a.answer or ''}") for q, a in case.assessments.items()
    ]
    texts += [(f"power[{i}]", p.description) for i, p in enumerate(case.power)]
    texts += [(f"cmo.{c.id}", cmo_prose(c)) for c in case.cmo]
    for where, text in texts:
        for sentence in re.split(r"(?<=[.;:])\s+", " ".join(text.lower().split())):
            if any(phrase in sentence for phrase in _HELD_BACK):
                assert "does not say" in sentence, f"{where}: {sentence!r}"


@pytest.mark.parametrize("case_id", [NHS, LG])
@pytest.mark.parametrize(
    "qid", ["si_empowering", "ch_transfer", "ch_power_with", "rp_independence"]
)
def test_equalising_power_is_never_strongly_enabling(cases, case_id, qid):
    """Line 239: "truly equalising power was difficult to achieve"."""
    assert cases[case_id].assessments[qid].rating != 4


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_every_four_rests_on_direct_evidence_and_says_why(cases, case_id):
    """A 4 needs direct evidence that the practice was strongly enabling across the case: at
    least two quotes, not low confidence, and a memo saying why it was kept."""
    for qid, a in cases[case_id].assessments.items():
        if a.rating == 4:
            assert len(a.evidence) >= 2 and a.confidence != "low", qid
            assert "Kept at 4" in a.memo, qid


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_low_confidence_says_it_rests_on_the_coder_s_reading(cases, case_id):
    """CODING_NOTES.md's rule: a judgement at low confidence opens its memo "Memo-based"."""
    for qid, a in cases[case_id].assessments.items():
        if a.confidence == "low":
            assert a.memo.startswith("Memo-based"), qid


_HEDGES = ("tended to", "seemed")


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_a_rating_resting_on_a_hedge_is_not_high(cases, case_id):
    """CODING_NOTES.md's rule: high confidence is for a direct statement. The paper's hedges
    ("Service users who participated tended to be ...", line 135; "seemed to attract", line 225;
    "seemed to have more", line 197) make a rating quoting them at most medium."""
    for qid, a in cases[case_id].assessments.items():
        if a.rating is not None and a.confidence == "high":
            hedged = [e.quote for e in a.evidence if any(h in e.quote for h in _HEDGES)]
            assert not hedged, f"{case_id}.{qid}: high on a hedged statement {hedged}"


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_restated_questions_are_coded_alike(cases, framework, case_id):
    """A realist question linked as restating a Figure 1 question (the framework's ``repeats``)
    rests on the same evidence, so it carries the same status, rating and confidence."""
    assessments = cases[case_id].assessments
    pairs = [(q, info.question.repeats) for q, info in framework.questions.items()]
    pairs = [(q, r) for q, r in pairs if r]
    assert pairs
    for qid, restated in pairs:
        a, b = assessments[qid], assessments[restated]
        assert (a.status, a.rating, a.confidence) == (b.status, b.rating, b.confidence), qid


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_overlapping_questions_say_so(cases, framework, case_id):
    """Three realist questions overlap a Figure 1 question without restating it (their guidance
    says "It overlaps ..."); each memo names the overlap, so a reader sees why the two may
    differ."""
    overlapping = {}
    for qid, info in framework.questions.items():
        found = re.search(r"It overlaps (\w+)", info.question.guidance)
        if found:
            overlapping[qid] = found.group(1)
    assert len(overlapping) == 3
    for qid, other in overlapping.items():
        memo = " ".join(cases[case_id].assessments[qid].memo.split())
        assert "overlaps" in memo and other in memo, f"{case_id}.{qid}: {memo!r}"


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_samples_have_no_unevidenced_judgement(cases, case_id):
    assert cases[case_id].unevidenced_judgements() == []


def _paragraphs(text: str) -> list[str]:
    """The paper's paragraphs, rejoined where a page break split one (a line that does not end
    a sentence continues after the blank line)."""
    joined: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if joined and not joined[-1].rstrip().endswith((".", "?", "!", ":", ")", '"', "”")):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return [normalise(p) for p in joined]


_OPENING = ("'", '"')


def test_participant_quotes_are_the_participants_words(paper):
    """A quote attributed to a participant or document is their words, not the author's
    sentence around them: it lies in a block quote ending with that attribution, or starts a
    quoted passage the paper attributes to them."""
    paragraphs = _paragraphs(PAPER.read_text(encoding="utf-8"))
    for case_id, path in FILES.items():
        for where, evidence in all_evidence(casebench.load_case(path)):
            if evidence.attribution.startswith("Farr (2017)"):
                continue
            quote, who = normalise(evidence.quote), normalise(evidence.attribution)
            block = any(quote in p and p.rstrip(".?").endswith(f"({who})") for p in paragraphs)
            at = paper.find(quote)
            before = paper[max(0, at - 6) : at].rstrip(" .")
            after = paper[at + len(quote) : at + len(quote) + 80 + len(who)]  # a pair of quotes
            inline = (
                quote.startswith(_OPENING) or before.endswith(_OPENING)
            ) and f"({who}" in after
            assert block or inline, f"{case_id} {where}: not {who}'s words: {evidence.quote!r}"


def _prose(case: Case) -> list[tuple[str, str]]:
    """Every piece of the coder's own prose in a case, with where it sits."""
    texts = [("summary", case.summary), ("interests", case.interests)]
    texts += [
        (f"assessments.{q}", f"{a.memo} {a.answer if isinstance(a.answer, str) else ''}")
        for q, a in case.assessments.items()
    ]
    texts += [
        (f"power[{i}]", f"{p.description} {p.derived_from}") for i, p in enumerate(case.power)
    ]
    texts += [(f"outcomes[{i}]", o.description) for i, o in enumerate(case.outcomes)]
    texts += [(f"cmo.{c.id}", f"{cmo_prose(c)} {c.derived_from}") for c in case.cmo]
    texts += [("issues.note", case.issues.note or "")]
    return texts


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()))


# A sentence may repeat a retired wording only to say the paper does not support it.
_RETRACTED = ("not in the paper", "does not say")

# Wordings the paper's own words do not support: (cases, wording, what the paper says).
UNSUPPORTED = [
    (
        [NHS],
        "where they were",
        "line 127: implementers 'interviewed and filmed patients about their service "
        "experiences'; where, and how accessible that was, is not said",
    ),
    (
        [NHS],
        "entry point",
        "lines 127, 133: the paper does not describe the film or event as less formal",
    ),
    ([NHS], "little change", "line 169: 'less change had occurred at a strategic level'"),
    ([NHS], "little changed", "line 169: 'less change had occurred at a strategic level'"),
    ([NHS], "involvement spread", "line 169: 'interviewees observed a shift'"),
    ([NHS], "participants tended to be", "line 135: 'Service users who participated tended to be'"),
    ([NHS, LG], "subordinated", "line 70: mechanisms 'may subordinate democratic contestation'"),
    ([LG], "bridged", "line 175: film 'was used to bridge'; relations 'started to develop'"),
    ([LG], "council improved", "line 175: relations with the council 'started to develop'"),
    ([LG], "were contested", "line 181: facilitated processes 'could contest' preconceptions"),
    ([LG], "obstacle", "line 213: staff cited timing and resources 'as potential issues'"),
    ([LG], "not public policy", "line 213: 'organisational policies'; no more is said"),
    # Fourth revision (third review).
    (
        [NHS],
        "felt criticised and",
        "line 131: staff who disengaged 'were said to have felt 'criticised''; none who withdrew "
        "could be interviewed to discern why",
    ),
    ([NHS], "feeling criticised", "line 131: 'were said to have felt 'criticised''"),
    ([NHS], "said to feel", "line 131: 'were said to have felt 'criticised''"),
    (
        [NHS],
        "ended groups",
        "line 153: 'patients could no longer engage with the co-design groups, nor were changes "
        "instituted'",
    ),
    (
        [NHS],
        "groups stopped",
        "line 153: 'patients could no longer engage with the co-design groups'",
    ),
    (
        [NHS],
        "absence of any account",
        "lines 123, 131: not interviewing withdrawn staff is a limit of the research; the paper "
        "does not say how the project accounted for people's perspectives",
    ),
    (
        [NHS],
        "where a groundswell",
        "line 161: 'Where the EBCD project implemented most changes, there was often a "
        "groundswell'",
    ),
    ([NHS], "rode an existing", "line 161: 'there was often a groundswell'"),
    (
        [NHS],
        "elsewhere financial",
        "line 171: constraints bounded 'the degree to which some systemic issues could be tackled'",
    ),
    (
        [NHS],
        '"could ...',
        "line 135: users who participated 'tended to be professionally experienced and "
        "articulate, and this could enable them to engage and effect change'",
    ),
    ([NHS], "harder to tackle", "line 169: 'appeared to be more difficult to tackle'"),
    ([NHS], "strategic change was limited", "line 169: 'less change had occurred'"),
    ([NHS], "most issues", "line 165: '29 of these were acted upon' of 'over 36'"),
    ([NHS], "most of the issues", "line 165: '29 of these were acted upon' of 'over 36'"),
    ([NHS], "shocks them", "line 129: one manager (NHS Staff 18) was 'absolutely shocked'"),
    ([NHS], "touched by the film", "line 131 ties staff's values to commitment, not the film"),
    ([NHS], "the film touched", "line 131 ties staff's values to commitment, not the film"),
    ([LG], "contested preconceptions", "line 181: processes 'could contest' preconceptions"),
    ([LG], "preconceptions contested", "line 181: processes 'could contest' preconceptions"),
    (
        [LG],
        "challenged in practice",
        "lines 181, 193: 'could contest'; control yielded in the community shop",
    ),
    ([LG], "people deemed", "line 223: 'encouraged people that may be deemed 'hard to reach''"),
    ([LG], "built a", "lines 181, 185: the project 'aimed' and 'attempted'"),
    (
        [LG],
        'their "weekend self"',
        "line 183: one staff member's phrase (Local government staff 03)",
    ),
    (
        [LG],
        "way of working",
        "lines 193, 201: control handed over in the community shop; resources and links for "
        "community participants",
    ),
    (
        [LG],
        "reports none",
        "lines 223-225: NHS service users 'were more involved in organisational decision-making'",
    ),
]


@pytest.mark.parametrize(
    ("case_ids", "wording", "paper_says"),
    UNSUPPORTED,
    ids=[wording.replace(" ", "-") for _, wording, _ in UNSUPPORTED],
)
def test_no_wording_the_paper_does_not_support(cases, case_ids, wording, paper_says):
    for case_id in case_ids:
        for where, text in _prose(cases[case_id]):
            for sentence in _sentences(text):
                if wording in sentence.lower():
                    assert any(r in sentence for r in _RETRACTED), (
                        f"{case_id} {where}: {sentence!r}; the paper says {paper_says}"
                    )


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_line_70_is_quoted_with_its_subject_and_hedge(cases, case_id):
    """Line 70: managed participatory mechanisms "may subordinate democratic contestation to
    specific ends such as 'service improvement'"; a text quoting the ends quotes that clause."""
    for where, text in _prose(cases[case_id]):
        text = normalise(text)
        if "specific ends such as" in text:
            assert "may subordinate democratic contestation to specific ends" in text, where


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_line_103_is_one_bullet(cases, case_id):
    """Line 103's tag "(Lukes second dimension of power)" follows the bullet's second question,
    "Are participants drawn into managerial agendas?": a text citing the first question for the
    dimension cites the bullet whole."""
    for where, text in _prose(cases[case_id]):
        if "Do professionals retain control?" in text:
            assert "Are participants drawn into managerial agendas?" in " ".join(text.split()), (
                where
            )


def test_local_government_policy_staff_name_potential_issues(cases):
    """Line 213: policy staff "cited problems of timing, resources, and the nature of the work as
    potential issues": a sentence about them says potential issues, never that these limited
    anything; and they are not coded as the wider pressures' domination, which line 213 does
    not tie them to."""
    for where, text in _prose(cases[LG]):
        for sentence in _sentences(text):
            if "timing" in sentence and "resources" in sentence:
                assert "potential issue" in sentence, f"{where}: {sentence!r}"
    for p in cases[LG].power:
        assert not any("potential issues" in e.quote for e in p.evidence), p.description


def test_nhs_accessibility_rests_on_the_paper_s_words(cases):
    """Line 127 says only that patients were interviewed and filmed, and line 143 that one
    patient found the first co-design event 'terrifying': the rating of si_accessible weighs that
    counter-evidence and the hedges of lines 135 and 225."""
    a = cases[NHS].assessments["si_accessible"]
    quotes = " ".join(normalise(e.quote) for e in a.evidence)
    for words in ("'terrifying'", "tended to be", "seemed to attract"):
        assert words in quotes, words
    assert "only 0" in " ".join(a.memo.split())  # "no one excluded" rules out only the 0


def test_local_government_disengagement_is_the_paper_s(cases):
    """Lines 187-191 say the pizza-and-beer night was popular with fathers "but less so some
    staff", not that anyone disengaged; line 123's remark on staff who "dropped out" does not
    name the case, so applying it here is marked as the coder's reading."""
    memo = " ".join(cases[LG].assessments["si_disengagement"].memo.split())
    for sentence in _sentences(memo):
        if "pizza" in sentence:
            assert "does not say" in sentence, sentence
    assert "coder's reading" in memo and "(both cases)" not in memo


def test_local_government_service_staff_participation_keeps_its_hedge(cases):
    """Line 199: "less service-based local government staff seemed to regularly participate in
    these community based groups": a sentence about those staff keeps "seemed" and
    "regularly", never that fewer of them simply took part."""
    for where, text in _prose(cases[LG]):
        for sentence in _sentences(text):
            if "service-based" in sentence:
                assert "seem" in sentence and "regular" in sentence, f"{where}: {sentence!r}"


# Sentences of the Discussion and Conclusion that speak of the two cases together, or of
# co-production without naming a case (lines 219-225, 233, 239).
_BOTH_CASES = (
    "Both the NHS and local government projects challenged",
    "The process was potentially emancipatory",
    "Co-production actively used service users' tacit knowledge",
    "Cultural level organisational changes were noted by participants within both",
    "wider policy, economic and political contexts set the rationales",
    "The participants involved had little power",
    "The processes did not challenge political inequalities",
    "truly equalising power was difficult to achieve",
)
_SAYS_BOTH = ("both", "two cases", "cases together")


def _holders(case: Case) -> list[tuple[str, str, list[Evidence]]]:
    """Every judgement that carries evidence: where it sits, its prose, its evidence."""
    found = [
        (
            f"assessments.{q}",
            f"{a.memo} {a.answer if isinstance(a.answer, str) else ''}",
            a.evidence,
        )
        for q, a in case.assessments.items()
    ]
    found += [
        (f"power[{i}]", f"{p.description} {p.derived_from}", p.evidence)
        for i, p in enumerate(case.power)
    ]
    found += [(f"outcomes[{i}]", o.description, o.evidence) for i, o in enumerate(case.outcomes)]
    found += [
        (f"cmo.{c.id}", f"{c.context} {c.mechanism} {c.outcome} {c.derived_from}", c.evidence)
        for c in case.cmo
    ]
    return found


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_sentences_about_both_cases_say_so(cases, case_id):
    """CODING_NOTES.md's rule: a Discussion or Conclusion sentence about both cases may be
    evidence for either file, and the judgement resting on it says it speaks of both."""
    for where, prose, evidence in _holders(cases[case_id]):
        quoted = [e.quote for e in evidence if any(b in normalise(e.quote) for b in _BOTH_CASES)]
        if quoted:
            assert any(w in prose for w in _SAYS_BOTH), f"{case_id} {where}: {quoted[0][:60]!r}"


@pytest.mark.parametrize("case_id", [NHS, LG])
@pytest.mark.parametrize("qid", ["ch_rhetoric", "ro_rhetoric"])
def test_rhetoric_needs_a_transfer_of_power_too(cases, framework, case_id, qid):
    """The rhetoric questions' guidance asks for "impact and a transfer of power": impact can
    lift the rating above ch_transfer's by one level at most, so a case whose transfer of power
    is mostly constraining is at best mixed on rhetoric."""
    assert "impact and a transfer of power" in framework.questions[qid].question.guidance
    assessments = cases[case_id].assessments
    rhetoric, transfer = assessments[qid].rating, assessments["ch_transfer"].rating
    assert rhetoric is not None and transfer is not None
    assert rhetoric <= transfer + 1, f"{case_id}.{qid} {rhetoric} with ch_transfer {transfer}"


@pytest.mark.parametrize(
    ("case_id", "level", "status", "phrase"),
    [
        (NHS, "organisational_service", "achieved", "appointment"),
        (NHS, "organisational_service", "achieved", "privacy and dignity"),
        (NHS, "organisational_service", "achieved", "continuity of care"),
        (NHS, "organisational_service", "achieved", "day surgery"),
        (NHS, "organisational_service", "achieved", "patient information"),
        (NHS, "organisational_service", "achieved", "staff groups"),
        (NHS, "organisational_service", "not_achieved", "Waiting times"),
        (NHS, "organisational_culture", "achieved", "patient involvement"),
        (NHS, "strategic_policy_structural", "not_achieved", "strategic level"),
        (LG, "local_community", "achieved", "community shop"),
        (LG, "local_community", "achieved", "time bank"),
        (LG, "local_community", "achieved", "parents' group"),
        (LG, "organisational_service", "achieved", "Fathers' worker"),
        (LG, "individual", "achieved", "confidence"),
        (LG, "organisational_service", "achieved", "poverty"),
        (LG, "organisational_culture", "achieved", "embedded"),
        (LG, "strategic_policy_structural", "not_achieved", "policy"),
    ],
)
def test_outcome(cases, case_id, level, status, phrase):
    found = [
        o
        for o in cases[case_id].outcomes
        if o.level == level and o.status == status and phrase in o.description
    ]
    assert found, f"{case_id}: no {status} {level} outcome mentioning {phrase!r}"
    assert all(o.evidence for o in found)


def test_no_local_community_outcome_claimed_for_nhs(cases):
    assert not [o for o in cases[NHS].outcomes if o.level == "local_community"]


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_cmo_configurations(cases, case_id):
    cmo = cases[case_id].cmo
    assert 4 <= len(cmo) <= 8
    for c in cmo:
        assert c.questions, f"{case_id}.{c.id}: name the questions it bears on"
        assert c.evidence, f"{case_id}.{c.id}: give evidence"


def test_mechanism_codes_shared_and_distinct(cases):
    nhs = {c.mechanism_code for c in cases[NHS].cmo}
    lg = {c.mechanism_code for c in cases[LG].cmo}
    assert nhs & lg == SHARED_MECHANISMS
    assert nhs >= NHS_ONLY_MECHANISMS
    assert lg >= LG_ONLY_MECHANISMS


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_every_configuration_is_coded_for_the_synthesis(cases, case_id):
    """Each configuration names its context conditions, splits its mechanism into resource and
    reasoning, codes its outcome, and says how sure the coder is; its power dimensions are
    among the case's power observations (none of the first dimension in the NHS case, whose
    overt conflict "was not observed", line 131)."""
    case = cases[case_id]
    observed = {p.dimension for p in case.power}
    for c in case.cmo:
        assert c.context_conditions and c.resource and c.reasoning, c.id
        assert c.outcome_code and c.outcome_direction and c.outcome_level, c.id
        assert c.confidence in {"low", "medium", "high"}, c.id
        assert set(c.power) <= observed, f"{c.id}: {set(c.power) - observed} not observed"


@pytest.mark.parametrize("case_id", [NHS, LG])
def test_words_the_realist_coding_quotes_are_the_paper_s(cases, paper, case_id):
    """Every phrase a configuration puts in double quotes is verbatim from the paper (a
    capital may be made small mid-sentence)."""
    for c in cases[case_id].cmo:
        for phrase in re.findall(r'"([^"]+)"', cmo_prose(c)):
            assert normalise(phrase).lower() in paper.lower(), f"{case_id}.{c.id}: {phrase!r}"


def test_conditions_the_cases_share_are_coded_with_one_tag(cases):
    """The synthesis compares conditions by tag: the ones the paper describes in both cases
    carry the same tag in both files."""
    tags = {
        case_id: {t.tag for c in cases[case_id].cmo for t in c.context_conditions if t.present}
        for case_id in (NHS, LG)
    }
    shared = {"staff_and_users_together", "willing_committed_staff", "facilitation"}
    shared |= {"financial_policy_pressure"}  # line 213: "Similarly to the NHS case"
    assert shared <= tags[NHS] & tags[LG]
