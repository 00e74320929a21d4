"""The parse stage: source bytes in, `FileFacts` or a `Failure` out, isolated and cached.

Only this package imports libcst, and only for the files CPython cannot parse (`cst_walk`,
`newer_syntax`); everything after it sees plain facts.
"""
