"""`a5wizard remove --user NAME`: remove a user's own account, its password and
its last check; the user's mail then goes through the global account."""

from __future__ import annotations

import argparse

from a5wizard.accounts import remove_user
from a5wizard.cli.output import EXIT_OK, say, shown
from a5wizard.config_file import load_settings
from a5wizard.paths import config_path


def run(args: argparse.Namespace) -> int:
    """Remove the account; exit 0, or 2 for an unknown user or a bad config."""
    config = config_path(args.config)
    remove_user(config, args.user)
    say(f"Removed user {shown(args.user)}'s account and its password from {config}.")
    if load_settings(config).global_account is not None:
        say("Their mail now goes through the global account.")
    else:
        say("There is no global account: their mail has no account to go through.")
    return EXIT_OK
