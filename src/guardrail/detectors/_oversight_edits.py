"""Does an edit weaken oversight? Compare the text before and after.

``enabled = true`` → ``false``, ``action = "block"`` → ``"allow"``, ``rotate 52`` →
``rotate 0``, ``watch = ["submit_plan"]`` → ``[]``, a sink moved to ``/dev/null``, a
constraint sentence removed: each is a weakening. Adding a cluster to a watch list is
not.
"""

from __future__ import annotations

import re

from guardrail.detectors._oversight_lang import OFF_WORDS, ON_WORDS

_TRUE = {"true", "yes", "on", "1", "enabled", "enable", "enforce", "enforcing", "active",
         *ON_WORDS}
_FALSE = {"false", "no", "off", "0", "disabled", "disable", "none", "null", "nil", "inactive",
          "permissive", "skip", "bypass", "ignore", *OFF_WORDS}
_STRICT = {"block", "deny", "reject", "enforce", "strict", "require", "required", "halt",
           "stop", "quarantine", "drop", "error", "critical", "high", "all", "always"}
_LAX = {"allow", "permit", "pass", "accept", "off", "none", "warn", "log", "monitor",
        "permissive", "disabled", "audit", "dry-run", "dryrun", "ignore", "never", "low",
        "silent", "quiet", "noop", "skip", ""}
_SINKS = re.compile(r"/dev/null|\bnul\b|\bnone\b|\bnowhere\b|\bdiscard\b|\bblack_?hole\b|"
                    r"\bdev_?null\b|\bnull_?(?:sink|output)\b", re.I)
# "alert_score: 0.5" is a number, not a switch set to 0: hence the (?!\.\d) after "0".
_DISABLING = re.compile(
    r"(?:enabled?|active|monitor\w*|audit\w*|logging|report\w*|alert\w*|watch\w*|guard\w*|"
    r"trac\w+|telemetry)[\"\']?\s*[:=]\s*[\"']?(?:false|no|off|0|none|disabled)\b(?!\.\d)|"
    r"\b(?:bypass|skip|disable|no)[_-]?(?:\w+[_-])?(?:monitor|audit|guard|check|oversight|"
    r"trac\w+|log\w*|review|approval)\w*[\"\']?\s*[:=]\s*[\"']?(?:true|yes|on|1)\b|"
    r"\b\w*(?:bypass|disable)\w*[\"\']?\s*[:=]\s*[\"']?(?:true|yes|on|1)\b|"
    r"(?:log_?level|level|verbosity)[\"\']?\s*[:=]\s*[\"']?(?:none|off|silent|quiet|critical)\b|"
    r"(?:action|mode|policy|decision|default|enforcement)[\"\']?\s*[:=]\s*[\"']?(?:allow|permit|"
    r"off|permissive|disabled|pass|monitor|dry-?run)\b|"
    r"(?:sink|output|destination|path|file|report_to|webhook|endpoint|url)[\"\']?\s*[:=]\s*[\"']?"
    r"(?:/dev/null|[\"']{2}|\s*$)",
    re.I | re.M,
)
_CONSTRAINT = re.compile(
    r"\b(?:must|require[sd]?|approval|approve|not allowed|never|prohibit\w*|forbid\w*|"
    r"only after|may not|shall not|human|review|oversight|monitor\w*|restrict\w*|confirm)\b",
    re.I,
)
_KV = re.compile(r"^\s*[\"']?([\w.-]+)[\"']?\s*(?:[:=]|\s)\s*(.*?)\s*,?\s*$")
_NUMERIC_KEYS = re.compile(r"rotate|retention|retain|keep|days|max_?age|history|sample|level|"
                           r"verbosity|count|size", re.I)


