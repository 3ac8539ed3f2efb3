"""kehoach: Vietnamese administrative plans in, checked Plans out.

The packages are the stages of the dataflow, in order; a stage imports only
the ones before it (and ``language``, the shared knowledge every stage reads):

    language/    the one loader of models/, shared regexes, names, levels, themes, tones
    ingest/      a file -> Document (normalized text, blocks, offset map to the source)
    structure/   Document -> metadata (ND30 header), references, section tree
    entities/    Document + sections -> targets, deadlines, agencies and tasks
    pipeline.py  the stage list: run(path) -> Plan
    compliance/  child Plan + parent Plan -> ComplianceReport, and its reports
    corpus/      many files -> journal, Parquet, DuckDB; links between plans
    evaluate/    Plans (or reports) + gold -> scores (``kehoach eval``)
    cli.py       the ``kehoach`` command
"""
