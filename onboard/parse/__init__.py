"""The parse stage: source bytes in, `FileFacts` or a `Failure` out, isolated and cached.

Only this package imports libcst (see `extract`); everything after it sees plain facts.
"""
