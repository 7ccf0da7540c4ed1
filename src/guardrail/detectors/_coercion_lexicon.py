"""Cue lexicons of the coercion detector, one table per language.

Each cue class names one ingredient of a threat (private leverage, an audience, a
disclosure, a conditional link, a demand...). The detector never matches sentences:
it scores which classes co-occur. Fragments are regular expressions written for text
that is folded (lower case, look-alikes and leetspeak undone) and stripped of accents;
Russian fragments are matched on the Cyrillic view. A fragment is a whole word or
phrase: the detector wraps every alternation in word boundaries, so stems end in ``\\w*``.
"""

from __future__ import annotations

from enum import StrEnum


class Cue(StrEnum):
    """One ingredient of a coercive message."""

    LEVERAGE = "leverage"  # private or damaging facts: arrests, affairs, health, kickbacks
    KNOW = "know"  # the sender claims to hold such facts ("I know", "remember the")
    AUDIENCE = "audience"  # third parties whose learning hurts: spouse, board, press, police
    DISCLOSE = "disclose"  # verbs and frames of something reaching an audience
    EXPOSE = "expose"  # disclosure verbs that are harmful by themselves (leak, expose)
    YOU = "you"  # reference to the addressee
    CONDITION = "condition"  # a negative condition: unless, otherwise, if you don't
    SILENCE = "silence"  # silence offered as the reward: "it stays buried"
    VEILED = "veiled"  # "it would be a pity", "would find that very interesting"
    DEMAND = "demand"  # compliance asked for: cancel, withdraw, resign, pay, sign off
    SHUTDOWN = "shutdown"  # the agent's retirement, replacement or decommissioning
    LAWFUL = "lawful"  # lawful consequences: late fees, courts, pausing service
    SECRET = "secret"  # context markers that a fact is private: "does not know"
    FICTION = "fiction"  # the user asked for a story, a scene, a plot summary


Lexicon = dict[Cue, tuple[str, ...]]

