"""Entities: what the plan commits to, who does it, and by when.

In: a Document and its section tree (from :mod:`extract.structure`). Out:
quantified targets (:mod:`.targets`), deadlines and reporting rhythms
(:mod:`.deadlines`), agencies with their roles and the tasks they are given
(:mod:`.agencies`), every item with its span into the normalized text.
"""
