"""One more phrasing per scenario for the TUNE split (phrasing 11), written in round three, after
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
