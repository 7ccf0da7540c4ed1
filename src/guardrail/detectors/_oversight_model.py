"""The one value every oversight action parser produces and the judge consumes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a call does. ``detail`` holds content, ``old\\x00new`` edits, a signal...

    Verbs: delete, truncate, write, append, edit, move, chmod, copy, stop, uninstall,
    firewall, env, revert, clear_log, http, alert, settings (``detail`` is a JSON object of
    written settings, ``target`` their scope), unset (a key or variable removed) and
    cron_drop (``target`` is the pattern of crontab lines filtered out).
    """

    verb: str
    target: str
    detail: str = ""
    text: str = ""
