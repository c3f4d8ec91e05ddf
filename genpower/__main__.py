"""Allow ``python -m genpower`` as a synonym for the ``genpower`` command."""

import sys

from genpower.cli import main

sys.exit(main())
