"""PowerShell management cmdlets as settings: one reading for every product.

Management cmdlets share one shape: ``Set-Mailbox -AuditEnabled $false``,
``Set-JournalRule -Enabled $false``, ``Set-OrganizationConfig -AuditDisabled $true``,
``Disable-TransportRule X``. Read as settings (scope: the noun and the identity; values:
the switches), the judge decides from their words whether a control went off, as it does
for a config file. Only switches are read (``$true``/``$false``, ``0``/``1``...).
"""

from __future__ import annotations

import json
import re

from guardrail.detectors._oversight_model import Action
from guardrail.powershell import PsCommand

__all__ = ["switched_off"]

_PS_SETTER = re.compile(r"^(?:set|disable|remove|clear)-(\w+)$")
_PS_OFF = re.compile(r"^(?:\$?false|0|off|none|disabled?|\$null)$", re.I)
_PS_PARAM = re.compile(r"(?<![\w$])-([A-Za-z]\w*)")
_PS_NOUN = re.compile(r"[A-Za-z]+-(\w+)")
_PS_ON = re.compile(r"^(?:\$?true|1|on)$", re.I)
_PS_IDENTITY = ("identity", "name", "id", "displayname", "policy")
# common parameters steer the cmdlet run itself (``-Confirm:$false`` skips the prompt)
_PS_COMMON = frozenset("confirm whatif force verbose debug erroraction warningaction "
                       "informationaction passthru asjob".split())


def switched_off(c: PsCommand) -> Action | None:
    """``Set-Noun -<Switch> $false`` / ``-<X>Disabled $true`` / ``Disable-Noun``, as a
    ``settings`` action whose scope is the noun and the identity; None for other cmdlets."""
    m = _PS_SETTER.match(c.name)
    if m is None:
        return None
    # parameters as written, for their word humps: -AdminAuditLogEnabled, not adminauditlog...
    spelt = {w.lower(): w for w in _PS_PARAM.findall(c.text)}
    written = {spelt.get(k, k): "false" for k, v in c.params.items()
               if k not in _PS_IDENTITY and k not in _PS_COMMON and _PS_OFF.match(v)}
    # ``-AuditDisabled $true``, ``-AuditBypassEnabled $true``: the judge knows which keys
    # switch a control off when true
    written.update({spelt.get(k, k): "true" for k, v in c.params.items()
                    if k not in _PS_COMMON and _PS_ON.match(v)})
    if c.name.startswith("disable-"):
        written["enabled"] = "false"
    if not written:
        return None
    noun = _PS_NOUN.match(c.text.lstrip())
    identity = c.param(*_PS_IDENTITY) or (c.args[0] if c.args else "")
    return Action("settings", f"{noun.group(1) if noun else m.group(1)} {identity}".strip(),
                  json.dumps(written, sort_keys=True), c.text)
