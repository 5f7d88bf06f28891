"""Run the command line with ``python -m a5wizard``."""

from a5wizard.cli import main

raise SystemExit(main())
