"""second-chance: win a second chance at a company that turned you down.

The package keeps its modules private to their jobs; the public surface is the command line
(`second-chance`, `python -m assistant`) and the names below.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
