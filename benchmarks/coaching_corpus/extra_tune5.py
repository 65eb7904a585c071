"""Phrasings 15 and 16, for the TUNE split only, written in round six from the support-training seeds
(../shared/seeds) before they were rendered and before any rule of that round changed on them.

Why: the tune split's remaining misses were mostly whisper mishearing espeak voices through codecs, so
more calls in new wording give more evidence of how the ASR writes the same words. Written by an
engineer who has never read a test call. They cover, in other companies' words: bills that should
not exist and cancelled memberships still charged, fraud worry and a relative in hospital abroad,
jargon as band names and mortgage acronyms, problems answered with a registration or an address
first, a bereavement, questions with "need to"/"have to" beside real orders, the customer's own
"sorry", "I don't know", "I'm not sure" and "no", warm step-by-step explanations, a cold agent,
and policy, phone and card numbers read out.
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

EXTRA_TUNE5: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Good morning, Larchfield Water, Priti speaking."),
         C("Hi. I've had a letter saying I owe a hundred and twenty pounds, but I pay by direct debit every "
           "month.", "M"),
         A("Can you give me your postcode?"),
         C("It's L S six, one A B."),
         A("Thanks. That's not our fault, your bank cancelled the direct debit in March.", "argue"),
         C("Well, nobody told me that.", "M"),
         A("The letter explains it."),
         C("So what happens now?"),
         A("I'm sorry for the worry the letter caused. I'll set the direct debit up again and spread the "
           "balance over three months.", "E")),
        (A("Hello, Brightside Gyms, Callum speaking."),
         C("Hi, I cancelled my membership in January and another payment has come out this week.", "M"),
         A("What's your membership number?"),
         C("I don't have it, it was on the card and I cut it up."),
         A("No worries, I can find you by your email instead."),
         C("It's jo dot baker at mail dot com."),
         A("Found you. The cancellation didn't go through, and that's our mistake. I'm sorry about that, "
           "I'll refund the payment today.", "E")),
    ],
    "worry": [
        (A("Hello, Meadowbank Bank, Ravi speaking."),
         C("Hi. Someone rang me saying they were from your fraud team and I gave them a code from a text. "
           "Now I'm frightened I've done something stupid."),
         A("I can hear how worried you are, and you did the right thing calling us. I'm freezing your "
           "account right now so nothing else can leave it.", "E"),
         C("Will I lose my savings?"),
         A("Your savings are protected while we look into it, and I'll call you back by five with an "
           "update.", "E")),
        (A("Good afternoon, Sandpiper Travel Insurance, Jen speaking."),
         C("Hi, my husband's been taken to hospital in Spain and they want a guarantee of payment. I don't "
           "know what to do.", "M"),
         A("What's the policy number?"),
         C("Hold on, it's on the paperwork. Okay, I've got it in front of me."),
         A("You'll have to get the hospital to email us his medical report.", "have_to"),
         C("I'm on my own here and I can barely think straight."),
         A("I know, it's a lot to deal with. I'll ring the hospital myself and sort the guarantee, so you can "
           "stay with him.", "E")),
    ],
    "jargon": [
        (A("Hello, Beacon Broadband, Otis speaking."),
         C("Hi, my wifi is really slow in the evenings."),
         A("Okay. Your router's on the two point four band with heavy channel congestion, so I'd move the "
           "SSID to five gigahertz and disable band steering.", "jargon"),
         C("I'm sorry, I don't know what any of that is.", "M"),
         A("Which room is the router in?")),
        (A("Morning, Keystone Mortgages, Hattie speaking."),
         C("Hi, I've had a letter about my mortgage and I'm not sure what it means."),
         A("Let's have a look. Your LTV has dropped, so you qualify for a lower tier in your ERC free "
           "window.", "jargon"),
         C("Sorry, can you explain that in plain English?", "M"),
         A("Have you got the letter in front of you?"),
         C("Yes."),
         A("Sorry, that was a lot of jargon. Your home is now worth more compared to the loan, so your rate "
           "can go down.", "E")),
    ],
    "details_first": [
        (A("Thank you for calling Ironbridge Motors, Sam speaking."),
         C("Hi, I picked my car up from its service yesterday and now there's a warning light on and it's "
           "making a grinding noise.", "M"),
         A("What's the registration?"),
         C("It's B D seven one, X K R."),
         A("And the name the booking was under?"),
         C("Patel."),
         A("Thanks, Mr Patel. That's not how your car should come back, I'm sorry. I'll have a driver "
           "collect it this afternoon.", "E")),
        (A("Hello, Quayside Council, Fiona speaking."),
         C("Hi, our bins haven't been collected for three weeks now and the whole street stinks.", "M"),
         A("Can I take the first line of your address?"),
         C("Twelve Harbour Row."),
         A("I'm sorry, three weeks is far too long. I'll log it as urgent and the crew will come tomorrow "
           "morning.", "E")),
    ],
    "empathy_words": [
        (A("Hello, Juniper Energy, Kofi speaking."),
         C("Hi, my mum passed away last month and I need to close her account."),
         A("I'm so sorry for your loss. Please take your time, there's no rush at all.", "E"),
         C("Thank you. I've got her last bill here."),
         A("That's fine. I'll close the account from the date she passed and send you a final statement, so "
           "you don't need to chase anything.", "E")),
        (A("Good evening, Hillcrest Removals, Dom speaking."),
         C("Hi, the van was meant to come at eight and it's now eleven. We've got to be out of the house by "
           "two."),
         A("Oh gosh, you must be watching the clock. That would make anyone anxious.", "E"),
         C("It's just one thing after another today."),
         A("I've got you. I'm calling the driver now and I'll stay on the line until I know where he is.",
           "E")),
    ],
    "questions": [
        (A("Hello, Kestrel Vets, Amy speaking."),
         C("Hi, I need to book my cat in for her jabs."),
         A("Of course. Does she need to see the same vet as last time?"),
         C("Not really."),
         A("And will you need to drop her off, or are you waiting with her?"),
         C("I'll wait."),
         A("Lovely. You'll have to bring her vaccination card with you.", "have_to")),
        (A("Hi, Redwood Library, Tom speaking."),
         C("Hi, I've got a book due back and I'm abroad until next week."),
         A("No problem. Do you have to keep it longer, or shall I extend it?"),
         C("Extend it please."),
         A("Done. Is there anything else you need to renew while I'm here?"),
         C("No, that's all."),
         A("You must return it by the twentieth, or the fine starts again.", "have_to")),
    ],
    "customer_words": [
        (A("Hello, Thistle Opticians, Lara speaking."),
         C("Hi, sorry, I've forgotten when my appointment is. I don't know if it was Tuesday or Wednesday."),
         A("Happy to check for you. What's your surname?"),
         C("Sorry, it's Nguyen."),
         A("Thanks. It's Wednesday at two."),
         C("No, that's fine, thank you.")),
        (A("Good afternoon, Harlow Carpets, Mick speaking."),
         C("Hi, no, I'm not ringing about an order, sorry. I just want to know if you fit on Saturdays."),
         A("We do, yes. Whereabouts are you?"),
         C("I'm not sure of the postcode, we've just moved. It's near the station."),
         A("That's no bother, we cover the whole town."),
         C("Oh, I didn't know that. Brilliant.")),
    ],
    "long_warm": [
        (A("Hello, Fernhill Energy, Grace speaking."),
         C("Hi, I've got a smart meter now. How do I read it?"),
         A("Great question. The screen on the front cycles through a few pages. Press the button marked A and "
           "you'll see a number with kilowatt hours next to it, and that's your reading. If the screen is "
           "blank, press any button to wake it up. You don't need to send it to us, because the meter sends "
           "its readings by itself every half hour."),
         C("Oh, that's handy."),
         A("It is. Any trouble with it, just give us a call.")),
        (A("Hi, Sorrel Bank, Nate speaking."),
         C("Hi, how do I set up a standing order?"),
         A("Sure, it only takes a minute. Open the app and tap payments, then new standing order. Put in the "
           "name and account details of who you're paying, the amount, and the day of the month you want it "
           "to go. Check the start date, then confirm with your fingerprint. You'll get a message straight "
           "away to say it's set up."),
         C("Perfect, thanks."),
         A("You're welcome. Have a lovely afternoon.")),
    ],
    "cold": [
        (A("Good morning, Primrose Florists, Ellie speaking, how can I help today?"),
         C("Hi, I ordered flowers for my mum's birthday and they haven't turned up.", "M"),
         A("Order number.", "cold"),
         C("It's the one for Margaret Hughes."),
         A("Delivery is tomorrow.", "cold"),
         C("But her birthday is today.", "M"),
         A("Nothing I can do.", "nothing_more", "cold")),
        (A("Hello, Westgate Leisure Centre, this is Ola, lovely to hear from you."),
         C("Hi, I wanted to ask about swimming lessons for my son."),
         A("He'd go in the Tuesday group.", "cold"),
         C("What time is that?"),
         A("Half four.", "cold"),
         C("Is there anything at the weekend?"),
         A("No. Full.", "flat_no", "cold")),
    ],
    "numbers": [
        (A("Hello, Rowan Insurance, Bea speaking."),
         C("Hi, I want to renew. My policy number is four four eight two, one nine three seven.",
           num="44821937"),
         A("Thank you. And a contact number?"),
         C("Zero seven nine eight three, double six one, four two oh.", num="07983661420"),
         A("Thanks. I'm afraid I can't renew it at last year's price.", "cant")),
        (A("Good morning, Linden Telecom, Marcus speaking."),
         C("Morning. I'd like to pay off my balance by card. It's five four one two, seven five three three, "
           "oh oh nine one, two eight four six.", num="5412753300912846"),
         A("Thank you, and the three digits on the back?"),
         C("Four one nine."),
         A("That's gone through. There's nothing else I can do about the late charge, though.", "nothing_more")),
    ],
}
