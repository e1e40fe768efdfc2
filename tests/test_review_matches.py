"""Matching claims across sources: value within rounding, kind and unit, similar wording."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from test_review import (
    BANANAS,
    CONTAINERS,
    COURIER_PHONES,
    DEVICES,
    GAZETTE_PHONES,
    PHONES,
    fill,
)

from factcheck.models import Claim, Kind, Status
from factcheck.review import record_verdict
from factcheck.review.matches import (
    WORDING_THRESHOLD,
    context_stems,
    context_stems_many,
    precision_unit,
    same_figures,
    same_value,
    similar_claims,
    verdict_summary,
    window,
    wording_similarity,
)
from factcheck.store import Store


@pytest.fixture
def tracker() -> Iterator[Store]:
    with Store.open() as store:
        fill(store)
        yield store


def sentence_claim(sentence: str, mention: str, unit: str, value: float = 1.0) -> Claim:
    at = sentence.index(mention)
    return Claim(
        start=at,
        end=at + len(mention),
        mention=mention,
        value=value,
        unit=unit,
        sentence=sentence,
        sentence_start=0,
        sentence_end=len(sentence),
    )


# Pairs written for these tests. SAME: one figure reported twice in other words.
# DIFFERENT: the same number and unit in another story. WORDING_THRESHOLD is set
# between the two groups (see factcheck/review/matches.py).
SAME_FIGURE = [
    (
        "More than 1,600 Moroccan jihadists have joined Islamic State in Syria and Iraq, "
        "the minister said.",
        "1,600",
        "Some 1,623 Moroccans have left to fight for jihadist groups in Syria and Iraq, "
        "according to the interior ministry.",
        "1,623",
        "jihadist",
    ),
    (
        "The council spent $3.5m on new housing last year, according to the budget office.",
        "$3.5m",
        "Port Alder's council put $3.5 million into housing in 2025.",
        "$3.5 million",
        "usd",
    ),
    (
        "Unemployment fell to 7.4% in May, the statistics office said.",
        "7.4%",
        "The jobless rate dropped to 7.4% last month, official figures show.",
        "7.4%",
        "percent",
    ),
    (
        "The flood forced 12,000 residents from their homes along the river.",
        "12,000",
        "Some 12,000 people were evacuated from riverside homes as the waters rose.",
        "12,000",
        "resident",
    ),
    (
        "Customs seized 2,314 counterfeit phones at Port Alder in March.",
        "2,314",
        "Nearly 2,300 fake phones were seized by customs officers at the port.",
        "2,300",
        "phone",
    ),
    (
        "The new bridge will cost EUR 420 million, the transport minister said.",
        "EUR 420 million",
        "Construction of the bridge is budgeted at 420 million euros.",
        "420 million euros",
        "eur",
    ),
    (
        "Police arrested 57 protesters outside parliament on Saturday.",
        "57",
        "57 demonstrators were detained by police near the parliament building.",
        "57",
        "protester",
    ),
    (
        "The hospital has 310 beds, the health board said.",
        "310",
        "With 310 beds, the hospital is the largest in the region.",
        "310",
        "bed",
    ),
]
DIFFERENT_STORY = [
    # no content word in common (the token set ratio alone gave 45 for the letters)
    (
        "Some 1,623 Moroccan jihadists are fighting in Syria and Iraq, the interior ministry said.",
        "1,623",
        "Police in Lyon fined 1,620 jihadist sympathisers for rioting.",
        "1,620",
        "jihadist",
    ),
    (
        "The port handled 1,500 containers that week.",
        "1,500",
        "Rotterdam received 1,500 containers of bananas from Ecuador in January.",
        "1,500",
        "container",
    ),
    (
        "Police arrested 57 protesters outside parliament on Saturday.",
        "57",
        "In Lyon, 57 protesters were fined for blocking the ring road.",
        "57",
        "protester",
    ),
    (
        "The hospital has 310 beds, the health board said.",
        "310",
        "The new hotel on the seafront opens with 310 beds in June.",
        "310",
        "bed",
    ),
    (
        "Unemployment fell to 7.4% in May, the statistics office said.",
        "7.4%",
        "Sales of electric cars rose 7.4% in the first quarter.",
        "7.4%",
        "percent",
    ),
    (
        "The council spent $3.5m on new housing last year.",
        "$3.5m",
        "The club paid $3.5m for the striker, its chairman confirmed.",
        "$3.5m",
        "usd",
    ),
    (
        "About 1,200 people attended the concert in the park.",
        "1,200",
        "Some 1,200 people lost their jobs when the mill closed.",
        "1,200",
        "person",
    ),
    (
        "The flood forced 12,000 residents from their homes along the river.",
        "12,000",
        "The town has 12,000 residents and two schools.",
        "12,000",
        "resident",
    ),
    (
        "The storm left 40,000 homes without power on Sunday night.",
        "40,000",
        "Developers plan to build 40,000 homes on the edge of the city by 2030.",
        "40,000",
        "home",
    ),
]


@pytest.mark.parametrize("a, ma, b, mb, unit", SAME_FIGURE, ids=lambda v: str(v)[:20])
def test_the_same_figure_in_other_words_is_alike(
    a: str, ma: str, b: str, mb: str, unit: str
) -> None:
    score = wording_similarity(sentence_claim(a, ma, unit), sentence_claim(b, mb, unit))
    assert score >= WORDING_THRESHOLD


@pytest.mark.parametrize("a, ma, b, mb, unit", DIFFERENT_STORY, ids=lambda v: str(v)[:20])
def test_the_same_number_in_another_story_is_not(
    a: str, ma: str, b: str, mb: str, unit: str
) -> None:
    score = wording_similarity(sentence_claim(a, ma, unit), sentence_claim(b, mb, unit))
    assert score < WORDING_THRESHOLD


@pytest.mark.parametrize(
    "value, unit",
    [
        (1600, 100),
        (1623, 1),
        (4.5, 0.1),
        (1.2e9, 1e8),
        (0.6667, 0.0001),
        (10, 10),
        (0, 1),
        (-1600, 100),
        (-7, 1),
        (123456789012345, 1),
        (999999999999990, 10),
        (3e15, 1e15),
        (1.5e300, 1e299),
    ],
)
def test_precision_unit_is_the_last_significant_digit(value: float, unit: float) -> None:
    assert precision_unit(value) == pytest.approx(unit)


@pytest.mark.parametrize(
    "value, below, above",
    [
        (1600, 50, 50),
        (1623, 0.5, 0.5),
        (4.5, 0.05, 0.05),
        (1000, 50, 50 / 0.95),
        # the 5% is of the larger figure: 105.2 still states 100 (5.2 <= 5.26)
        (100, 5, 5 / 0.95),
        (5, 0.25, 0.25 / 0.95),
        (-1600, 50, 50),
        (-100, 5 / 0.95, 5),
        (0, 0, 0),
    ],
)
def test_window_is_half_the_last_digit_at_most_five_percent_of_the_larger(
    value: float, below: float, above: float
) -> None:
    assert window(value) == pytest.approx((below, above))


def test_every_pair_of_same_figures_lies_in_the_window_of_its_coarser_figure() -> None:
    # the report finds pairs by these windows (report.build._partners_in)
    import random

    rng = random.Random(3)
    pairs = 0
    for _ in range(20000):
        a = round(rng.choice([1, -1]) * rng.uniform(0, 10 ** rng.randint(0, 7)), rng.randint(-3, 3))
        b = a + rng.uniform(-0.06, 0.06) * a
        b = round(b, rng.randint(-3, 3))
        if not same_figures(a, None, b, None):
            continue
        pairs += 1
        coarse, fine = (a, b) if precision_unit(a) >= precision_unit(b) else (b, a)
        below, above = window(coarse)
        assert coarse - below <= fine <= coarse + above, (a, b)
    assert pairs > 2000


# (sentence, offset of the mention, mention, unit): the cases each path of
# context_stems takes, and sentences that repeat (wire copy)
STEM_CASES = [
    *((a, a.index(ma), ma, unit) for a, ma, _, _, unit in SAME_FIGURE + DIFFERENT_STORY),
    *((b, b.index(mb), mb, unit) for _, _, b, mb, unit in SAME_FIGURE + DIFFERENT_STORY),
    ("Der Verband zählte 1.500 Mitglieder in Köln.", 19, "1.500", "Mitglieder"),
    ("İstanbul's port moved 2,000 boxes.", 22, "2,000", "boxes"),
    ("The council's plan adds 300 homes.", 24, "300", "homes"),
    ("Prices rose 1'200 francs in Zürich, officials said.", 12, "1'200", None),
    ("Prices rose 1'200 francs in Geneva, officials said.", 12, "1'200", None),
    ("Officials counted five hundred workers at the plant.", 17, "five hundred", "workers"),
    ("The fund holds EUR 420 million in bonds.", 15, "EUR 420 million", "EUR"),
    ("Turnout reached 64% in the capital.", 16, "64%", "%"),
    ("Turnout reached 64% in the capital.", 16, "64%", "%"),
    ("The dam holds 3 km3 of water.", 99, "3", "km"),
    ("The dam holds 3 km3 of water.", 14, "", "km"),
    ("Growth was 2.5 percent, the bank said.", 11, "2.5", None),
    ("", 0, "", None),
    ("12,000 residents fled the flood.", 0, "12,000", "residents"),
]


def test_context_stems_many_gives_the_stems_of_each_sentence() -> None:
    expected = [tuple(context_stems(*case).split()) for case in STEM_CASES]
    assert context_stems_many(STEM_CASES) == expected
    assert context_stems_many(iter(STEM_CASES)) == expected
    assert context_stems_many([]) == []


def claim(value: float, kind: Kind = Kind.COUNT, unit: str | None = "phone", **kw: float) -> Claim:
    return Claim(start=0, end=1, mention="x", value=value, kind=kind, unit=unit, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "a, b, same",
    [
        # rounding: the less precise figure decides
        (claim(1600), claim(1623), True),
        (claim(1600), claim(1649), True),
        (claim(1600), claim(1680), False),
        (claim(2314), claim(2300), True),
        (claim(2314), claim(2310), True),
        (claim(2314), claim(2320), False),  # both precise to tens: 2,310 vs 2,320
        # one significant digit is not a licence for 40%: capped at 5%
        (claim(1000), claim(1040), True),
        (claim(1000), claim(1400), False),
        (claim(4.5, Kind.PERCENT, "percent"), claim(4.5, Kind.PERCENT, "percent"), True),
        (claim(4.5, Kind.PERCENT, "percent"), claim(4.6, Kind.PERCENT, "percent"), False),
        # kind and unit must agree
        (claim(2314), claim(2314, unit="device"), False),
        (claim(45, Kind.PERCENT, "percent"), claim(45, Kind.COUNT, "percent"), False),
        (claim(12, unit=None), claim(12, unit=None), True),
        (claim(-3.0, Kind.PERCENT, "percent"), claim(3.0, Kind.PERCENT, "percent"), False),
        # ranges: both ends
        (claim(10, value_high=20), claim(10, value_high=20), True),
        (claim(10, value_high=20), claim(10), False),
        (claim(10, value_high=20), claim(10, value_high=30), False),
    ],
)
def test_same_value(a: Claim, b: Claim, same: bool) -> None:
    assert same_value(a, b) is same
    assert same_value(b, a) is same


def test_similar_claims_finds_the_figure_in_other_sources(db_url: str) -> None:
    with Store.open(db_url) as store:
        fill(store)
        found = similar_claims(store, PHONES)
        assert [m.claim.id for m in found] == [COURIER_PHONES, GAZETTE_PHONES]
        assert [m.source_title for m in found] == [
            "Fake phones seized in Port Alder raid",
            "Port Alder ferry fares rise",
        ]
        # same source (DEVICES is in the Ledger too) and other stories are left out
        assert DEVICES not in {m.claim.id for m in similar_claims(store, COURIER_PHONES)}
        assert similar_claims(store, CONTAINERS) == []
        assert similar_claims(store, BANANAS) == []


def test_verdict_summary_counts_earlier_verdicts(tracker: Store) -> None:
    record_verdict(tracker, [COURIER_PHONES], Status.DISPUTED, reviewer="Ana", note="2,314")
    record_verdict(tracker, [GAZETTE_PHONES], Status.DISPUTED, reviewer="Bob", note="rounded")
    line = verdict_summary(similar_claims(tracker, PHONES))
    assert line == (
        f"disputed twice before: #{COURIER_PHONES} (Fake phones seized in Port Alder raid), "
        f"#{GAZETTE_PHONES} (Port Alder ferry fares rise)"
    )
    record_verdict(tracker, [PHONES], Status.VERIFIED, reviewer="Ana")
    assert verdict_summary(similar_claims(tracker, GAZETTE_PHONES)) == (
        f"disputed once before: #{COURIER_PHONES} (Fake phones seized in Port Alder raid); "
        f"verified once before: #{PHONES} (Customs seize 2,314 counterfeit phones at Port Alder)"
    )
    assert verdict_summary([]) == "no matching claims in other sources"


def test_a_new_version_of_the_same_article_is_not_a_match(tracker: Store) -> None:
    from dataclasses import replace

    from test_review import sample_documents

    doc, claims = sample_documents()[0]
    changed = replace(doc, text=doc.text + "\nUpdated on Wednesday.\n")
    result = tracker.add_document(changed, claims)
    assert result.status == "new_version"
    found = similar_claims(tracker, COURIER_PHONES)
    # the Ledger's phones figure counts once (its newest version), not once per version
    ledger = [m for m in found if m.source_url == doc.url]
    assert len(ledger) == 1 and ledger[0].claim.source_id == result.source.id


def test_claims_similar_lists_the_matches(tracker: Store) -> None:
    import json

    from typer.testing import CliRunner

    from factcheck.cli import app

    runner = CliRunner()
    record_verdict(tracker, [GAZETTE_PHONES], Status.DISPUTED, reviewer="Ana", note="rounded")
    result = runner.invoke(app, ["claims", "--similar", str(PHONES), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["claims"]] == [COURIER_PHONES, GAZETTE_PHONES]
    assert data["total"] == 2
    result = runner.invoke(
        app, ["claims", "--similar", str(PHONES), "--status", "disputed", "--format", "json"]
    )
    assert [c["id"] for c in json.loads(result.stdout)["claims"]] == [GAZETTE_PHONES]
    # nothing alike: a line saying so, not an empty table
    result = runner.invoke(app, ["claims", "--similar", str(BANANAS)])
    assert (result.exit_code, result.stdout) == (
        0,
        f"no claim of another source states the same figure as claim {BANANAS}\n",
    )
    result = runner.invoke(app, ["claims", "--similar", "99"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no claim with id 99 in sqlite:///")


def test_show_lists_the_matching_claims_with_their_verdicts(tracker: Store) -> None:
    import json

    from typer.testing import CliRunner

    from factcheck.cli import app

    runner = CliRunner()
    record_verdict(tracker, [COURIER_PHONES], Status.DISPUTED, reviewer="Ana", note="rounded")
    result = runner.invoke(app, ["show", str(PHONES)])
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split("Matching claims\n", 1)[1]
    assert section.startswith(
        f"disputed once before: #{COURIER_PHONES} (Fake phones seized in Port Alder raid); "
        f"1 pending: #{GAZETTE_PHONES} (Port Alder ferry fares rise)"
    )
    # id, status, mention, wording score, then the source (the column that gives way)
    assert re.search(rf"{COURIER_PHONES}  disputed  2,300\s+\d+  #2 Fake phones", section)
    data = json.loads(runner.invoke(app, ["show", str(PHONES), "--format", "json"]).stdout)
    assert [(m["id"], m["status"]) for m in data["matches"]] == [
        (COURIER_PHONES, "disputed"),
        (GAZETTE_PHONES, "pending"),
    ]
    data = json.loads(runner.invoke(app, ["show", str(BANANAS), "--format", "json"]).stdout)
    assert data["matches"] == []
