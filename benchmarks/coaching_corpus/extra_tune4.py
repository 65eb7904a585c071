"""Phrasings 13 and 14, for the TUNE split only, written in round five by an engineer who has never
read a test call (only the test split's aggregate table), before any rule of that round changed.

Why: with the scripts' own words test scored 0.89-0.96 against 0.96-1.00 on tune, so part of the
test gap is wording the tune calls lack. These calls are written from the support-training seeds
and ordinary call-centre language: phrases to avoid in many real forms (orders, refusals, blame,
"out of my hands", "I reckon", jargon as acronyms and trade words), acknowledgements in words no
list holds yet ("what a rotten end", "thanks for sticking with me"), problems stated indirectly and
answered with account details first, worry, confusion, and traps (the customer's own "I'm not
sure", "no way", "I think"; the agent's "no problem", "could I get", "it should have").
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

EXTRA_TUNE4: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Thank you for calling Pinecrest Broadband, this is Sanjay."),
         C("Hi. My bill came through this morning and it's forty pounds more than what I signed up for. "
           "I wasn't expecting that.", "M"),
         A("Okay. Could I get the account holder's surname?"),
         C("It's Okafor."),
         A("Thanks. The discount ended in May, you should have had a letter about it.", "argue"),
         C("Well, I never got one."),
         A("I'm sorry nobody told you, that's not how it should be. I'll put the discount back on today.", "E")),
        (A("Hello, Copperfield Furniture, Nadia speaking."),
         C("Hi. The sofa came yesterday and one of the legs has snapped off.", "M"),
         A("You'll need to email us photos of the damage first.", "have_to"),
         C("We waited eight weeks for it. Honestly, it's ridiculous.", "M"),
         A("Okay, there's no need to raise your voice.", "calm_down"),
         C("I'm not raising my voice, I'm just fed up."),
         A("I understand, eight weeks is a long wait and it should have arrived perfect. I'll arrange a new "
           "leg this week.", "E")),
    ],
    "worry": [
        (A("Good morning, Heron Savings, Beth speaking."),
         C("Hi. I got a text saying my account was locked, I clicked the link, and now I'm scared I've given "
           "my details to a stranger.", "M"),
         A("You must have clicked on a fake link. What's your date of birth?", "argue"),
         C("Twelfth of June, nineteen sixty."),
         A("Thank you. I'm going to block the card now and send you a new one.", "E"),
         C("Will I get back the money that went out?"),
         A("I'm not sure, that's up to the fraud team.", "dont_know")),
        (A("Hello, Birchwood Surgery, Carl speaking."),
         C("Hello, my son's had a high temperature since last night and I'm not sure if I should bring him in. "
           "I'm really on edge."),
         A("Of course you're on edge, it's horrible when they're poorly. Let's get him seen this morning.", "E"),
         C("Thank you so much."),
         A("I can fit him in at ten past eleven.")),
    ],
    "jargon": [
        (A("Hi, Summit Internet, Leo speaking."),
         C("Hi, my internet keeps dropping every evening."),
         A("Sorry to hear that, evenings are when you need it most.", "E"),
         A("It looks like packet loss on your ONT, so I'll push a firmware reprovision from the OLT.", "jargon"),
         C("I've no idea what any of that means.", "M"),
         A("Can you read me the serial number on the bottom of the box?")),
        (A("Good afternoon, Ledger Accountancy, Imogen speaking."),
         C("Hi, I've had a letter from the tax office and I can't work out what it's asking for."),
         A("Those letters can be baffling, let's go through it together.", "E"),
         C("It says something about my self assessment."),
         A("Right, it's a POA reconciliation, because your SA three oh two shows an underpayment on the "
           "accruals basis.", "jargon"),
         C("Sorry, you've completely lost me there.", "M"),
         A("You must send the form back within thirty days.", "have_to")),
    ],
    "details_first": [
        (A("Hello, Granite Insurance, Theo speaking."),
         C("Hi, someone reversed into my car in the supermarket car park and just drove off. I'm quite shaken "
           "up.", "M"),
         A("Can I take your policy number?"),
         C("I think it's on the app, one second."),
         A("No problem. I can only imagine how shaken you must be. I'll open the claim for you now.", "E")),
        (A("Thanks for calling Oakleaf Energy, Mia speaking."),
         C("Hi, my meter says I've got no credit even though I topped up an hour ago, and now the heating's "
           "gone off.", "M"),
         A("Right, what's the postcode of the property?"),
         C("It's L four, two B X."),
         A("And the serial number on the front of the meter?"),
         C("Hang on. Okay, it's on the sticker."),
         A("Thanks for sticking with me. I'm sending emergency credit to your meter now, so the heating will "
           "come back on.", "E"),
         C("How long will that take?"),
         A("About ten minutes, I reckon.", "i_think")),
    ],
    "empathy_words": [
        (A("Hello, Fairway Airlines, Ruth speaking."),
         C("Our flight got cancelled and we're stuck at the airport with two small kids."),
         A("Oh, what a rotten end to your holiday. I'd be at my wits' end too.", "E"),
         C("We just want to get home."),
         A("I'll put you on the first flight in the morning and book you a hotel for tonight.", "E")),
        (A("Good evening, Clover Pet Insurance, Owen speaking."),
         C("Hi, our dog had to have an operation and I need to claim. It's been a tough week."),
         A("I'm so sorry, that sounds like a really hard week for all of you. How is he doing now?", "E"),
         C("He's recovering, thanks."),
         A("That's a relief. I'll start the claim now and make sure it's paid quickly.", "E")),
    ],
    "questions": [
        (A("Hello, Pebble Dental, Zara speaking."),
         C("Hi, I'd like to book a check up."),
         A("Lovely. Do you need to come before work, or is any time okay?"),
         C("Before work if possible."),
         A("Would you have to bring the children as well, or is it just you?"),
         C("Just me."),
         A("Great. You'll need to arrive ten minutes early to fill in a form.", "have_to")),
        (A("Hi, Harbour Gym, Tess speaking."),
         C("Hi, I want to freeze my membership for a couple of months."),
         A("Sure. Is there a reason you need to pause it, like an injury?"),
         C("Yes, I've hurt my knee."),
         A("Oh no, I'm sorry to hear that.", "E"),
         C("Thanks."),
         A("Does it have to start today, or from next month?"),
         C("Today please."),
         A("Done, it's frozen from today.")),
    ],
    "customer_words": [
        (A("Hello, Windmill Books, Jo speaking."),
         C("Hi, sorry to bother you. I don't know if you can help, but I'm after a book for my niece."),
         A("Happy to help. How old is she?"),
         C("Um, I'm sorry, I don't know exactly. Nine or ten?"),
         A("Lovely age. The new Emma Fox adventure is very popular."),
         C("No, she's got that one, sorry."),
         A("Then the Owl Island series would be perfect.")),
        (A("Good morning, Tulip Taxis, Ben speaking."),
         C("Hi, no, it's not a booking, sorry. I think I left my umbrella in one of your cars."),
         A("Not a problem. Do you know roughly what time it was?"),
         C("I don't know, maybe around six."),
         A("Great, that narrows it down. The driver has it, and he can drop it back tomorrow."),
         C("Oh, no way, that's brilliant. Thank you.")),
    ],
    "long_warm": [
        (A("Hello, Cedar Pensions, Ivy speaking."),
         C("Hi, I'm retiring next year and I'm not sure how to take my pension."),
         A("Congratulations, that's exciting. There are a few ways. You can take up to a quarter of it as a "
           "lump sum without paying tax on it. The rest can stay invested and you draw from it when you like, "
           "or you can swap it for a fixed income for life. Lots of people mix the two, and there's no rush "
           "to decide today."),
         C("That helps, thank you."),
         A("You're welcome. I'll post you a booklet that sets it all out.")),
        (A("Hi, Poppy Phones, Dan speaking."),
         C("Hi, how do I move my photos to my new phone?"),
         A("Good question, and it's easier than it sounds. Turn the new phone on and keep it next to your old "
           "one. It will ask if you want to copy everything across, so say yes, and keep both phones plugged "
           "in. It can take about an hour if you've got lots of photos, and you can carry on using the old "
           "phone while it works."),
         C("Oh, that's simple."),
         A("It really is. Give us a ring if it gets stuck at all.")),
    ],
    "cold": [
        (A("Hello and welcome to Maple Cinemas, you're speaking to Rhys, how can I help?"),
         C("Hi, I left my scarf in screen two last night."),
         A("Oh, let me have a look in the lost property for you."),
         C("It's a big blue one."),
         A("Not here.", "cold"),
         C("Are you sure? It's quite bright."),
         A("I've looked. It isn't there.", "cold")),
        (A("Good afternoon, Sunny Side Travel, this is Gemma, what can I do for you today?"),
         C("Hi, I'd like to add a suitcase to my flight."),
         A("Of course, I'd be glad to. Which flight is it?"),
         C("Friday, to Malaga."),
         A("Thirty five pounds.", "cold"),
         C("Okay. Can I pick a seat as well?"),
         A("No.", "flat_no", "cold")),
    ],
    "numbers": [
        (A("Hello, Brook Water, Amir speaking."),
         C("Hi, I want to pay my bill. The card number is four nine two nine, one two three four, five six "
           "seven eight, nine oh one two.", num="4929123456789012"),
         A("Thank you, and the expiry date?"),
         C("Oh nine, twenty seven. Can I split it into two payments?"),
         A("That's out of my hands, I'm afraid.", "nothing_more")),
        (A("Good morning, Holly Telecom, Sara speaking."),
         C("Hi, my account number is double seven, three one, eight eight four, two zero six.",
           num="7731884206"),
         A("Thanks. And the mobile number on the account?"),
         C("Oh seven seven double oh, nine one two, three four five.", num="07700912345"),
         A("Lovely, you're all verified. Unfortunately we can't change the tariff until your contract ends.",
           "cant")),
    ],
}
