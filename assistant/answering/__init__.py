"""Answers with checked citations, composed per question plan.

One module per job: `plans` (what kind of answer a question needs), `evidence` (ranked
sentences and the set that answers), `summary` (whole-document and topic summaries),
`topics` (what a summary is about: the document a question names, a topic's sentences),
`compose` (the answer per plan), `check` (every sentence against the source it cites),
`answer_types` (what a time, number, person or place looks like), `hops` (two-hop
questions: the bridge and the second retrieval), `sides` (questions asked of two sides:
"both A and B", "which came first"), `premises` (what a question presupposes that no
document holds), `writing` (what a model writes: a short answer, an answer to a plan, each
checked), `yesno`, `inventory`, `answerer` (the pipeline), `result` (what an answer is made
of), `tuning` (every constant the rules were chosen with).
"""

from assistant.answering.answerer import Answerer
from assistant.answering.check import check_claims
from assistant.answering.plans import Plan, classify
from assistant.answering.result import Answer, Citation, Claim, Evidence

__all__ = ["Answer", "Answerer", "Citation", "Claim", "Evidence", "Plan", "check_claims", "classify"]
