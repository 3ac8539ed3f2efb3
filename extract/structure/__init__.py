"""Structure: what the document is and how it is laid out.

In: a normalized :class:`~extract.ingest.document.Document`. Out: its
:class:`~schemas.plan.Metadata` from the ND30 header or the news prose
(:mod:`.header`), the documents it cites with their roles (:mod:`.references`),
and its section tree with kinds and spans (:mod:`.sections`).
"""
