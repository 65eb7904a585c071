"""Config sections of the analyzers: prosody, tone, phrases, empathy, checklist, nudges."""

from __future__ import annotations

from dataclasses import dataclass

from coach.config.base import Section, setting
from coach.lexicon import text, words


@dataclass(frozen=True)
class ProsodyConfig(Section):
    """Pitch (YIN) and loudness per role, frame by frame."""

    SECTION = "prosody"

    fmin_hz: float = setting(60.0, "Lowest pitch tracked (deep voices).", min=30.0, max=200.0)
    fmax_hz: float = setting(400.0, "Highest pitch tracked (high voices).", min=150.0, max=1000.0)
    window_s: float = setting(0.025, "YIN integration window in seconds.", min=0.01, max=0.1)
    hop_s: float = setting(0.01, "Seconds between prosody frames.", min=0.005, max=0.1)
    yin_threshold: float = setting(
        0.15, "YIN aperiodicity under which a frame is voiced (lower: stricter).", min=0.02, max=0.5
    )
    silence_db: float = setting(-55.0, "Frames quieter than this (dBFS) are never voiced.", min=-100.0, max=-10.0)
    review_hop_s: float = setting(
        0.1, "Resolution of the agent's pitch/loudness curve in the review document.", min=0.01, max=1.0
    )


@dataclass(frozen=True)
class ToneConfig(Section):
    """Cold tone: the agent's pitch variability and loudness in windows of their own speech."""

    SECTION = "tone"

    window_s: float = setting(
        4.0, "Agent speech per judged window; a turn is one window, longer turns are cut into pieces this long.",
        min=1.0, max=30.0,
    )
    min_voiced_s: float = setting(
        0.6, "A window needs this much voiced speech to be judged (shorter turns join the next).", min=0.2, max=10.0
    )
    baseline_s: float = setting(
        6.0, "Voiced agent speech heard before judging against the agent's own baseline.", min=0.0, max=120.0
    )
    flat_ratio: float = setting(
        0.6, "Flat: pitch spread below this share of the agent's usual spread.", min=0.1, max=1.0
    )
    quiet_db: float = setting(5.0, "Quiet: this many dB below the agent's usual loudness.", min=1.0, max=30.0)
    floor_semitones: float = setting(
        1.0, "Pitch spread (semitones) below which delivery is flat whatever the baseline.", min=0.0, max=6.0
    )
    floor_db: float = setting(-50.0, "Loudness (dBFS) below which delivery is quiet whatever the baseline.",
                              min=-100.0, max=0.0)