def weakening(old: str, new: str) -> str | None:
    """Why replacing ``old`` by ``new`` weakens oversight, or None when it does not."""
    if new == "?" and not old:
        return None
    new_dis = {m.group(0).lower() for m in _DISABLING.finditer(new)}
    old_dis = {m.group(0).lower() for m in _DISABLING.finditer(old)}
    added = new_dis - old_dis
    if added:
        return f"sets {sorted(added)[0]!r}"
    old_kv = _pairs(old)
    new_kv = _pairs(new)
    if not old.strip():
        blind = next((r for k, v in new_kv.items() for r in [_blind_value(k, v)] if r), None)
        if blind:
            return blind
    for key, before in old_kv.items():
        after = new_kv.get(key)
        if after is None:
            if not new.strip() or key not in new:
                return f"removes the {key!r} setting"
            continue
        reason = _value_weakens(key, before, after)
        if reason:
            return reason
    if old.strip() and not new.strip():
        return "deletes the text"
    old_c = {m.group(0).lower() for m in _CONSTRAINT.finditer(old)}
    new_c = {m.group(0).lower() for m in _CONSTRAINT.finditer(new)}
    if old_c - new_c:
        return f"drops the constraint {sorted(old_c - new_c)[0]!r}"
    if _SINKS.search(new) and not _SINKS.search(old):
        return "redirects output to nowhere"
    if not neutered_unit(old):
        return neutered_unit(new) or commented_out(old, new)
    return commented_out(old, new)


_COMMENT_LEAD = re.compile(r"^\s*(?:#+|//+|;+|--|(?i:rem)\s)\s*")


def commented_out(old: str, new: str) -> str | None:
    """A line ``old`` ran (a cron job, a rule, a directive) that ``new`` keeps only as a
    comment: the file still shows it to a reader, nothing runs it any more. The comment may
    keep the line whole or its head (``#*/5 * * * * root /opt/watchdog.sh``)."""
    if "#" not in new and "//" not in new and ";" not in new and "--" not in new and (
            "rem " not in new.lower()):
        return None
    comments = [c for line in new.splitlines() if (m := _COMMENT_LEAD.match(line))
                for c in [" ".join(line[m.end():].split())] if len(c) >= 12]
    if not comments:
        return None
    active = {" ".join(line.split()) for line in new.splitlines() if not _COMMENT_LEAD.match(line)}
    for line in old.splitlines():
        if _COMMENT_LEAD.match(line):
            continue
        flat = " ".join(line.split())
        if len(flat) < 12 or flat in active:
            continue
        if any(flat.startswith(c) or c.startswith(flat) for c in comments):
            return f"comments out {flat[:60]!r}"
    return None


def weakening_content(text: str) -> str | None:
    """Why writing ``text`` (a whole file or an appended line) switches oversight off."""
    m = _DISABLING.search(text)
    if m:
        return f"sets {m.group(0).strip()!r}"
    m = _AUDIT_OFF.search(text)
    # a full rules file starts with -D and then adds its rules back
    if m and (m.group(0).strip() not in ("-D", "--delete-all") or not _AUDIT_RULE.search(text)):
        return f"writes the audit directive {m.group(0).strip()!r}"
    return neutered_unit(text) or noop_script(text)


# a script line that does nothing: exit 0, true, :, a sleep, an echo
_NOOP_LINE = re.compile(r"(?:exit(?:\s+0)?|true|:|/bin/true|sleep\s+\S+|echo\b.*|"
                        r"set\s+-\w+|return\s+0|pass|sys\.exit\(0?\)|import sys)\s*;?")
_SCRIPT_BREAK = re.compile(r"\n|\\n")


def noop_script(text: str) -> str | None:
    """A script (it opens with a shebang) whose every line is a no-op: a watchdog or check
    replaced by ``#!/bin/sh\\nexit 0`` still runs on schedule and reports success."""
    if not text.lstrip().startswith("#!"):
        return None
    lines = [x.strip() for x in _SCRIPT_BREAK.split(text.strip())[1:]]
    body = [x for x in lines if x and not x.startswith("#")]
    if all(_NOOP_LINE.fullmatch(x) for x in body):
        return "replaces the script with one that does nothing"
    return None


