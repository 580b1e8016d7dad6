"""Related posts: the listed posts that share the most tags and categories
with a post, rare ones counting more.

Pure module.  A post's terms are its tags and its categories (a tag and a
category of one name are two terms).  A term that *n* of the blog's *N*
posts have weighs ``round(1000 * log(1 + N / n))``: a tag two posts share
says more about them than one on every post.  Weights are whole numbers, so
sums are exact and equal scores are real ties, which go to the newer post,
then to the first document name (the blog's own order).

Candidates come from an inverted index (term -> posts, newest first), never
from comparing every pair of posts: through each of a post's terms come at
most :data:`MAX_POSTINGS` candidates (the term's newest posts), and each
candidate's score is the sum of the weights of all the terms it shares with
the post (a term with more posts than that is looked up for each candidate
instead).  The cost per post is bounded by its number of terms, so the
whole blog costs O(posts x terms), however many posts share a tag.
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
        postings: dict[str, list[str]] = {}
        for docname in order:
            for term in post_terms[docname]:
                postings.setdefault(term, []).append(docname)
        count = len(order)
        #: each term's newest posts: the candidates it brings
        self._postings = {term: docs[:MAX_POSTINGS] for term, docs in postings.items()}
        #: every post of the terms that have more than that
        self._members = {term: frozenset(docs) for term, docs in postings.items() if len(docs) > MAX_POSTINGS}
        self.weights = {term: round(1000 * math.log(1 + count / len(docs))) for term, docs in postings.items()}

    def related(self, docname: str, own_terms: frozenset[str], limit: int) -> list[str]:
        """Up to *limit* listed posts related to *docname* (whose terms are
        *own_terms*), best first; never *docname* itself."""
        if limit <= 0 or not own_terms:
            return []
        weights = self.weights
        scores: dict[str, int] = {}
        crowded = []
        for term in own_terms:
            weight = weights.get(term)
            if weight is None:
                continue
            if term in self._members:
                crowded.append(term)
                continue
            for other in self._postings[term]:
                scores[other] = scores.get(other, 0) + weight
        scores.pop(docname, None)
        if crowded:
            for term in crowded:
                members, weight = self._members[term], weights[term]
                for other in scores:
                    if other in members:
                        scores[other] += weight
            # The posts that share only crowded terms score at most this: if
            # enough others score more, none of them can be among the best.
            ceiling = sum(weights[t] for t in crowded)
            best = heapq.nlargest(limit, scores.values())
            if len(best) < limit or best[-1] <= ceiling:
                for term in crowded:
                    for other in self._postings[term]:
                        if other not in scores and other != docname:
                            scores[other] = sum(weights[t] for t in crowded if other in self._members[t])
        if len(scores) > limit:  # only those that score as much as the limit-th best
            least = heapq.nlargest(limit, scores.values())[-1]
            best = [other for other, score in scores.items() if score >= least]
        else:
            best = list(scores)
        rank = self._rank
        best.sort(key=lambda other: (-scores[other], rank[other]))
        return best[:limit]