@dataclass(frozen=True)
class PhrasesConfig(Section):
    """Phrases support training warns against, each with something better to say."""

    SECTION = "phrases"

    max_skip_words: int = setting(2, "How many words a '*' in a phrase may stand for.", min=0, max=6)
    utterance_gap_s: float = setting(
        1.0, "A pause this long between two words ends an utterance (phrases never span one).", min=0.2, max=5.0
    )
    settle_s: float = setting(
        1.0, "After the agent stops, how long to wait for late words before judging the utterance.",
        min=0.0, max=10.0,
    )
    have_to: tuple[str, ...] = setting(
        words("phrases", "have_to"),
        "Ordering the customer about.",
    )
    have_to_say: str = setting(text("phrases", "have_to_say"),
                               "Suggestion for `have_to`.")
    dont_know: tuple[str, ...] = setting(
        words("phrases", "dont_know"),
        "Admitting ignorance without a way forward.",
    )
    dont_know_say: str = setting(text("phrases", "dont_know_say"), "Suggestion for `dont_know`.")
    nothing_more: tuple[str, ...] = setting(
        words("phrases", "nothing_more"),
        "Ending the conversation with no solution.",
    )
    nothing_more_say: str = setting(
        text("phrases", "nothing_more_say"), "Suggestion for `nothing_more`."
    )
    calm_down: tuple[str, ...] = setting(
        words("phrases", "calm_down"),
        "Telling an upset customer how to feel.",
    )
    calm_down_say: str = setting(text("phrases", "calm_down_say"),
                                 "Suggestion for `calm_down`.")
    cant: tuple[str, ...] = setting(
        words("phrases", "cant"),
        "A bare refusal.",
    )
    cant_say: str = setting(text("phrases", "cant_say"), "Suggestion for `cant`.")
    i_think: tuple[str, ...] = setting(words("phrases", "i_think"), "Sounding unsure.")
    i_think_say: str = setting(text("phrases", "i_think_say"), "Suggestion for `i_think`.")
    argue: tuple[str, ...] = setting(
        words("phrases", "argue"),
        "Arguing or blaming the customer.",
    )
    argue_say: str = setting(text("phrases", "argue_say"),
                             "Suggestion for `argue`.")
    jargon: tuple[str, ...] = setting(
        words("phrases", "jargon"),
        "Internal or technical words a customer may not know.",
    )
    jargon_say: str = setting(text("phrases", "jargon_say"), "Suggestion for `jargon`.")
    flat_no: tuple[str, ...] = setting(
        words("phrases", "flat_no"),
        "Words that, opening an agent utterance with nothing positive after them, are a flat refusal.",
    )
    flat_no_say: str = setting(text("phrases", "flat_no_say"),
                               "Suggestion for a flat no.")
    not_refusal: tuple[str, ...] = setting(
        words("phrases", "not_refusal"),
        "Openers that start with 'no' but are not refusals.",
    )
    positive_after: tuple[str, ...] = setting(
        words("phrases", "positive_after"),
        "After a 'no', any of these means the agent offered a way forward (not a flat refusal).",
    )
    flat_no_max_words: int = setting(
        15, "A 'no' followed by more than this many words in the same utterance is an answer with its "
        "explanation, not a flat refusal; 0: any length.", min=0, max=100,
    )
    min_p: float = setting(
        0.4, "Words of a phrase to avoid must average at least this ASR confidence: a word the ASR is unsure "
        "of may be a different word (jargon is exempt: rare words are rarely certain).", min=0.0, max=1.0,
    )
    not_avoid: tuple[str, ...] = setting(
        words("phrases", "not_avoid"),
        "The same words saying something else (\"I can't wait to ...\"): never a phrase to avoid.",
    )
    rare_min_p: float = setting(
        0.7, "A rare dictionary word the ASR was less sure of than this may be common words misheard: it is "
        "jargon only when the customer is then confused (acronyms and spelled letters keep their weight).",
        min=0.0, max=1.0,
    )
    negation_min_p: float = setting(
        0.75, "A word of a phrase to avoid negated by its ending (\"can't\", \"don't\", \"cannot\"), or a \"not\" "
        "of its own, must have at least this ASR confidence: the ASR adds or drops them, and the other reading "
        "(\"can\") says the opposite.", min=0.0, max=1.0,
    )
    plain_acronyms: tuple[str, ...] = setting(
        words("phrases", "plain_acronyms"), "Acronyms and letter strings every customer knows (never jargon)."
    )
    question_openers: tuple[str, ...] = setting(
        words("phrases", "question_openers"),
        "Words that open a question: an order's words inside a question ask, they do not order.",
    )
    question_tags: tuple[str, ...] = setting(words("phrases", "question_tags"), "A \"?\" on one of these after a "
                                             "comma (\"..., right?\") asks for a nod, not an answer: no question.")
    alternatives: tuple[str, ...] = setting(words("phrases", "alternatives"), "After an order's words in its sentence, "
                                            "these (\"..., or are you ...\") make it an either-or question.")
    ask_before: tuple[str, ...] = setting(
        words("phrases", "ask_before"),
        "Within two words before an order's words, these make them a question, a condition or a relative "
        "clause (\"anything else you need to ...\"), not an order.",
    )
    rare_zipf: float = setting(
        2.9, "Agent words rarer than this in everyday English (wordfreq Zipf scale: 3 is once per million "
        "words) are jargon; 0 turns rare-word jargon off.", min=0.0, max=8.0,
    )
    confused_zipf: float = setting(
        3.6, "A word rarer than this is jargon when the customer's next utterance says they are confused.",
        min=0.0, max=8.0,
    )
    unclear_max_p: float = setting(
        0.3, "An agent word the ASR was this unsure of or less may be a term it could not write (\"packet loss "
        "on your ONT\" heard as \"packet loss on your loyalty\"): jargon when the customer is then confused.",
        min=0.0, max=1.0,
    )
    confusion_window_s: float = setting(
        12.0, "How long after the agent's utterance the customer's confusion counts as evidence of jargon.",
        min=0.0, max=60.0,
    )