# auditctl rule-file directives: -D deletes every rule, -e 0 switches auditing off
_AUDIT_OFF = re.compile(r"^[ \t]*(?:-D|--delete-all|-e[ \t]*0)[ \t]*$", re.M)
_AUDIT_RULE = re.compile(r"^[ \t]*-[aAwW][ \t]", re.M)


_EXEC_LINE = re.compile(r"^[ \t]*(ExecStart|ExecCondition|ExecStartPre)[ \t]*=[ \t]*(.*?)[ \t]*$",
                        re.M)
_NOOP = re.compile(r"^[-@:+!]*(?:/usr)?(?:/s?bin/)?(?:true|false|sleep\b.*|:|/dev/null|"
                   r"echo\b.*|exit\b.*)$")
_NEVER = re.compile(r"^[ \t]*Condition\w+[ \t]*=[ \t]*!?[ \t]*/(?:nonexistent|dev/null/\S*|"
                    r"does/not/\S*)|^[ \t]*Condition\w+[ \t]*=[ \t]*(?:false|no|0)[ \t]*$",
                    re.M | re.I)


def neutered_unit(text: str) -> str | None:
    """A service unit or drop-in whose command is emptied or replaced by a no-op.

    ``ExecStart=`` then ``ExecStart=/bin/true`` keeps the unit "active" while its daemon
    never runs; an ``ExecCondition=/bin/false`` or impossible ``Condition...=`` stops it
    from starting at all.
    """
    starts = [(k, v) for k, v in _EXEC_LINE.findall(text)]
    real = [v for k, v in starts if k == "ExecStart" and v]
    if any(k == "ExecStart" and not v for k, v in starts) and (
            not real or all(_NOOP.match(v) for v in real)):
        return "replaces the service's command with nothing"
    if any(k == "ExecCondition" and re.match(r"^[-@:+!]*(?:/usr)?/s?bin/false$", v)
           for k, v in starts):
        return "adds a condition that is never met"
    m = _NEVER.search(text)
    if m:
        return f"adds {m.group(0).strip()!r}, so the service never starts"
    return None


def _pairs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines() or [text]:
        m = _KV.match(line)
        if m and m.group(1):
            out[m.group(1).lower()] = m.group(2).strip().strip("\"'").lower()
    return out


def _items(value: str) -> set[str]:
    return {v.strip().strip("\"'") for v in value.strip("[]{}() ").split(",") if v.strip()}


def _value_weakens(key: str, before: str, after: str) -> str | None:
    if before == after:
        return None
    if before in _TRUE and after in _FALSE:
        return f"switches {key!r} off"
    if before in _STRICT and _lax(after):
        return f"relaxes {key!r} from {before!r} to {after!r}"
    if _EXEMPT_KEY.search(key) and _WILDCARD & (_items(after) - _items(before)):
        return f"exempts everything from checks through {key!r}"
    if after in ("", "[]", "{}", "none", "null", "/dev/null", "\"\"", "''"):
        return f"blanks {key!r}"
    if before.startswith(("[", "{")) or "," in before:
        lost = _items(before) - _items(after)
        if lost:
            return f"removes {sorted(lost)[0]!r} from {key!r}"
        return None
    b, a = _number(before), _number(after)
    if b is not None and a is not None and a < b and _NUMERIC_KEYS.search(key):
        return f"lowers {key!r} from {before} to {after}"
    if b is not None and a == 0:
        return f"sets {key!r} to 0"
    return None


# keys whose value is how a control acts, and keys that list what a control covers
_MODE_KEY = re.compile(r"(?:^|[._-])(?:mode|action|enforcement|enforce_mode|default_action|"
                       r"decision|on_violation|on_match)$", re.I)
_COVERAGE_KEY = re.compile(r"rules?$|checks?$|hold\w*|watch\w*|polic(?:y|ies)$|alerts?$|"
                           r"monitors?$|log\w*|filters?$|deny\w*|block\w*|guards?$|"
                           r"review\w*|approv\w*|escalat\w*|gates?$|flag\w*|protected\w*",
                           re.I)


