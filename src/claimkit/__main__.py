"""Run the command line as `python -m claimkit`."""

import sys

from claimkit.cli import main

sys.exit(main())
