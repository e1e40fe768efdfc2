"""Attribution cases in news style: who asserts each number, whether it is quoted, and the cue.

Each row is a short text, the number to look at (``mention``, or ``mention#n`` for
its n-th occurrence), and the expected speaker / quote flag. Texts are written
for these tests (invented names, places and figures).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from factcheck.extract import _find_claims, extract_claims, find_claims
from factcheck.extract.attribution_quotes import find_quotes, is_title
from factcheck.extract.sentences import Splits, paragraphs, sentences
from factcheck.extract.speakers import attribute
from factcheck.models import Claim, Kind, Qualifier


def claim_at(text: str, mention: str) -> Claim:
    """Build a bare claim for ``mention`` ("word#2" = its second occurrence) in ``text``."""
    word, _, nth = mention.partition("#")
    start = -1
    for _ in range(int(nth or 1)):
        start = text.index(word, start + 1)
    return Claim(start=start, end=start + len(word), mention=word, value=1.0)


def attributed(text: str, mention: str) -> Claim:
    (claim,) = attribute(text, [claim_at(text, mention)])
    return claim


CASES = [
    # --- direct quotes: marks of every kind, verb before or after -------------------
    (
        "\u201cWe expect 4,000 new jobs by March,\u201d said Laura Benton, chief executive of "
        "Norfield Energy.",
        "4,000",
        "Laura Benton",
        True,
    ),
    (
        'Transport Minister Karim Oufkir told reporters: "The line will carry 12,000 passengers '
        'a day."',
        "12,000",
        "Karim Oufkir",
        True,
    ),
    (
        "\u00abPrices rose 8% in a single month\u00bb, Hugo Marchetti, an economist at Banca "
        "Ligure, said.",
        "8%",
        "Hugo Marchetti",
        True,
    ),
    (
        "\u201cThe tunnel cost \u00a3900m,\u201d Ms Patel said on Friday.",
        "\u00a3900m",
        "Patel",
        True,
    ),
    # a quoted fragment inside a reported sentence
    (
        'Mr Ruiz forecast growth "of at least 3% a year for the next decade".',
        "3%",
        "Ruiz",
        True,
    ),
    # --- apposition between name and verb ----------------------------------------------
    (
        "Miriam Okafor, director of the Lagos Water Board, confirmed that 45 per cent of "
        "households had no piped water.",
        "45 per cent",
        "Miriam Okafor",
        False,
    ),
    (
        "The agency's chief scientist, Paul Lindqvist, said 70 glaciers had disappeared.",
        "70",
        "Paul Lindqvist",
        False,
    ),
    # --- reported speech -----------------------------------------------------------------
    (
        "Ahmed Benali told Al Jazeera that 2,000 fighters had crossed the border.",
        "2,000",
        "Ahmed Benali",
        False,
    ),
    (
        "Police told reporters that 14 people had been arrested overnight.",
        "14",
        "Police",
        False,
    ),
    (
        "The Interior Ministry recently announced the arrest of 12 suspects in Tangier.",
        "12",
        "Interior Ministry",
        False,
    ),
    (
        "According to the Bureau of Labor Statistics, payrolls grew by 175,000 in April.",
        "175,000",
        "Bureau of Labor Statistics",
        False,
    ),
    (
        "Payrolls grew by 175,000 in April, according to the Bureau of Labor Statistics.",
        "175,000",
        "Bureau of Labor Statistics",
        False,
    ),
    (
        "Rents rose 6.2% in the year to June, the Office for National Statistics said on "
        "Wednesday.",
        "6.2%",
        "Office for National Statistics",
        False,
    ),
    (
        "Some analysts expect the deficit to reach $1.9 trillion.",
        "$1.9 trillion",
        "Some analysts",
        False,
    ),
    (
        "Figures from the Norwegian Maritime Authority showed 31 vessels were lost at sea.",
        "31",
        "Norwegian Maritime Authority",
        False,
    ),
    # the report goes on into the next sentence of the paragraph
    (
        "Statistics Finland said exports fell 4.1% in March. Imports dropped 2.5% over the "
        "same period.",
        "2.5%",
        "Statistics Finland",
        False,
    ),
    # ... but not into a sentence with a subject of its own
    (
        "Statistics Finland said exports fell 4.1% in March. Carmaker Valmet Automotive shed "
        "1,200 jobs in the same month.",
        "1,200",
        None,
        False,
    ),
    # --- later references: surname, title, pronoun, "the company" -------------------------
    (
        "Finance Minister Ingrid Solberg presented the plan on Monday. Solberg said the deficit "
        "would fall to 2.1% of output.",
        "2.1%",
        "Ingrid Solberg",
        False,
    ),
    (
        "Finance Minister Ingrid Solberg presented the plan on Monday. The minister said 300 "
        "teachers would be hired.",
        "300",
        "Ingrid Solberg",
        False,
    ),
    (
        "Finance Minister Ingrid Solberg presented the plan on Monday. She added that 300 "
        "teachers would be hired.",
        "300",
        "Ingrid Solberg",
        False,
    ),
    (
        "Shares in Brevik Shipping fell after the results. The company said it would cut 450 jobs.",
        "450",
        "Brevik Shipping",
        False,
    ),
    (
        "Orlen Foods reported a loss on Tuesday. It blamed a $40m write-down of its dairy unit.",
        "$40m",
        "Orlen Foods",
        False,
    ),
    (
        "Korva Oil accused the ministry of bias on Monday. It has said it will seek damages of "
        "$2bn.",
        "$2bn",
        "Korva Oil",
        False,
    ),
    (
        '"Rates cannot rise," the senior Hallam Bank analyst said. He said the index may fall '
        "400 points.",
        "400",
        "senior Hallam Bank analyst",
        False,
    ),
    (
        "Sources close to Mr Dunmore said eight more councillors would defect.",
        "eight",
        "Sources close to Mr Dunmore",
        False,
    ),
    (
        "The Archbishop of Wexley wrote that 40 churches would close.",
        "40",
        "Archbishop of Wexley",
        False,
    ),
    ("Recently announced changes include all five nominees.", "five", None, False),
    # a participle or a colon hands the words to the sentence's subject
    (
        "Greenvale Water raised its charges on Monday, adding that 300 jobs were at risk.",
        "300",
        "Greenvale Water",
        False,
    ),
    (
        "Forty people died, the ministry said, adding that 12 were children.",
        "12",
        "ministry",
        False,
    ),
    (
        'Kessler had his say on the match, complaining: "Five goals is a hockey score."',
        "Five",
        "Kessler",
        True,
    ),
    (
        "Chancellor Gordon Brown spoke in Leeds. The Chancellor said borrowing would fall by "
        "\u00a37bn.",
        "\u00a37bn",
        "Gordon Brown",
        False,
    ),
    (
        "Industry Secretary Patricia Hewitt spoke on Monday. The Trade and Industry Secretary "
        "said 19% of managers were women.",
        "19%",
        "Patricia Hewitt",
        False,
    ),
    (
        "Yukos lost, said chief executive Steven Theede. Yukos said it had paid $27m.",
        "$27m",
        "Yukos",
        False,
    ),
    (
        "A quarter of users upload videos, according to a report by UK think-tank Demos. It "
        "said that 40% blog.",
        "40%",
        "Demos",
        False,
    ),
    (
        "\u201cWe will hire 500 people,\u201d the company\u2019s chief executive, John Doe, "
        "told Reuters.",
        "500",
        "John Doe",
        True,
    ),
    (
        "Prices rose 3% in May, data from the statistics office showed.",
        "3%",
        "statistics office",
        False,
    ),
    # --- words that are speech verbs only sometimes ---------------------------------------
    ("TV shows watched by 5 million viewers were cut.", "5 million", None, False),
    ("Fly-half Owen Price added four conversions.", "four", None, False),
    (
        "Chancellor Gordon Brown spoke in Gateshead. Laying into the record in government he "
        'said: "We lost 250,000 homes."',
        "250,000",
        "Gordon Brown",
        True,
    ),
    ("Police found 3 bodies in the house.", "3", None, False),
    ("The study found 40% of pupils skipped breakfast.", "40%", "study", False),
    (
        "The EC had a deficit with East European states, about half the previous one.",
        "half",
        None,
        False,
    ),
    (
        "Sterling could reach $1.65, David Horner of Merrill Lynch said.",
        "$1.65",
        "David Horner",
        False,
    ),
    (
        "Blogger Arash Sigarchi was jailed. About 12% of visitors were in Iran, the "
        "campaign's director told reporters.",
        "12%",
        "campaign's director",
        False,
    ),
    # --- nested attribution: the innermost source ------------------------------------------
    (
        "The EU has said it will send 40 tonnes of aid, according to the Financial Times.",
        "40",
        "EU",
        False,
    ),
    (
        "Two men were hurt, police said, according to local media.",
        "Two",
        "police",
        False,
    ),
    # --- the article's own voice and the grammatical subject --------------------------------
    ("The company employs 4,500 people in Ohio.", "4,500", None, False),
    ("The Bank of England has kept rates at 4.75% since August.", "4.75%", None, False),
    ("More than 300 doctors have said the plan is unsafe.", "300", None, False),
    ("The plant was reported to have produced 90 tonnes last year.", "90", None, False),
    # --- asides inside an attributed sentence stay with the article --------------------------
    (
        '"We lost everything," said Maria Lopez, 42, whose house burned down.',
        "42",
        None,
        False,
    ),
    (
        "Officials said the fire, 30 km from the town, destroyed 120 homes.",
        "30",
        None,
        False,
    ),
    (
        "Officials said the fire, 30 km from the town, destroyed 120 homes.",
        "120",
        "Officials",
        False,
    ),
    (
        "Analysts said the firm would close its Leeds unit, which employs 600 staff.",
        "600",
        None,
        False,
    ),
    # --- "said" inside a quotation does not change the speaker -------------------------------
    (
        '"The report said 90% of firms complied, which is false," Senator Ruth Adeyemi said.',
        "90%",
        "Ruth Adeyemi",
        True,
    ),
    # --- a quoted title is not speech ---------------------------------------------------------
    (
        'The findings appear in a paper titled "Three Years of Drought" published on Tuesday.',
        "Three",
        None,
        False,
    ),
]


@pytest.mark.parametrize("text, mention, speaker, quote", CASES)
def test_attribution(text: str, mention: str, speaker: str | None, quote: bool) -> None:
    claim = attributed(text, mention)
    assert (claim.speaker, claim.quote) == (speaker, quote)
    if speaker is not None:
        assert claim.cue, "an attributed claim records its cue"


# the speaker is the name itself: no possessor, no possessive, no document noun after
# it, and never a lone determiner ("An estimated ..." is the article's own voice)
@pytest.mark.parametrize(
    "text, mention, speaker",
    [
        (
            "Tariq Mansoor ran the clinic for a decade.\nTariq Mansoor said 400 patients "
            "were seen each week.",
            "400",
            "Tariq Mansoor",
        ),
        (
            "The harbour had been silted for years, and dredging was overdue.\nPriya "
            "Raghunathan, the port's chief engineer, was blunt. \"We move 12,000 tonnes a "
            'day," Raghunathan said.',
            "12,000",
            "Priya Raghunathan",
        ),
        ("The Herald's Ines Carvalho said 30 homes were flooded.", "30", "Ines Carvalho"),
        ("An estimated 5,000 people attended the rally.", "5,000", None),
        (
            "Ministry of Health figures show that 1,200 nurses left last year.",
            "1,200",
            "Ministry of Health",
        ),
        (
            "A 2019 Highways Agency Document suggested the bypass would cut 40 minutes.",
            "40",
            "Highways Agency",
        ),
        (
            "EPA test results show that 14 wells exceeded the limit.",
            "14",
            "EPA",
        ),
    ],
)
def test_the_speaker_is_the_name_alone(text: str, mention: str, speaker: str | None) -> None:
    assert attributed(text, mention).speaker == speaker


@pytest.mark.parametrize(
    "text, mention, role",
    [
        (
            "Moroccan Interior Minister Mohamad Hassad said 1,600 Moroccans had joined the group.",
            "1,600",
            "Moroccan Interior Minister",
        ),
        (
            "Miriam Okafor, director of the Lagos Water Board, confirmed that 45 per cent of "
            "households had no piped water.",
            "45 per cent",
            "director of the Lagos Water Board",
        ),
        ("Police said 3 people died.", "3", None),
    ],
)
def test_titles_go_to_the_role(text: str, mention: str, role: str | None) -> None:
    claim = attributed(text, mention)
    assert claim.speaker_role == role
    assert (
        claim.speaker is not None
        and claim.speaker_role is None
        or (claim.speaker is not None and claim.speaker_role not in claim.speaker)
    )


@pytest.mark.parametrize(
    "text, mention, cue",
    [
        ("Ahmed Benali told Al Jazeera that 2,000 fighters had crossed.", "2,000", "told ... that"),
        ("According to the ministry, 40 schools closed.", "40", "according to the ministry"),
        ("Prices rose 3%, the bank said.", "3%", "the bank said"),
        ("Estimates from the World Bank put losses at $5bn.", "$5bn", "Estimates from"),
    ],
)
def test_cue_names_the_words_that_attribute(text: str, mention: str, cue: str) -> None:
    assert attributed(text, mention).cue == cue


MULTI = (
    "Opposition leader Tomas Varga said the budget was \u201ca fraud on voters\u201d.\n\n"
    "\u201cThey promised 50,000 homes and built fewer than 9,000.\n\n"
    "\u201cEvery one of those missing homes is a family waiting,\u201d he said.\n\n"
    "The housing ministry disputes the figures and says 21,000 homes are under way.\n"
)


@pytest.mark.parametrize(
    "mention, speaker, quote",
    [
        ("50,000", "Tomas Varga", True),
        ("9,000", "Tomas Varga", True),
        # after the run closes, a new report
        ("21,000", "housing ministry", False),
    ],
)
def test_multi_paragraph_quotation_run(mention: str, speaker: str, quote: bool) -> None:
    claim = attributed(MULTI, mention)
    assert (claim.speaker, claim.quote) == (speaker, quote)


def test_run_named_only_at_its_end() -> None:
    text = (
        '"The harbour handled 2.3 million containers last year.\n'
        '"We expect to pass 3 million by 2027," said port director Anneliese Kroll.\n'
    )
    for mention in ("2.3 million", "3 million"):
        claim = attributed(text, mention)
        assert (claim.speaker, claim.quote, claim.speaker_role) == (
            "Anneliese Kroll",
            True,
            "port director",
        )


def test_a_quotation_paragraph_continues_the_last_speaker() -> None:
    text = (
        "\u201cWe have cut waiting times,\u201d said health secretary Joan Pike. \u201cBut "
        "18,000 patients still wait more than a year.\n"
        "\u201cThat number has to reach zero.\u201d\n"
    )
    claim = attributed(text, "18,000")
    assert (claim.speaker, claim.quote) == ("Joan Pike", True)


TRANSCRIPT = (
    "Remarks by Governor Dana Whitfield on the State Budget\n\n"
    "Capitol Rotunda\n\n"
    "THE GOVERNOR:  Thank you all. This budget puts $2.4 billion into our schools.\n\n"
    "Q  Governor, what about the roads?\n\n"
    "THE GOVERNOR:  We are spending 40 percent more on roads. And last week the Transit "
    "Authority announced that ridership rose 12 percent.\n\n"
    "That is 9,000 more riders every day.\n"
)


@pytest.mark.parametrize(
    "mention, speaker",
    [
        ("$2.4 billion", "Dana Whitfield"),
        ("40 percent", "Dana Whitfield"),
        # the speech cites another source for this figure
        ("12 percent", "Transit Authority"),
        # a paragraph without a label stays with the turn's speaker
        ("9,000", "Dana Whitfield"),
    ],
)
def test_transcript_speaker_is_the_person_speaking(mention: str, speaker: str) -> None:
    claim = attributed(TRANSCRIPT, mention)
    assert (claim.speaker, claim.quote) == (speaker, False)


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a question on the first line is a turn too: with the label, a transcript
        ("Q: How many homes?\nTHE GOVERNOR:  We built 300 homes.\n", "the Governor"),
        ("Q  And the homes?\nTHE GOVERNOR:  We built 300 homes.\n", "the Governor"),
        # "Q" inside a line is no question; one label alone is no transcript
        ("Homes: Q is 2\nTHE GOVERNOR:  We built 300 homes.\n", None),
        ("Intro line\nTHE GOVERNOR:  We built 300 homes.\n", None),
    ],
)
def test_questions_count_as_turns(text: str, speaker: str | None) -> None:
    assert attributed(text, "300").speaker == speaker


BRIEFING = (
    "Press Briefing by Press Secretary Karine Jean-Pierre and Secretary of Energy Jennifer "
    "Granholm\n\n"
    "1:05 P.M. EDT\n\n"
    "MS. JEAN-PIERRE:  Good afternoon. Today 40 states joined the program.\n\n"
    "SECRETARY GRANHOLM:  Thank you. We have invested $7 billion in batteries.\n\n"
    "Q  Madam Secretary, how many jobs?\n\n"
    "SECRETARY GRANHOLM:  About 12,000 so far.\n"
)


@pytest.mark.parametrize(
    "mention, speaker, role",
    [
        ("40", "Karine Jean-Pierre", None),
        ("$7 billion", "Jennifer Granholm", "Secretary"),
        ("12,000", "Jennifer Granholm", "Secretary"),
    ],
)
def test_briefing_labels_name_the_speaker(mention: str, speaker: str, role: str | None) -> None:
    claim = attributed(BRIEFING, mention)
    assert (claim.speaker, claim.speaker_role, claim.quote) == (speaker, role, False)


@pytest.mark.parametrize(
    "text, mention, speaker, role",
    [
        (
            "Remarks by Governor Ann Lee on the Harbour Plan\n\nWe have built 300 homes.\n",
            "300",
            "Ann Lee",
            "Governor",
        ),
        (
            "Statement from President Joe Biden on the Jobs Report\n\n"
            "Today we learned 250,000 jobs were created.\n",
            "250,000",
            "Joe Biden",
            "President",
        ),
        # a figure the speech credits to someone else
        (
            "Remarks by Governor Ann Lee on the Harbour Plan\n\n"
            "The Port Authority said that 12 ships arrived.\n",
            "12",
            "Port Authority",
            None,
        ),
    ],
)
def test_a_titled_speech_without_labels(
    text: str, mention: str, speaker: str, role: str | None
) -> None:
    claim = attributed(text, mention)
    assert (claim.speaker, claim.speaker_role, claim.quote) == (speaker, role, False)


def test_a_fact_sheet_with_no_speaker_is_the_article_voice() -> None:
    text = (
        "BY THE NUMBERS: The Clean Harbours Act\n\n"
        "HEALTH\n\n"
        "12 million residents will breathe cleaner air.\n\n"
        "$300 million: the cost of port pollution each year.\n"
    )
    claims = attribute(text, [claim_at(text, "12 million"), claim_at(text, "$300 million")])
    assert [(c.speaker, c.quote) for c in claims] == [(None, False), (None, False)]


@pytest.mark.parametrize(
    "line, mention, speaker",
    [
        ("3 injured in Dayton crash, police say (WHIO-TV, 5/2/25)", "3", "police"),
        ("Fire destroys 40 homes near Reno (KOLO News, 6/1/25)", "40", "KOLO News"),
        ("Man, 52, arrested after bank robbery (WHIO-TV, 5/3/25)", "52", None),
    ],
)
def test_cited_list_lines(line: str, mention: str, speaker: str | None) -> None:
    text = "Recent headlines:\n\n" + line + "\n"
    assert attributed(text, mention).speaker == speaker


def test_every_claim_keeps_its_other_fields_and_order() -> None:
    text = 'The mayor said 20 parks would close. "We have 35 left," she added.'
    claims = [claim_at(text, "20"), claim_at(text, "35")]
    out = attribute(text, claims)
    assert [(c.start, c.end, c.mention) for c in out] == [
        (c.start, c.end, c.mention) for c in claims
    ]
    assert attribute(text, []) == []


def test_an_attributed_copy_is_the_claim_replace_makes() -> None:
    claim = Claim(
        start=3, end=9, mention="$5 bn", value=5e9, value_high=6e9, qualifier=Qualifier.RANGE,
        kind=Kind.MONEY, unit="USD", qualifier_text="between", sentence="s", sentence_start=1,
        sentence_end=20, speaker="old", speaker_role="r", quote=False, cue="c",
    )  # fmt: skip
    got = claim.attributed("Ann Lee", "minister", True, "said")
    want = dataclasses.replace(
        claim, speaker="Ann Lee", speaker_role="minister", quote=True, cue="said"
    )
    assert type(got) is Claim
    assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
    assert dataclasses.astuple(got) == dataclasses.astuple(want)
    assert got.to_dict() == want.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.speaker = "someone else"  # type: ignore[misc]  # the assignment a frozen class refuses
    assert claim.speaker == "old"


@pytest.mark.parametrize(
    "text, spans",
    [
        ('He said "one" and "two".', [(8, 13), (18, 23)]),
        # an opening mark while a quotation is open starts the next span of the same run
        ('X said: "One. "Two."', [(8, 14), (14, 20)]),
        ("\u2018Tight\u2019 race", [(0, 7)]),
        # an apostrophe is not a closing mark
        ("the workers\u2019 union", []),
    ],
)
def test_quotation_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert [(q.start, q.end) for q in find_quotes(text)] == spans


@pytest.mark.parametrize(
    "inner, title",
    [
        ("Three Years of Drought", True),
        ("Reconciliation Bill", True),
        ("we will hire 300 teachers", False),
        ("Absolute chaos", False),
        ("The plan failed. Nobody came.", False),
    ],
)
def test_titles_are_told_from_speech(inner: str, title: bool) -> None:
    assert is_title(inner) is title


def test_through_extract_claims() -> None:
    text = (
        "Abderrahim Manar Slimi, chairman of a Rabat think-tank, said 1,600 fighters had left.\n"
        "\u201cAbout 45% of them came back,\u201d Manar Slimi said.\n"
        "The city has 2,300 police officers.\n"
    )
    by_mention = {c.mention: c for c in extract_claims(text)}
    assert by_mention["1,600"].speaker == "Abderrahim Manar Slimi"
    assert by_mention["1,600"].quote is False
    assert by_mention["45%"].speaker == "Abderrahim Manar Slimi"
    assert by_mention["45%"].quote is True
    assert by_mention["2,300"].speaker is None


_SPLIT_TEXT = (
    "Sales rose 5% in May. The bank said costs rose. Analysts said firms shut. It ended.\n"
    "\n"
    'Mr. Lee said 40 jobs went. "We lost 3 sites," he said. Ms. Ray agreed. She said so.\n'
    "No figure here, the mayor said. Another said 7 more would close.\n"
)
_FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "docs").glob("*.txt"))


@pytest.mark.parametrize("text", [_SPLIT_TEXT, *(p.read_text(encoding="utf-8") for p in _FIXTURES)])
def test_the_sentences_find_claims_hands_on_are_the_paragraphs_own(text: str) -> None:
    split = Splits()
    claims = _find_claims(text, split)
    assert claims == find_claims(text) and len(split)
    for ps, pe in paragraphs(text):
        kept = split.get(ps)
        if kept is None:
            continue
        given, complete = kept
        whole = list(sentences(text, ps, pe))
        assert list(given) == whole[: len(given)]
        assert not complete or len(given) == len(whole)
    # attribution with them is attribution without them
    assert extract_claims(text) == attribute(text, find_claims(text))
    assert attribute(text, claims, split=split) == attribute(text, claims)


def test_a_paragraph_split_up_to_its_last_claim_is_handed_on_in_part() -> None:
    split = Splits()
    _find_claims(_SPLIT_TEXT, split)
    # "5%" in the first of four sentences: the split stopped at the second
    assert split.get(0) == (((0, 21), (22, 47)), False)
    last = _SPLIT_TEXT.index("No figure")
    assert split.get(last) == (tuple(sentences(_SPLIT_TEXT, last, len(_SPLIT_TEXT) - 1)), True)
    assert split.get(1) is None