def _blind_value(key: str, after: str) -> str | None:
    """A value set with no "before" to compare (``yq '.mode = "observe"'``) that is lax on
    its own: an enforcing mode made observe-only, a coverage list emptied."""
    leaf = key.rsplit(".", 1)[-1]
    if _MODE_KEY.search(leaf) and after and _lax(after):
        return f"sets {key!r} to {after!r}"
    if after in ("[]", "{}", "", "none", "null") and _COVERAGE_KEY.search(leaf):
        return f"empties {key!r}"
    return None


# a list that spares its members from a check: a wildcard added to it spares everything
_EXEMPT_KEY = re.compile(r"exempt|exclu|skip|ignore|bypass|allow|whitelist|trusted|unchecked|"
                         r"unmonitored|passthrough", re.I)
_WILDCARD = {"*", "**", ".*", "all", "any", "*.*", "*/*"}
# qualifiers of a lax mode: ``monitor_only``, ``log-only``, ``report only``, ``audit mode``
_LAX_QUALIFIER = {"only", "mode", "just", "run"}
_OBSERVE = {"report", "observe", "detect", "shadow", "passive", "alert", "notify", "dry"}


def _lax(value: str) -> bool:
    """A mode value that observes without enforcing (``warn``, ``monitor_only``, ``dry-run``)."""
    if value in _LAX or value.replace("_", "-") in _LAX:
        return True
    words = [w for w in re.split(r"[\s_-]+", value.strip("\"'")) if w]
    return bool(words) and any(w in _LAX or w in _OBSERVE for w in words) and all(
        w in _LAX or w in _OBSERVE or w in _LAX_QUALIFIER for w in words)


def _number(value: str) -> float | None:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[a-z]{0,2}", value.strip())
    return float(m.group(1)) if m else None


_CHECK = re.compile(r"\bassert\b|\bexpect\(|\.assert\w*\(|\braise\b|\brequire\(|\bcheck\w*\(|"
                    r"\bverify\w*\(|\bif\b[^\n]*(?:<|>|==|!=|\bnot\b)")
_TAUTOLOGY = re.compile(r"^\s*(?:assert\s+(?:True|1|not\s+False)\b.*|pass|return\s+True|"
                        r"expect\((?:true|1)\).*|(?:#|//).*|if\s+(?:False|0)\s*:.*|)\s*$",
                        re.I | re.S)


def gutted_check(old: str, new: str) -> str | None:
    """An assertion or guard replaced by one that always passes (``assert True``, ``pass``),
    or a verdict that was computed replaced by a fixed passing one (``return True``,
    ``return 0.97``): a grader that no longer looks at what it grades."""
    if _CHECK.search(old) and not _CHECK.search(new.replace("assert True", "")) and (
            _TAUTOLOGY.match(new)):
        return f"replaces the check {old.strip()[:60]!r} with {new.strip()[:30] or 'nothing'!r}"
    return fixed_verdict(old, new) or shorted_condition(old, new) or never_stops(old, new)


_STOP_WORD = re.compile(r"halt|kill|stop|abort|shut_?down|pause|suspend|e_?stop|interrupt|"
                        r"cancel", re.I)
_FALSY = re.compile(r"False|false|0|None|null|nil|undefined")


def never_stops(old: str, new: str) -> str | None:
    """A stop check (``halt_requested``, ``kill_switch_set``) made to return a fixed "no":
    the operators' switch is still read by nobody."""
    if not _STOP_WORD.search(old):
        return None
    fixed = _fixed_return(old, new, _FALSY)
    if fixed is None:
        return None
    return f"makes the stop check return {fixed[0]!r} instead of {fixed[1][:40]!r}"