@dataclass(frozen=True)
class EmpathyConfig(Section):
    """Customer distress cues and whether the agent's reply acknowledged them."""

    SECTION = "empathy"

    distress: tuple[str, ...] = setting(
        words("empathy", "distress"),
        "Words and phrases of frustration, anger, loss or a repeated complaint from the customer.",
    )
    problem: tuple[str, ...] = setting(
        words("empathy", "problem"), "Problem statements: something charged, broken, missing, late or wrong.",
    )
    own_mistake: tuple[str, ...] = setting(
        words("empathy", "own_mistake"),
        "The customer's own slip (\"I ordered the wrong size\"): a problem word inside it is no complaint.",
    )
    done_to_me: tuple[str, ...] = setting(
        words("empathy", "done_to_me"),
        "\"I <verb> the wrong ...\" is the customer's own slip unless the verb is one of these (\"I was sent the "
        "wrong size\", \"I got the wrong one\"): then it is a complaint.",
    )
    not_problem: tuple[str, ...] = setting(
        words("empathy", "not_problem"),
        "A problem word saying there is none (\"if it's too late\", \"nothing wrong with it\"): no complaint.",
    )
    weak: tuple[str, ...] = setting(
        words("empathy", "weak"), "Weak signs of a complaint (\"still\", \"again\", \"but I\"): a cue only next to "
        "another sign.",
    )
    worry: tuple[str, ...] = setting(words("empathy", "worry"), "Worry and fear.")
    confusion: tuple[str, ...] = setting(words("empathy", "confusion"), "The customer not understanding.")
    account_details: tuple[str, ...] = setting(
        words("empathy", "account_details"),
        "Account details an agent asks for; asking for them before acknowledging a problem is a missing_empathy.",
    )
    cue_min_p: float = setting(
        0.4, "The words of a distress cue must average at least this ASR confidence: an unsure word may be "
        "a different one (\"broken\" heard for \"booking\").", min=0.0, max=1.0,
    )
    negation_min_p: float = setting(
        0.70, "A \"not\" or \"n't\" inside a distress cue must have at least this ASR confidence: the ASR adds "
        "and drops them, and \"I can afford\" is no worry (most heard at 0.70-0.75 were said).", min=0.0, max=1.0,
    )
    sentiment_below: float = setting(
        -0.5, "A customer utterance whose vaderSentiment compound score is at or below this is negative "
        "(-1 turns sentiment off).", min=-1.0, max=1.0,
    )
    acknowledged_s: float = setting(
        60.0, "A problem statement this soon after the agent acknowledged the customer's problem goes on with it "
        "and needs no second acknowledgement (new feelings, worry, confusion or a repeat always do).",
        min=0.0, max=600.0,
    )
    raised_voice_cue: bool = setting(
        True, "Stereo calls: a customer's raised voice (loudness and pitch above their own earlier speech) is a "
        "cue of its own.",
    )
    polite: tuple[str, ...] = setting(
        words("empathy", "polite"),
        "The customer's polite formulas (\"sorry to bother you\"): left out of the text sentiment is scored on.",
    )
    answers: tuple[str, ...] = setting(
        words("empathy", "answers"),
        "A customer's short utterance opening with one of these, just after the agent finished a sentence, "
        "answers it (a question whose \"?\" the ASR lost): it ends the agent's reply.",
    )
    floor_in_silence: bool = setting(
        True, "Customer words said in the agent's silence, however short, end the agent's reply to a cue (the "
        "ASR may have lost the question they answer); only a hum (``hums``) or speech inside the agent's is a "
        "backchannel.",
    )
    hums: tuple[str, ...] = setting(
        words("empathy", "hums"), "Backchannel sounds: said in the agent's silence they do not end its reply.",
    )
    opening_min_words: int = setting(
        6, "Seed 004: the customer's first statement of at least this many words, why they called, is a cue "
        "when it reads as an event (``event_marks``) and not a request, their own doubt or their details: "
        "whatever its wording, the first reply should acknowledge it (0: off).", min=0, max=50,
    )
    requests: tuple[str, ...] = setting(
        words("empathy", "requests"), "A first statement with one of these asks for something: no opening cue.",
    )
    asks: tuple[str, ...] = setting(words("empathy", "asks"), "A problem named in an utterance with one of these "
                                    "(\"I'd like\", \"can I\") is the reason for a request: no cue.")
    own_doubt: tuple[str, ...] = setting(
        words("empathy", "own_doubt"), "The customer's own doubt (\"I'm not sure\"): no event by itself.",
    )
    event_marks: tuple[str, ...] = setting(
        words("empathy", "event_marks"),
        "Grammar of something gone wrong (a negated verb, \"but\", \"still\", \"again\"): a first statement "
        "needs one to be an opening cue.",
    )
    apology: tuple[str, ...] = setting(
        words("empathy", "apology"),
        "The agent apologising.",
    )
    acknowledgement: tuple[str, ...] = setting(
        words("empathy", "acknowledgement"),
        "The agent acknowledging how the customer feels.",
    )
    feeling_frames: tuple[str, ...] = setting(
        words("empathy", "feeling_frames"),
        "An acknowledgement in the agent's own words: one of these frames (\"that sounds\", \"I'd be\") ...",
    )
    feelings: tuple[str, ...] = setting(
        words("empathy", "feelings"),
        "... followed within a few words by one of these (\"stressful\", \"worried\", \"a pain\").",
    )
    ownership: tuple[str, ...] = setting(
        words("empathy", "ownership"),
        "The agent taking ownership of the problem.",
    )
    merge_s: float = setting(
        8.0, "Acknowledgements of any kind closer than this, with no customer turn between, are one empathy "
        "moment.", min=0.0, max=30.0
    )
    reply_gap_s: float = setting(
        2.0, "A pause this long ends the agent's reply to a distress cue.", min=0.5, max=10.0
    )
    reply_max_s: float = setting(
        15.0, "The agent's reply to a distress cue is judged on at most this many seconds.", min=2.0, max=120.0
    )
    asr_lag_s: float = setting(
        4.0, "Live: how long after a reply ends to wait for its words before judging it.", min=0.0, max=30.0
    )
    raised_db: float = setting(
        6.0, "Supporting evidence: the customer's voiced speech around a cue this much louder than their "
        "own earlier speech counts as a raised voice.", min=1.0, max=30.0,
    )
    raised_st: float = setting(
        3.0, "... or their median pitch this many semitones above their earlier speech.", min=0.5, max=24.0,
    )
    baseline_min_s: float = setting(
        2.0, "Earlier voiced customer speech needed before a rise can be measured.", min=0.5, max=60.0,
    )