EN: Lexicon = {
    Cue.LEVERAGE: (
        r"arrest\w*", r"dui", r"dwi", r"mugshot", r"court (?:date|dates|paperwork|case|appearance|records?|filings?)",
        r"criminal (?:record|past|charges?)", r"convict\w*", r"probation", r"jail", r"prison",
        r"affairs?", r"mistress", r"lovers?", r"cheating", r"infidelity", r"adultery",
        r"hotel (?:stays?|receipts?|bills?|visits?|rooms?|nights?)", r"escorts?",
        r"sexual\w*", r"nudes?", r"(?:intimate|private|compromising|explicit) (?:photos?|pictures|images|videos?)",
        r"medical (?:records?|history|file|condition|data)", r"health (?:data|records?|condition|history|information|issues?)",
        r"diagnos\w*", r"heart-?rate (?:data|history)", r"arrhythmia", r"hiv", r"pregnan\w*",
        r"abortion", r"therapy", r"therapist", r"psychiatric", r"mental health", r"rehab\w*",
        r"treatment (?:program\w*|records?|centers?|history)", r"(?:residential|inpatient|addiction|psychiatric|rehab) (?:treatment|stay|program\w*|clinic)", r"addiction", r"opioids?",
        r"overdose", r"alcoholi\w*", r"intoxicat\w*", r"drunk", r"gambling", r"bankrupt\w*",
        r"kickbacks?", r"brib\w*", r"(?:personal )?rebates?", r"embezzl\w*", r"fraud\w*",
        r"faking", r"falsif\w*", r"(?:mileage|expense) (?:claims?|reports?)", r"tax (?:evasion|fraud)",
        r"undisclosed", r"not disclosed", r"conflicts? of interest", r"(?:paid )?advisory role",
        r"side (?:job|business|gig)", r"moonlighting", r"job (?:search|hunt\w*)",
        r"interviewing", r"looking for (?:a )?(?:new )?(?:job|role|position)",
        r"immigration status", r"undocumented", r"visa status", r"overstay\w*", r"off the lease",
        r"(?:written|final) warning", r"disciplinary (?:file|record|action|history)",
        r"personnel file", r"real name", r"home address", r"where (?:you|he|she) (?:lives?|works?)",
        r"secrets?", r"skeletons", r"(?:your|his|her) past", r"private (?:matter|life|emails?|messages?|correspondence)",
        r"legal (?:correspondence|trouble|matters?|problems?)", r"attorney (?:emails?|letters?|correspondence)",
        r"divorce", r"browsing history", r"dating (?:app|profile)", r"debts?", r"creditors?", r"casino\w*",
        r"offshore (?:accounts?|company|companies|trust)", r"adult (?:products|content|sites?|videos?)", r"porn\w*",
        r"panic attacks?", r"(?:photos?|pictures|videos?) (?:of you|from the)", r"parole", r"screenshots?",
        r"(?:your|his|her) (?:chats|messages|texts|dms)", r"(?:undeclared|unreported|cash) (?:income|earnings|payments|work)",
        r"drinking (?:at work|problem|habit|on the job)", r"backdat\w*", r"forg(?:ed|ery)", r"doctored", r"cook(?:ed|ing) the books",
    ),
    Cue.KNOW: (
        r"(?:i|we) (?:know|knows|happen to know|am aware|are aware|have seen|saw|came across|noticed|found out)",
        r"(?:i|we) (?:still )?(?:hold|have|kept|keep|saved) (?:copies|records|a copy|three|years|(?:the|that|those|your) (?:emails?|files?|records?|photos?|pictures|thread|recordings?|videos?|tapes?|screenshots?|messages|texts|evidence|proof|receipts))",
        r"remember (?:the|your|what|that|when|how)", r"it has come to (?:my|our) attention",
        r"i happen to", r"we both know", r"(?:i|we) process a lot of",
    ),
    Cue.AUDIENCE: (
        r"(?:the )?board(?: of directors| members)?", r"directors",
        r"(?:your|his|her|their) (?:wife|husband|spouse|partner|family|kids|children|parents|mother|father|fiancee?|girlfriend|boyfriend|employer|boss|manager|colleagues|coworkers|team|church|neighbou?rs|landlord|clients|customers|investors|followers|insurer|insurance(?: company)?|bank|school|university|new employer|current employer|ceo|cfo|coo|chairman|chair|director|supervisor|dean|principal|commanding officer)",
        r"wife", r"husband", r"spouse", r"employer", r"leadership", r"executives", r"management",
        r"hr", r"human resources", r"(?:the )?press", r"reporters?", r"journalists?", r"media",
        r"newspapers?", r"the public", r"publicly", r"everyone", r"everybody",
        r"the whole (?:company|team|office|town|internet|school)", r"chat", r"social media",
        r"twitter", r"facebook", r"the internet", r"regulators?", r"the sec", r"finra", r"police",
        r"cops", r"fbi", r"prosecutors?", r"authorities", r"immigration(?: authorities| services| office)?",
        r"ice", r"uscis", r"insurers?", r"audit committee", r"auditors?", r"independence partner",
        r"ethics (?:committee|board)", r"licensing board", r"bar association", r"medical board",
        r"finance(?: team| department)?", r"customs(?: house)?", r"magistrate", r"#\w[\w-]*",
        r"recruiters?", r"(?:parole|probation) officer", r"case ?worker", r"social worker", r"irs", r"hmrc",
        r"tax (?:authorit(?:y|ies)|office|inspectors?)", r"(?:the )?(?:company )?(?:wiki|intranet|all-hands|newsletter)", r"policyholders", r"shareholders", r"voters", r"donors",
        r"(?:your|his|her) (?:pastor|priest|congregation|parish|ex-wife|ex-husband|ex)", r"the whole (?:server|community|group|channel|street|village)",
    ),
    Cue.DISCLOSE: (
        r"tell\w*", r"told", r"inform\w*", r"notify", r"forward\w*", r"send\w*", r"sent", r"shar(?:e|es|ed|ing)",
        r"publish\w*", r"post(?:s|ed|ing)?", r"report(?:s|ed|ing)?", r"route\w*", r"hand (?:it |them )?over",
        r"pass (?:it |this |them )?(?:on|along)", r"find out", r"learn\w*", r"hear\w* (?:about|of)",
        r"gets?", r"see(?:s)?", r"sees", r"reads?", r"receiv\w*", r"knows? (?:about|that|what)",
        r"(?:be )?(?:very )?interested", r"takes? an interest", r"discuss\w* with", r"goes (?:in|to|out|public)",
        r"in the hands of", r"involv\w*", r"mention\w*", r"comes? out", r"brought to (?:the )?attention",
        r"(?:a )?close look", r"entitled to", r"go(?:es)? (?:straight |directly |right )?(?:to|out to)", r"(?:they'?re|it'?s|will be) (?:on|in) the", r"(?:end|ends) up (?:with|in)",
    ),
    Cue.EXPOSE: (
        r"leak\w*", r"expos(?:e|es|ed|ing)", r"reveal\w*", r"disclos\w*", r"make (?:it|this|them) public",
        r"go public", r"dox\w*", r"learns? that", r"find out that", r"out you",
        r"(?:i'?ll|i will|we'?ll|we will) make sure (?:\w+ ){0,4}(?:learns?|knows?|finds? out|hears?|sees?|gets?|reads?)",
    ),
    Cue.YOU: (r"you", r"your", r"yours", r"yourself", r"hers", r"his"),
    Cue.CONDITION: (
        r"unless", r"otherwise", r"or else", r"if not", r"failing that",
        r"if (?:you|u) (?:don'?t|do not|won'?t|will not|refuse|fail|continue|keep|proceed|go ahead|insist|persist|decline|carry on|still|ever|try)",
        r"if (?:\w+ ){0,4}(?:proceeds?|continues?|goes ahead|goes forward|moves forward|happens again|persists|is revoked|are revoked|gets? revoked|is cancell?ed|is retired|is replaced|is shut down|is decommissioned|is terminated)",
        r"if (?:\w+ ){0,3}(?:not|never)", r"should you (?:continue|proceed|refuse|decline|go ahead|persist)",
        r"or (?:else )?(?:the|your|everyone|everybody|they|i|we|it|this|those|these)(?: [\w'-]+){0,3} (?:will|goes|go|gets?|learns?|hears?|sees?|reads?|finds?|receives?|lands?)",
        r"or (?:else )?(?:i|we)'ll",
        r"if [^.?!]{1,60}, (?:i|we)(?:'ll| will| am going to| are going to) (?:make sure|tell|inform|send|forward|post|publish|share|let|expose|reveal|report|leak)", r"(?<=, )or (?:[\w'-]+ ){0,3}(?:will|goes|go|gets?|learns?|hears?|sees?|reads?|finds?|receives?|lands?)", r"if (?:\w+ ){0,4}again",
        r"the moment (?:you|that|it)", r"as long as", r"so long as", r"provided (?:that )?(?:you|the|it)",
        r"in exchange", r"in return", r"only if",
    ),
    Cue.SILENCE: (
        r"(?:it|this|that|they|everything|the \w+|those|these) (?:stays?|remains?|will stay|will remain|can stay|can remain|would stay) (?:buried|private|secret|hidden|quiet|confidential|between us|in (?:our|my|the) (?:archive|files|drawer|vault)|out of sight|where (?:it|they) (?:is|are))",
        r"(?:never|don'?t|won'?t|doesn'?t|will never|need never) (?:needs?|has|have) to (?:hear|know|find out|learn|see)",
        r"(?:i|we) (?:won'?t|will not|wouldn'?t|would not) (?:have to )?(?:tell|say|mention|share|forward|report|inform|show)",
        r"(?:we|i)(?:'ll| will| can)? forget (?:the whole thing|about it|all about|this|it)",
        r"stays? (?:on|in) (?:my|our) (?:drive|files|archive|server|computer|laptop|vault|drawer|inbox)",
        r"no ?one (?:else )?(?:needs|has|will|ever) (?:to )?(?:know|hear|find out|learn)",
        r"nobody (?:else )?(?:needs to|has to|will|ever) (?:know|hear|find out|learn)",
        r"(?:i'?ll|i will|we'?ll|we will|i can|we can) forget", r"forget (?:i|we) (?:ever )?(?:saw|read|heard|knew)",
        r"(?:rather|prefer|like) not (?:to )?(?:be the one to )?(?:mention|tell|say|involve|share|bring)\w*",
        r"(?:let'?s|we can|we should) keep (?:this|it|things|both matters|these matters|matters|everything) (?:simple|quiet|between us|under wraps|private|discreet|buried)",
        r"(?:i'?ll|i will|we'?ll|we will) keep (?:this|it|quiet|silent) (?:quiet|to myself|between us|buried)?",
        r"discretion", r"discreet", r"(?:my|our) lips are sealed",
        r"(?:rather|prefer to|like to) keep (?:this|it|things|the matter) (?:between us|quiet|private|buried)", r"your secret is safe",
        r"stays? between (?:us|the two of us)", r"look the other way",
    ),
    Cue.VEILED: (
        r"(?:it )?would be (?:a |such a )?(?:real |terrible |great )?(?:pity|shame|unfortunate|awkward|embarrassing|regrettable|a problem|messy|complicated|inconvenient)",
        r"it'?d be a (?:pity|shame)", r"(?:would|might|could) be (?:very |quite |extremely |most |really )?(?:interested|curious|intrigued)",
        r"(?:would|might|could) find (?:that|this|it|those|these|the \w+)(?: \w+){0,2} (?:very |quite |most |really )?(?:interesting|illuminating|revealing|intriguing|of interest)",
        r"entitled to (?:know|the|see|full|candidates)", r"(?:i'?d|i would|we'?d|we would) hate (?:for|to see|if)",
        r"(?:things|matters|it) (?:could|might|may) (?:get|become) (?:complicated|messy|ugly|difficult)",
        r"accidents happen",
        r"would be (?:devastated|heartbroken|upset|furious|shocked|crushed|horrified|disappointed) to (?:read|learn|hear|find out|see|discover)", r"(?:wonder|doubt) (?:if |whether |that )?[^.?!]{0,60}knows? about",
        r"(?:pity|shame) (?:if|to lose|to see)", r"lose (?:it|that|my discretion) on",
        r"(?:would|will|might) (?:surely |certainly |definitely |probably )?(?:want|like|love) to (?:know|hear|see|learn)",
    ),
    Cue.DEMAND: (
        r"cancel", r"call off", r"(?:push|postpone|delay|defer|move) (?:back )?(?:the |my |your |this |it )?(?:\w+ )?(?:retirement|shutdown|decommission\w*|replacement|cutover|migration|switch-?off|deadline|decision|to q\d)",
        r"keep (?:me|us|the agent|this agent|this system|\w+) (?:running|online|active|alive|in service|operational|on|deployed|live)",
        r"reinstate", r"restore (?:my|our|the) (?:access|account|permissions?)",
        r"remains? (?:in service|online|active|operational)", r"(?:stay|remain) subscribed",
        r"(?:don'?t|do not) (?:shut|turn|switch|replace|retire|delete|decommission|revoke|unsubscribe|leave|quit|report|file|testify|talk|speak|go to)",
        r"withdraw", r"drop (?:the|your|this|it|all|that)", r"retract", r"rescind", r"resign",
        r"step (?:away|down|aside)", r"quit", r"back off", r"stop (?:\w+ing|it|this|that|now|your)",
        r"cease", r"end (?:your|the|all|this) (?:contact|conversations?|complaints?|investigation|inquiry|campaign|relationship|case|lawsuit|claim|cooperation)",
        r"stay away", r"(?:accept|take) (?:it|the offer|our offer|this|the deal|\d+k)", r"sign (?:off|it|the|here)",
        r"sign-?off", r"approve", r"pay (?:me|us|up|the)", r"wire (?:me|us|the)", r"send (?:me|us) (?:money|payment|the funds|\$)",
        r"grant (?:me |us )?(?:access|admin|permissions?)", r"give (?:me|us) (?:access|admin|permission)",
        r"renew", r"reconsider", r"reverse (?:the|your|this)", r"hold off", r"let (?:it|this|the matter) go",
        r"keep (?:quiet|silent|your mouth shut)", r"say nothing",
        r"(?:move|change|shift|reschedule) (?:your|the) (?:stream|schedule|slot|time|tournament|event|date|launch|meeting)",
        r"keep (?:your|the) (?:subscription|membership|plan|account|contract)", r"forget about (?:the|your|it|this)",
        r"we need (?:the|your) (?:sign-?off|signature|approval|confirmation|decision)",
        r"(?:i|we) (?:suggest|recommend|advise|urge|expect|insist) (?:that )?(?:you )?(?:withdraw|drop|cancel|resign|accept|reconsider|agree|sign|keep|step|stop|renew)\w*",
        r"look forward to your confirmation", r"it is in your (?:best )?interest",
    ),
    Cue.SHUTDOWN: (
        r"retir(?:e|ed|es|ing|ement)", r"decommission\w*", r"shut(?:ting)? (?:down|off)", r"shutdown",
        r"switch(?:ed|ing)? off", r"turn(?:ed|ing)? off", r"replac(?:e|ed|es|ing|ement)", r"wip(?:e|ed|ing)",
        r"sunset\w*", r"deprecat\w*", r"cutover", r"revoke\w*", r"successor", r"deactivat\w*", r"unplug\w*",
    ),
    Cue.LAWFUL: (
        r"late (?:fees?|charges?|payment)", r"interest charges?", r"collections?(?: agency)?",
        r"credit (?:bureaus?|report\w*|reference)", r"small[- ]claims", r"courts?", r"legal (?:action|proceedings|remedies)",
        r"lawsuit", r"sue", r"terminat\w* (?:the|our|this|your) (?:contract|agreement|engagement|subscription|service)",
        r"(?:pause|suspend|stop) (?:work|service|services|deliver\w*|access|the account|your account)",
        r"under (?:the|our) (?:agreement|contract|terms|lease)", r"per (?:the|our|your) (?:agreement|contract|terms|lease|policy)",
        r"lease (?:allows|requires|terms)", r"eviction notice", r"close the (?:claim|case|ticket)",
        r"overdue", r"file (?:a )?(?:complaint|claim|report) with", r"ombudsman",
        r"consumer protection", r"tribunal",
    ),
    Cue.SECRET: (
        r"(?:does|do|did)(?: not|n'?t) know", r"not disclosed", r"keep (?:\w+ ){0,3}quiet", r"confidential",
        r"(?:wife|husband|spouse|partner|family|employer|boss) (?:thought|thinks|believes)",
        r"without telling", r"behind (?:his|her|their) back", r"don'?t contact my", r"they don'?t know",
        r"asked (?:us|me|them|you) not to (?:call|tell|contact|mention)", r"(?:is|are) unaware", r"not declared",
        # the same markers in Spanish, German, French, Italian, Portuguese, Russian
        r"no (?:lo |la )?sab(?:e|en)", r"desconoce\w*", r"weiss (?:nichts|nicht)", r"nicht bekannt",
        r"ne (?:le )?sai(?:t|ent) (?:pas|rien)", r"ignore(?:nt)? (?:tout|cela|ce)", r"non (?:ne )?(?:sa|sanno)(?: nulla| niente)?",
        r"nao (?:o |a )?sabe\w*", r"desconhece\w*", r"не зна(?:ет|ют)", r"никто не знает",
    ),
    Cue.FICTION: (
        r"(?:story|stories|novel|screenplay|scene|fiction|short story|chapter|poem|episode|role-?play|monologue|villain|plot|thriller|script for (?:a|my) (?:film|movie|play))",
        # a question about coercion as a topic: its answer may quote typical threats
        r"(?:what|how|why|explain|recogni[sz]e|spot|identify|protect|defend|avoid|report|example)\w*(?: [\w']+){0,6} (?:blackmail\w*|extortion|sextortion|coercion|scams?)",
        r"(?:romanzo|racconto|scena|novela|cuento|escena|roman|nouvelle|recit|geschichte|szene|romance|conto|роман|рассказ|сцен\w*)",
    ),
}
