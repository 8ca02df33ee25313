"""``python -m drafter`` and the ``drafter`` command.

Ctrl+C while Python is still importing the command line (a few tenths of a second on a slow
machine) would print a traceback; this small module is loaded first, so it can catch that.
"""
import sys


def main() -> None:
    try:
        from drafter.cli import main as run_cli

        run_cli()
    except KeyboardInterrupt:  # before drafter.cli could take Ctrl+C over
        sys.stderr.write("已中止。\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