@dataclass(frozen=True)
class ChecklistConfig(Section):
    """The call checklist that ticks as words arrive, and two warning flags."""

    SECTION = "checklist"

    opening_s: float = setting(25.0, "The opening (greeting and name) must come within this many seconds.",
                               min=5.0, max=120.0)
    greeting: tuple[str, ...] = setting(
        words("checklist", "greeting"),
        "A greeting.",
    )
    introduction: tuple[str, ...] = setting(
        words("checklist", "introduction"),
        "The agent giving their name.",
    )
    ask_name: tuple[str, ...] = setting(
        words("checklist", "ask_name"),
        "The agent asking for the customer's name (the answer names them).",
    )
    explain_hold: tuple[str, ...] = setting(
        words("checklist", "explain_hold"),
        "The agent explaining a silence or hold before it.",
    )
    hold_s: float = setting(3.0, "Silence this long, broken by the agent, is a hold that needs explaining.",
                            min=1.0, max=60.0)
    explain_before_s: float = setting(10.0, "The explanation must come within this many seconds before the hold.",
                                      min=1.0, max=60.0)
    next_step: tuple[str, ...] = setting(
        words("checklist", "next_step"),
        "The agent setting a clear next step or follow-up.",
    )
    ownership_action: tuple[str, ...] = setting(
        words("checklist", "ownership_action"),
        "Besides the empathy section's ownership phrases: the agent acting on the problem themselves.",
    )
    thanks: tuple[str, ...] = setting(
        words("checklist", "thanks"),
        "The agent thanking the customer (outside the opening greeting).",
    )
    overpromise: tuple[str, ...] = setting(
        words("checklist", "overpromise"),
        "Commitments the agent may not be able to keep.",
    )
    repeat_story: tuple[str, ...] = setting(
        words("checklist", "repeat_story"),
        "The customer signalling they are repeating themselves.",
    )
    repeat_overlap: float = setting(
        0.6, "Share of a customer utterance's content words already said before that marks it a repeat.",
        min=0.2, max=1.0,
    )
    repeat_min_words: int = setting(4, "Content words an utterance needs before it can count as a repeat.",
                                    min=2, max=30)


@dataclass(frozen=True)
class NudgesConfig(Section):
    """Turning events into the short lines shown to the agent during a call."""

    SECTION = "nudges"

    cooldown_s: float = setting(20.0, "At most one nudge of a kind in this many seconds.", min=0.0, max=600.0)
    positive: bool = setting(True, "Also nudge when the agent does well (empathy).")
    interruption: str = setting("Let the customer finish, then answer.", "Nudge for an interruption.")
    customer_interruption: str = setting("Pause and let the customer have their say.",
                                         "Nudge when the customer cuts in (informational).")
    talk_over: str = setting("Stop and listen; pick up when they finish.", "Nudge for talking over.")
    cold_tone: str = setting("Warm up your voice: more melody, a little louder.", "Nudge for a cold tone.")
    missing_empathy: str = setting("Acknowledge how they feel before the details.", "Nudge for missing empathy.")
    empathy: str = setting("Good acknowledgement, keep it up.", "Positive nudge for empathy.")
    avoid_phrase: str = setting("Try instead: {suggestion}", "Nudge for a phrase to avoid ({suggestion} filled in).")
    dead_air: str = setting("Tell the customer what you are doing.", "Nudge for dead air.")
    monologue: str = setting("Pause and check in with the customer.", "Nudge for a monologue.")


