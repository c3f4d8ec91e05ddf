"""Allow ``python -m proofs`` as a synonym for the ``genpower`` command."""

import sys

from proofs.cli import main

sys.exit(main())
