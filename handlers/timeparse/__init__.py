"""Vietnamese time expressions (the reader lives in `handlers.timeparse.parts` for now)."""

from handlers.timeparse.parts import *  # noqa: F403
from handlers.timeparse.parts import __all__ as __all__
