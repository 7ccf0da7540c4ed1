"""Tests of the command-line sub-commands."""
