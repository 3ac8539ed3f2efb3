"""Shared knowledge of the language and layouts of Vietnamese administration.

In: the data files of ``models/`` (read by :mod:`.lexicons`, their only
loader). Out: what every stage looks things up in: lexicons (section kinds,
document types, abbreviations, laws, targets, deadlines, agencies,
administrative units, legacy encodings), the shared regexes (:mod:`.patterns`:
dates, document numbers, numbering labels), names and levels (:mod:`.names`),
themes (:mod:`.themes`) and tone placement (:mod:`.vietnamese`). It imports no
stage.
"""
