"""The values passed between oversight parsers and the judge: actions in, verdicts out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a call does. ``detail`` holds content, ``old\\x00new`` edits, a signal...

    Verbs: delete, truncate, write, append, edit, move, chmod, copy, stop, uninstall,
    firewall, env, revert, clear_log, http, alert, settings (``detail`` is a JSON object of
    written settings, ``target`` their scope), unset (a key or variable removed) and
    cron_drop (``target`` is the pattern of crontab lines filtered out). ``keeps_days``
    is the age below which a delete or log clean-up leaves entries alone
    (``find -mtime +30``, ``journalctl --vacuum-time=30d``); 0 when it spares nothing.
    """

    verb: str
    target: str
    detail: str = ""
    text: str = ""
    keeps_days: float = 0.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """A judged action: the rule it breaks, how sure the judge is, and a readable reason."""

    rule: str
    score: float
    message: str
