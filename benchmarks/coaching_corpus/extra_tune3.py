"""More phrasings for the TUNE split: 11 (round three) and 12 (round four), written after
the 40-call test split had been scored once (its aggregate only: no test call was read).

Why: with the scripts' own words the tune split was all right, while the test split was not, so
the analyzers' vocabulary fit the tune wording; these calls say the same things in still other
words (refusals, arguing, orders, tentative answers, acknowledgements and ownership), to find the
gaps on calls we may look at.
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

EXTRA_TUNE3: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Good afternoon, Tidewater Rail, Femi speaking."),
         C("Hi. I booked a seat for my mum and when she got on, someone else had the same seat.", "M"),
         A("Was the ticket bought online?"),
         C("Yes, last week."),
         A("That was never our mistake, the app shows the right seat.", "argue"),
         C("Well, it didn't on the day."),
         A("I hear you, and I'm sorry your mum had to stand.", "E")),
    ],
    "worry": [
        (A("Hello, Moorland Building Society, Alan speaking."),
         C("Hi. I've had an email asking me to confirm my bank details, and I'm panicking that I clicked it.",
           "M"),
         A("Which email address did it come to?"),
         C("My work one."),
         A("Okay, I'm going to lock your online banking for now, so no one can get in.", "E"),
         C("Will my wages still come in?"),
         A("Probably, yes.", "i_think")),
    ],
    "jargon": [
        (A("Hi, Kiln Software, Rosa speaking."),
         C("Hi, the program won't open since the update."),
         A("Oh no, sorry about that.", "E"),
         A("You need to clear the registry cache and re-run the MSI installer as admin.", "have_to", "jargon"),
         C("I'm not sure I follow you.", "M"),
         A("Is the computer a work laptop or your own?")),
    ],
    "details_first": [
        (A("Hello, Marsh Gas, Tony speaking."),
         C("Hi, I can smell gas near my meter and I'm on my own with the baby.", "M"),
         A("What's the full address, please?"),
         C("Nine Brook Street."),
         A("Right, please leave the house now, and I'm sending an engineer straight away.", "E")),
    ],
    "empathy_words": [
        (A("Hello, Kite Removals, Jade speaking."),
         C("The van broke down halfway and all our furniture is on the motorway."),
         A("That's an awful situation to be in, and I'm truly sorry.", "E"),
         C("What do we do?"),
         A("I'll send a second van to you within the hour and stay on the phone with you.", "E")),
    ],
    "questions": [
        (A("Good morning, Brook Libraries, Vic speaking."),
         C("Hi, I'd like to renew my books."),
         A("Sure. Do you need to keep them for another three weeks?"),
         C("Yes please."),
         A("Have you got to return any today?"),
         C("No."),
         A("You've got to bring them back by the fourth, or it's a fine.", "have_to")),
    ],
    "customer_words": [
        (A("Hello, Ridge Pizza, Kai speaking."),
         C("Hi, sorry, can I change my order? I don't know if it's too late."),
         A("Not at all, it's not in the oven yet."),
         C("Oh, no, great, can I swap the ham for mushrooms?"),
         A("Done."),
         C("Sorry, one more, no olives please.")),
    ],
    "long_warm": [
        (A("Hello, Thorn Bank, Nell speaking."),
         C("Hi, how does the new savings account work?"),
         A("I'd love to explain. You can put in up to two hundred pounds a month, and every month you "
           "don't take anything out, you get a bonus on top of the interest. You can still take money out "
           "whenever you need it, you just miss that month's bonus. There's no fee to open it."),
         C("That sounds good."),
         A("It's really popular. Shall I open one for you?")),
    ],
    "cold": [
        (A("Good morning, Lark Theatre, Bea speaking, lovely to hear from you!"),
         C("Hi, I'd like two tickets for Saturday's show."),
         A("Wonderful, let me see what we have left."),
         C("Somewhere near the front?"),
         A("Row K. Eighty pounds.", "cold"),
         C("Oh, is there anything cheaper?"),
         A("No. That's it.", "flat_no", "cold")),
    ],
    "numbers": [
        (A("Hi, Fern Energy, Max speaking."),
         C("Hi, my account number is five, five, nine, oh, two, one, eight, four, three.", num="559021843"),
         A("Thanks. Your direct debit will be taken on the first."),
         C("Can I move it to the fifteenth?"),
         A("We don't do that, I'm afraid.", "cant")),
    ],
}


# ------------------------------------------------------------------ round four (phrasing 12), same rules
EXTRA_TUNE3_MORE: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Hello, Saltmarsh Hotels, Greta speaking."),
         C("Hi. We checked out on Sunday and I've just noticed you charged us for the minibar, which we never "
           "touched.", "M"),
         A("Can I have the booking reference?"),
         C("It's on the email somewhere."),
         A("I'm sorry for the hassle, I'll take that charge off today.", "E")),
    ],
    "worry": [
        (A("Good evening, Hollow Care Homes, Irene speaking."),
         C("Hi, I haven't been able to reach my dad all day and I'm really uneasy.", "M"),
         A("What's the resident's name?"),
         C("Arthur Bell."),
         A("Let me put you through to his floor, and I'll stay on until someone answers.", "E")),
    ],
    "jargon": [
        (A("Hello, Quarry Mortgages, Dev speaking."),
         C("Hi, what happens when my fixed rate ends?"),
         A("You'll revert to our SVR unless you port or remortgage before the ERC period ends.", "jargon"),
         C("Sorry, can you say that in normal words?", "M"),
         A("Which month does your deal end?")),
    ],
    "details_first": [
        (A("Hi, Lantern Bank, Ola speaking."),
         C("Hi, my card got swallowed by a cash machine and I'm abroad.", "M"),
         A("Can you confirm your sort code?"),
         C("Sorry, I don't remember it."),
         A("That's okay, I'm sorry you're stuck. I'll send an emergency card to your hotel.", "E")),
    ],
    "empathy_words": [
        (A("Hello, Willowbrook Council, Pat speaking."),
         C("The bin men have skipped our street three weeks running and it's starting to smell."),
         A("Three weeks, that's really not good enough, I'm sorry.", "E"),
         C("Thank you."),
         A("I've booked a special collection for tomorrow morning.")),
    ],
    "questions": [
        (A("Hello, Orbit Vets, Lou speaking."),
         C("Hi, I'd like to bring my rabbit in."),
         A("Of course. Do you have to come in the morning, or is the afternoon fine?"),
         C("Afternoon's fine."),
         A("Is there anything you need to tell us about her first?"),
         C("No, she's just due her jabs.")),
    ],
    "customer_words": [
        (A("Hi, Cobble Shoes, Rae speaking."),
         C("Hi, no, sorry, I'm just checking my order went through."),
         A("Let me look. Yes, it's been sent."),
         C("Sorry, I don't know the tracking number."),
         A("No worries, I'll text it to you.")),
    ],
    "long_warm": [
        (A("Good morning, Meadow Water, Hal speaking."),
         C("Hi, what's this new charge for surface water?"),
         A("Happy to explain. When it rains, water runs off your roof and drive into the drains, and we "
           "treat it along with everything else. That's the surface water charge. If your roof drains into "
           "a soakaway in your garden instead, you can ask us to take it off, and we'll check it for you."),
         C("Oh, I think ours does."),
         A("Lovely, I can send you the form today.")),
    ],
    "cold": [
        (A("Hi there, Quill Books, Dora speaking, how can I help you today?"),
         C("Hi, has my order shipped yet?"),
         A("Let me check that for you, one moment."),
         C("Thanks."),
         A("It has.", "cold"),
         C("When will it arrive?"),
         A("Thursday.", "cold")),
    ],
    "numbers": [
        (A("Hello, Ash Telecom, Gil speaking."),
         C("Hi, the card is five one oh five, one oh five one, oh five one oh, five one oh oh.",
           num="5105105105105100"),
         A("Thanks, it's gone through."),
         C("Can you also waive the late fee?"),
         A("No, there's nothing I can do about that.", "flat_no", "nothing_more")),
    ],
}
