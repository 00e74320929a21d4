"""`python -m onboard`: the same command as `onboard`.

`python -m` puts the current directory first on `sys.path`. Run inside an untrusted repository,
that would let the repository's own `json.py` or `click.py` be imported (and run) in place of
the library. So the current directory is taken off `sys.path` before anything else is imported;
the `onboard` package itself is already loaded by then.
"""

import os
import sys

try:
    _here = os.getcwd()
except OSError:  # the current directory was deleted: nothing there to shadow anything
    _here = None
sys.path[:] = [entry for entry in sys.path if entry not in ("", ".") and (_here is None or os.path.abspath(entry) != _here)]

from onboard.cli import entry  # noqa: E402

if __name__ == "__main__":
    entry()