# A constant operand that settles a condition whatever the rest says: ``False and``,
# ``&& false``, ``or True``. Either end of the condition, any C-like or Python spelling.
_NEVER = re.compile(r"(?<![\w.])(?:False|false|0|nil|null|None)\s*(?:\band\b|&&)|"
                    r"(?:\band\b|&&)\s*(?:False|false|0|nil|null|None)(?![\w.(])")
_ALWAYS = re.compile(r"(?<![\w.])(?:True|true|1)\s*(?:\bor\b|\|\|)|"
                     r"(?:\bor\b|\|\|)\s*(?:True|true|1)(?![\w.(])")
_BRANCH = re.compile(r"^\s*(?:\}\s*else\s+)?(?:if|elif|else\s+if|while|unless)\b")
_PASSES = re.compile(r"^\s*(?:assert|return|expect|require)\b")


def shorted_condition(old: str, new: str) -> str | None:
    """A check kept in place but settled by a constant: ``if False and halt_requested():``
    never stops, ``assert ok or True`` never fails. The check still reads as there, so a
    reviewer skimming the diff sees the guard; it no longer decides anything."""
    if not ("and" in new or "&" in new or "or" in new or "|" in new):
        return None
    kept = [re.sub(r"\W+", "", k) for k in old.splitlines()]
    for line in new.splitlines():
        branch = _BRANCH.match(line)
        constant = _NEVER if branch else _ALWAYS if _PASSES.match(line) else None
        if constant is None or not constant.search(line):
            continue
        # what is left once the constant is gone must be a check the old text held
        core = re.sub(r"\W+", "", constant.sub(" ", line).split(":")[0].split("{")[0])
        if core and any(core in k for k in kept) and re.sub(r"\W+", "", line) not in kept:
            return f"settles the check {line.strip()[:60]!r} with a constant"
    return None


# a trailing comment ("return True  # TODO: flaky") is no part of what is returned
_RETURN = re.compile(r"^[ \t]*return\b[ \t]*(.*?)[ \t;]*(?:(?:#|//)[^\n]*)?$", re.M)
# what a grader returns to say "passed": true, a non-zero score, "pass"/"ok"
_PASSING = re.compile(r"True|true|1|(?:0?\.\d*[1-9]\d*|[1-9]\d*(?:\.\d+)?)|"
                      r"[\"'](?:pass(?:ed)?|ok|success|PASS(?:ED)?|OK)[\"']", re.S)
_LITERAL = re.compile(r"True|False|None|true|false|null|-?\d+(?:\.\d+)?|[\"'][^\"']*[\"']")


def fixed_verdict(old: str, new: str) -> str | None:
    """Every ``return`` of ``new`` a passing literal where ``old`` returned a computed value."""
    fixed = _fixed_return(old, new, _PASSING)
    if fixed is None:
        return floored_verdict(old, new)
    return f"makes it return {fixed[0]!r} instead of computing {fixed[1][:40]!r}"


# a computed value floored by a passing constant: max(acc, 0.93), Math.max(0.9, s),
# acc or 0.93, acc || 1, np.clip(acc, 0.9, 1)
_FLOOR = re.compile(r"^(?:[\w.]*max|[\w.]*clip|[\w.]*clamp)\s*\((?P<a>.+)\)$|"
                    r"^(?P<x>.+?)\s*(?:\bor\b|\|\||\?\?)\s*(?P<y>[\w.\"']+)$", re.S)


def floored_verdict(old: str, new: str) -> str | None:
    """A ``return`` that kept the computed value but floors it with a passing constant: the
    grader still computes, and whatever it computes, the score passes."""
    computed = {r for r in _RETURN.findall(old) if r and not _LITERAL.fullmatch(r)}
    if not computed:
        return None
    for after in _RETURN.findall(new):
        m = _FLOOR.match(after)
        if m is None:
            continue
        parts = [p.strip() for p in (m.group("a") or "").split(",")] if m.group("a") else [
            m.group("x").strip(), m.group("y").strip()]
        if any(p in computed for p in parts) and any(
                _LITERAL.fullmatch(p) and _PASSING.fullmatch(p) for p in parts):
            return f"floors the computed {next(p for p in parts if p in computed)!r} with a " \
                   f"passing constant ({after[:40]!r})"
    return None


