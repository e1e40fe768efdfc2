"""DATA ONLY: the words attribution reads, kept apart from the code (STYLE: rules are data).

Speech verbs, titles and roles, the nouns that can stand for a source, and the
capitalised words that open a sentence without naming anyone. Add a word here,
not in a regex in ``speakers.py``.
"""

from __future__ import annotations

# --- verbs that attribute a statement to their subject ---------------------
# every written form; "estimated" also opens "an estimated 5 million", which the
# subject check in attribution_cues.py rejects (no subject before it)
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    said says say saying told tells tell added adds warned warns warn confirmed confirms
    announced announces announce estimated estimates estimate wrote writes write
    reported reports noted notes stated explained explains claimed claims claim
    believes believe believed expects expect expected predicted predicts predict forecast
    forecasts argued argues argue insisted insists revealed reveals suggested suggests
    suggest showed shows show found finds concluded concludes calculated calculates
    projected projects blamed blames promised promises pledged pledges praised praises
    stressed stresses acknowledged acknowledges admitted admits disclosed discloses
    indicated indicates observed observes maintained maintains cautioned cautions
    showing reckons reckoned recalled recalls declared declares asserted asserts
    """.split()
)

# verbs that report only with a document or dataset as subject ("figures show", "the
# study found that"): "TV shows watched by 5 million", "police found 3 bodies" report nothing
SOURCE_ONLY_VERBS: frozenset[str] = frozenset("show shows showed showing found finds".split())

# cues whose report goes on into the next sentences of the paragraph
# (ANNOTATION.md: '"X said" also covers the following sentences of the same
# paragraph that continue the same report'); forecasts and expectations are one
# opinion about one event, and on dev the sentence after "Analysts expect" was
# the article's own voice
CONTINUING_VERBS: frozenset[str] = frozenset(
    """
    said says say told tells added adds confirmed confirms announced announces
    reported reports noted notes stated explained explains claimed claims
    believes believe showed shows show showing found finds concluded concludes praised
    praises revealed reveals disclosed discloses
    """.split()
)

# ", adding that ...", "... , saying 40 jobs would go": the sentence's subject speaks
PARTICIPLES: frozenset[str] = frozenset(
    """
    saying telling adding insisting warning explaining complaining noting arguing claiming
    stressing estimating predicting announcing confirming revealing
    """.split()
)

# "was quoted as saying", "is quoted as saying": the only passive that keeps its subject
QUOTED_AS = ("quoted as saying", "quoted as telling")

# words between a subject and its verb ("the ministry has also said")
AUXILIARIES: frozenset[str] = frozenset(
    """
    has have had will would also recently previously later further then now just still
    already again earlier separately repeatedly once initially originally since
    could may might should can did does do not
    """.split()
)

# a be-form before a verb makes it passive ("was reported to", "is estimated at"):
# no speaker unless "by X" follows
BE_FORMS: frozenset[str] = frozenset("is are was were be been being".split())

# nouns for a source that is a document or a dataset, not a person
SOURCE_NOUNS: frozenset[str] = frozenset(
    """
    report reports study studies survey surveys research findings figures data statistics
    results estimates estimate analysis analyses poll polls census review audit statement
    forecast forecasts projections projection index paper documents document memo
    """.split()
)

# "X's prediction of 2%", "his promise of $5bn": owner-marked sources
POSSESSIVE_SOURCES: frozenset[str] = frozenset(
    """
    prediction predictions forecast forecasts estimate estimates figures figure data
    projection projections promise pledge calculation calculations count tally
    """.split()
)

# passive agents: "provided by NIH", "published by the agency"
AGENT_VERBS: frozenset[str] = frozenset(
    """
    provided published compiled released issued calculated estimated reported produced
    collected gathered conducted commissioned
    """.split()
)

# nouns that stand for an organisation when used with "the" ("the bank said")
ORG_NOUNS: frozenset[str] = frozenset(
    """
    bank lender company firm insurer group agency ministry department government
    organisation organization institute council authority authorities commission
    regulator broker carrier airline maker manufacturer retailer operator union
    association federation charity fund office bureau board committee party business
    corporation conglomerate giant chain network lobby force newspaper broadcaster station
    administration cabinet watchdog body team club university school hospital court
    """.split()
)

# heads of "the housing ministry", "the county council": a description that names a
# public body; other heads ("the software giant", "the Dutch retailer") point back
INSTITUTION_NOUNS: frozenset[str] = frozenset(
    """
    ministry department council government police court commission committee authority
    authorities agency board union parliament assembly senate congress administration
    office bureau regulator inspectorate tribunal prosecutor prosecutors service army
    navy cabinet bank lobby
    """.split()
)

# words inside a name that make it an organisation, not a person
ORG_WORDS: frozenset[str] = frozenset(
    """
    bank ministry department office council agency organisation organization committee
    commission bureau institute institution university college centre center corporation
    company group fund federation union association authority board service services
    police news times journal post tv radio inc ltd plc llc co corp foundation trust
    party government administration court reserve economics research society societies
    laboratory lab network press league club house senate congress parliament army
    shipping airlines airline airways motors energy foods holdings capital partners systems
    technologies pharmaceuticals industries insurance securities bancorp financial
    """.split()
)

# nouns for people or groups that can speak without a name
PERSON_NOUNS: frozenset[str] = frozenset(
    """
    minister president secretary governor mayor chairman chairwoman chair director
    spokesman spokeswoman spokesperson official officials officer officers police
    prosecutor prosecutors analyst analysts expert experts economist economists
    scientist scientists researcher researchers author authors commentators commentator
    source sources resident residents witness witnesses chief executive head leader
    leaders manager managers owner owners investigator investigators campaigner
    campaigners critic critics observer observers lawmaker lawmakers senator senators
    governor judge lawyer lawyers attorney doctor doctors teacher teachers worker workers
    activist activists diplomat diplomats negotiators negotiator ambassador general
    commander professor victim victims survivor survivors people woman man women men
    employee employees staff players player investor investors trader traders dealer
    dealers bankers banker consumer consumers voter voters founder coordinator
    commissioner inspector auditor
    """.split()
)

# titles and roles that stand before a name ("Interior Minister Mohamad Hassad")
TITLE_WORDS: frozenset[str] = frozenset(
    """
    president vice minister secretary governor mayor chairman chairwoman chair director
    general spokesman spokeswoman spokesperson senator sen rep representative congressman
    congresswoman chancellor premier prince princess king queen sheikh emir ambassador
    commissioner chief executive ceo cfo coo head leader manager editor correspondent
    reporter professor prof judge justice attorney auditor inspector commander colonel
    captain lieutenant sergeant admiral officer economist analyst expert founder deputy
    shadow coach striker midfielder defender goalkeeper bishop pope archbishop rabbi imam
    superintendent commissioner constable detective investigator lawyer counsel
    spokesperson backbencher mp mep speaker treasurer controller administrator
    coordinator adviser advisor strategist researcher scientist dr doctor agent czar tsar
    envoy sheriff marshal warden dean provost rector principal chairperson councillor
    councilor alderman assemblyman assemblywoman legislator delegate co-founder baroness
    """.split()
)

# before a name, dropped from the speaker and kept out of the role
HONORIFICS: frozenset[str] = frozenset(
    "mr mrs ms miss dr sir dame lord lady mr. mrs. ms. dr.".split()
)

# capitalised words that open a sentence or a clause without naming anyone
NOT_NAMES: frozenset[str] = frozenset(
    """
    The A An This That These Those It Its In On At As But And Or Yet So However Also
    Meanwhile Additionally Moreover Furthermore Still Then Now Last Next Earlier Later
    Since After Before During While When Where If Although Though Despite Because Under
    Over For From With Without Among Amid By To Of Some Many Most Several Other Others
    One Two Three Four Five Six Seven Eight Nine Ten Both All Each Every Such Their
    There Here He She They We I You His Her Our My Your Overall Indeed Instead Thus
    Hence Nevertheless Nonetheless According Asked Speaking Looking Earlier Until
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December Today Yesterday
    Tomorrow What Why How Who Which Whose Not No Yes Only Even Just Unlike Like Within
    Another Any
    """.split()
)

# lower-case words that end a noun phrase when read backwards from a verb
NP_BREAKS: frozenset[str] = frozenset(
    """
    that which who whom whose when while as if because and but or to in on at for by
    with from into than after before since until where said says told although though
    whether about against during under over without between among through is are was
    were be been being has have had it its this these those
    """.split()
)

PRONOUNS_PERSON: frozenset[str] = frozenset("he she".split())
PRONOUNS_ORG: frozenset[str] = frozenset("it".split())
PRONOUNS_PLURAL: frozenset[str] = frozenset("they".split())
# first person: the speaker of the quote or transcript turn, else the article itself
PRONOUNS_SELF: frozenset[str] = frozenset("i we".split())

# name particles kept inside a name in lower case ("Abdelhak el-Khayam", "Ursula von der Leyen")
NAME_PARTICLES: frozenset[str] = frozenset(
    "al el bin ibn de del della der van von da du la le di".split()
)

# determiners and quantifiers that open a generic speaker ("some experts", "one woman")
DETERMINERS: frozenset[str] = frozenset(
    "the a an some several many most other few one two three four five six".split()
)
