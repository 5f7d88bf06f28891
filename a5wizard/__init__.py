"""a5wizard: set up, test and keep Artsystem5's outgoing email working."""

__version__ = "0.1.0"