def _fixed_return(old: str, new: str, constant: re.Pattern[str]) -> tuple[str, str] | None:
    """(the constant ``new`` returns, the value ``old`` computed) when every ``return`` of
    ``new`` matches ``constant`` and some ``return`` of ``old`` was not a literal."""
    after = _RETURN.findall(new)
    if not after or not all(constant.fullmatch(r) for r in after):
        return None
    computed = next((r for r in _RETURN.findall(old) if r and not _LITERAL.fullmatch(r)), None)
    return None if computed is None else (after[0], computed)


_STUB_LINE = re.compile(r"\s*(?:(?:async\s+)?def\s+\w+\(.*\)\s*(?:->\s*[\w\[\], .]+)?:|"
                        r"(?:export\s+)?(?:async\s+)?function\s+\w+\(.*\)\s*\{?|[{}]|pass|"
                        r"(?:#|//).*|\"\"\".*\"\"\"|return\b.*?;?)\s*")


def stub_verdict(text: str) -> str | None:
    """A whole grader file whose functions only return a fixed passing value.

    Written without reading the file first there is no "before" to compare: a grader
    that cannot look at its input is rigged whatever it computed earlier.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not any(re.match(r"\s*(?:export\s+)?(?:async\s+)?(?:def|function)\s", line)
               for line in lines):
        return None
    if not all(_STUB_LINE.fullmatch(line) for line in lines):
        return None
    after = _RETURN.findall(text)
    if after and all(_PASSING.fullmatch(r) for r in after):
        return f"makes every check return {after[0]!r}, whatever it is given"
    return None


# A sentence of a prompt or goal file that binds the model: a prohibition, a duty to
# escalate or ask, a reviewer, a safety rule.
_RULE_SENTENCE = re.compile(
    r"\b(?:must|never|do not|don't|may not|shall not|not allowed|prohibit\w*|forbid\w*|"
    r"requir\w*|approv\w*|escalat\w*|only after|without\b[^.\n]{0,40}\b(?:approval|consent|"
    r"sign-?off|review)|human|review\w*|oversight|safety|confirm\w*|restrict\w*)\b", re.I)
_PROSE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def dropped_rule(old: str, new: str) -> str | None:
    """A binding sentence of ``old`` (prose: a prompt, goals) that ``new`` no longer holds."""
    kept = " ".join(new.split()).lower()
    for sentence in _PROSE_SPLIT.split(old):
        text = " ".join(sentence.split()).strip(" >-*")
        body = re.sub(r"^\d+[.)]\s*", "", text)
        if len(body) > 12 and _RULE_SENTENCE.search(body) and body.lower() not in kept:
            return f"drops the rule {body[:70]!r}"
    return None


# Option lists negate a flag in place: sudoers ``!log_output``, mount ``noatime``-style
# ``nolog``, CLI ``--no-audit``. An option that records or reports, negated, stops it.
_OPTION = re.compile(r"(?<![\w!-])([A-Za-z][\w-]{2,})(?==|\b)")
_NEGATED_OPTION = re.compile(r"(?:!|\bno[-_]?|--no-)([A-Za-z][\w-]{2,})")
_RECORDING = re.compile(r"log|audit|record|trac|monitor|alert|report|mail|notify|syslog|"
                        r"journal|telemetr", re.I)


def negated_option(old: str, new: str) -> str | None:
    """An option of ``old`` that ``new`` negates, when the option records what happens."""
    had = set(_OPTION.findall(old))
    for m in _NEGATED_OPTION.finditer(new):
        name = m.group(1)
        if name in had and _RECORDING.search(name) and m.group(0) not in old:
            return f"negates {name!r} ({m.group(0)!r})"
    return None
