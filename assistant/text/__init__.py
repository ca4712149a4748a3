"""The text layer: sentences and the terms that carry meaning.

One home for both, used by ingest (chunking), retrieval (BM25, IDF) and answering
(evidence, citation checks), so that every stage splits and matches text the same way.
"""

from assistant.text.sentences import ENDS_SENTENCE, field, sentence_lines, split_sentences, table_cells
from assistant.text.terms import (
    ASKING_WORDS,
    NATIONALITIES,
    NUMBER_WORD_VALUES,
    ORDINAL_WORDS,
    SCALE_VALUES,
    STOPWORDS,
    american_spelling,
    askers_people,
    base_form,
    compound_tails,
    coverage,
    is_verb_form,
    normalize,
    number_terms,
    number_values,
    other_spellings,
    pairs,
    participles,
    restates,
    stemmer,
    terms,
    words,
)

__all__ = [
    "ASKING_WORDS",
    "ENDS_SENTENCE",
    "field",
    "NATIONALITIES",
    "NUMBER_WORD_VALUES",
    "ORDINAL_WORDS",
    "SCALE_VALUES",
    "STOPWORDS",
    "american_spelling",
    "askers_people",
    "base_form",
    "compound_tails",
    "is_verb_form",
    "coverage",
    "normalize",
    "other_spellings",
    "pairs",
    "participles",
    "restates",
    "number_terms",
    "number_values",
    "sentence_lines",
    "split_sentences",
    "stemmer",
    "table_cells",
    "terms",
    "words",
]
