"""Every tuning constant of retrieval (retrieval.py, bm25.py), in one place, with where it was chosen.

Retrieval hands answering a fused, ranked list; how much of it answering reads (RERANK_POOL,
MENTIONS_POOL) and every threshold and weight after that are in assistant/answering/tuning.py.
The numbers quoted are in docs/BENCHMARKS.md with the commands that made them.
"""

# ---------------------------------------------------------------- fusion (retrieval.Retriever.retrieve)

RRF_K = 60  # reciprocal rank fusion's constant, from Cormack et al. (2009); damps the weight of top ranks
# Candidates per side (dense and BM25) before fusion: max(k, FUSION_DEPTH). Deeper lists dilute
# RRF: a strong hit found by one side alone drops below passages both sides rank low. On XQuAD,
# after the evidence rerank, 10 per side kept the paragraph in the top 5 for 1,185 of 1,190
# questions, 20 for 1,184 and 40 fewer: fuse as deep as the pool answering asks for (its
# RERANK_POOL, 10), no deeper.
FUSION_DEPTH = 10
# Fused ids whose manifest rows are read per passage asked for: some ids have no committed row
# (a file being ingested, or half-deleted by a killed run) and are passed over.
ROWS_PER_PASSAGE = 3
# A word a question asks with (text.ASKING_WORDS: "happens", "someone", "gets") weighs this share of
# its IDF in every weighted coverage: next to nothing. A word no document holds otherwise weighs
# most, so "What happens if someone gets a puncture?" was refused over "If you puncture, shout
# ...". Not 0, so that a question of asking words alone is still weighed word by word. At 0.1,
# a store of one short document still refused it: there a word every chunk holds ("puncture")
# weighs a fifth of one no chunk holds. Chosen on evals/office14.yaml.
ASKING_WEIGHT = 0.01

# ---------------------------------------------------------------- known words (retrieval.Retriever.knows)

# Whether the documents hold a word decides an answer of "The documents don't mention X"
# (answering/answerer.py), so a near form counts ("Lithuanian" for "Lithuania", "sentanta" for
# "setanta", "superbowl" for "super bowl"), but short words and numbers match exactly: "curie"
# is not "cure", and 2010 is not 2013.
# A run of this many content words whose initials a document writes as one word is spelled out:
# the question gets the acronym too ("lunar orbit rendezvous": LOR).
SPELLED_WORDS = (3, 4, 5)
ACRONYM_LETTERS = 6  # an all-capitals word this short counts as known: the documents may spell it out
PHRASE_CHUNKS = 500  # chunks read to find a phrase word for word ("Apollo 13"), at most
VARIANT_MIN = 6  # stems shorter than this match exactly
LONG_STEM = 8  # a stem this long also matches a term starting with all but its last PREFIX_TRIM letters
PREFIX_TRIM = 2
NEAR_EDITS = 1  # edits (a swap of two letters counts once) allowed to a stem shorter than LONG_STEM,
NEAR_EDITS_LONG = 2  # ... and to a longer one
COMPOUND_PART = 3  # each of two words written as one has at least this many letters
# A place's adjective is a form of its name: the stem and one of these endings ("canari" +
# "an": Canarian, "iran" + "ian": Iranian, "lithuania" + "n"). Chosen on evals/single2.yaml,
# where "the Canary Islands" was refused over a text writing "the Canarian islands". A faith's
# or a doctrine's name is a form of its founder's or its people's too ("hindu" + "ism":
# Hinduism; evals/single4.yaml refused "Over whose lives do Hindu gurus ...?" over "In
# Hinduism ... gurus").
DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "ish", "ism", "ist")
DEMONYM_STEM = 4  # shorter stems ("ira") take no ending: too many words would match

# ---------------------------------------------------------------- BM25 (bm25.py)

# bm25s's defaults ("lucene" variant), kept so scores equal a fresh bm25s build over the live
# chunks (tests/test_bm25.py compares them): term-frequency saturation and length normalisation.
K1 = 1.5
B = 0.75
# Segments merge policy (bm25.plan_merge): with more than MAX_SEGMENTS the smallest are merged,
# so a query walks a bounded number of segments while a small add stays cheap. A segment whose
# tombstones pass DEAD_SHARE of its documents is rewritten: dead postings cost query time and
# disk, and waiting for 30% bounds the rewrite cost per delete (at most ~3 live documents copied
# per dead one).
MAX_SEGMENTS = 8
DEAD_SHARE = 0.3
