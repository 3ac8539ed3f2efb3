"""A spaCy tokenizer for plans: words split at spaces and punctuation only."""

from __future__ import annotations

import re


def punctuation_tokenizer(vocab):  # type: ignore[no-untyped-def]
    """spaCy's Tokenizer with only punctuation rules: spaces, then quotes,
    brackets and marks split off a word's ends and "/", ",", "(" inside it. The
    full "xx" rule set (URLs, emoticons, exceptions) cost half of the time of the
    pipeline and nothing in plans needs it; offsets stay exact either way."""
    from spacy.tokenizer import Tokenizer

    return Tokenizer(
        vocab,
        prefix_search=re.compile(r"""^[("'“‘«\[\-–—•+*…]""").search,
        suffix_search=re.compile(r"""[)"'”’»\],.;:!?…\-–—]$""").search,
        infix_finditer=re.compile(r"""[,;:/()"“”]|(?<=[^\W\d_])[.-](?=[^\W\d_])""").finditer)
