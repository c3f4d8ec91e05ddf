"""Allow ``python -m genpower`` as a synonym for the ``genpower`` command."""

import sys

try:
    from genpower.cli import main
except KeyboardInterrupt:  # Ctrl-C while Python loads genpower: no traceback
    sys.exit(130)

sys.exit(main())
