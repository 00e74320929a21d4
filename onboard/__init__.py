"""onboard: a static guide to an unfamiliar Python repository.

It reads a repository as text (it never imports or runs it) and reports how the code is
started, what it touches, how well it is documented and how it is put together.
"""

__version__ = "0.1.0"
