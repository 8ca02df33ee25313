"""drafter: turns a TOML meeting outline and snippet libraries into a GB/T 9704 speech draft."""

__version__ = "0.1.0"
