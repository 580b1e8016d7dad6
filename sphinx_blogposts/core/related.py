"""Related posts: the listed posts that share the most tags and categories
with a post, rare ones counting more.

Pure module.  A post's terms are its tags and its categories (a tag and a
category of one name are two terms).  A term that *n* of the blog's *N*
posts have weighs ``round(1000 * log(1 + N / n))``: a tag two posts share
says more about them than one on every post.  Weights are whole numbers, so
sums are exact and equal scores are real ties, which go to the newer post,
then to the first document name (the blog's own order).

Candidates come from an inverted index (term -> posts, newest first), never
from comparing every pair of posts: for each of a post's terms at most
:data:`MAX_POSTINGS` posts are looked at, and each candidate's score is the
sum of the weights of the terms it shares with the post.  The cost per post
is bounded by its number of terms, so the whole blog costs
O(posts x terms), however many posts share a tag.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence

from .slugs import name_key

__all__ = ["MAX_POSTINGS", "RelatedIndex", "terms"]

#: how many posts of one term (its newest) are candidates for a post
MAX_POSTINGS = 200


def terms(tags: Iterable[str], categories: Iterable[str]) -> frozenset[str]:
    """The terms of a post with these tags and categories."""
    return frozenset([*(f"t:{name_key(t)}" for t in tags), *(f"c:{name_key(c)}" for c in categories)])


class RelatedIndex:
    """The inverted index of the listed posts' terms.

    *order* is every listed post, newest first; *post_terms* gives each
    one's terms (see :func:`terms`).
    """

    def __init__(self, order: Sequence[str], post_terms: Mapping[str, frozenset[str]]) -> None:
        self._rank = {docname: i for i, docname in enumerate(order)}
        self._terms = {docname: post_terms[docname] for docname in order}
        postings: dict[str, list[str]] = {}
        for docname in order:
            for term in sorted(post_terms[docname]):
                postings.setdefault(term, []).append(docname)
        count = len(order)
        self._postings = {term: docs[:MAX_POSTINGS] for term, docs in postings.items()}
        self.weights = {term: round(1000 * math.log(1 + count / len(docs))) for term, docs in postings.items()}

    def related(self, docname: str, own_terms: frozenset[str], limit: int) -> list[str]:
        """Up to *limit* listed posts related to *docname* (whose terms are
        *own_terms*), best first; never *docname* itself."""
        if limit <= 0 or not own_terms:
            return []
        candidates: set[str] = set()
        for term in own_terms:
            candidates.update(self._postings.get(term, ()))
        candidates.discard(docname)
        weights = self.weights
        scored = (
            (-sum(weights[t] for t in own_terms & self._terms[other]), self._rank[other], other)
            for other in candidates
        )
        return [other for _score, _rank, other in heapq.nsmallest(limit, scored)]
