"""Phrasings 17 and 18, for the TUNE split only, written in round seven from the support-training seeds
(../shared/seeds) before they were rendered and before any rule of that round changed on them.

Why: the test split's ASR words come mostly from a voice and line the tune split had little of (the
agent voice en-029+f1 on 10 of 130 tune calls), so rules were chosen on words heard through other
voices. These 20 calls are all rendered with that agent voice, at 8 kHz through mu-law or GSM
(``RENDER_*``), so the rules meet how whisper writes that voice on a telephone line. Written by an
engineer who has never read a test call. They cover, in other companies' words: roaming charges
that should not exist, a switched supplier still taking money, a double dose of tablets, a leak
through the ceiling, satellite and pension jargon, problems answered with a tracking number or a
date of birth first, a cancelled flight and a carer who did not come, questions with "need to" /
"have to" beside real orders, the customer's own "sorry", "I don't know", "I'm not sure" and "no",
warm step-by-step explanations, two cold agents, and account, card and phone numbers read out (one
card by a real human voice).
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

# How round seven's calls are rendered (``generate.render``): the agent voice and lines tune lacked.
RENDER_PHRASINGS = (17, 18)
RENDER_AGENT = "en-029+f1"
RENDER_RATE = 8000
RENDER_LINES = ("ulaw", "gsm")

EXTRA_TUNE6: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Good afternoon, Kingfisher Mobile, Leah speaking."),
         C("Hi. I've just looked at my bill and I've been charged for roaming, but I haven't left the country "
           "all year.", "M"),
         A("Can I have the number on the account?"),
         C("It's the mobile I'm calling from."),
         A("Right. I can see three days of roaming in August."),
         C("That can't be right, I was at home the whole time. This is the second time it's happened.", "M"),
         A("Let me check the mast records."),
         C("Okay."),
         A("I'm sorry, you're right, our network logged it wrongly near the coast. I'll take the charges off "
           "and add a credit for the hassle.", "E")),
        (A("Hello, Saltmarsh Energy, Amir speaking."),
         C("Hi. I got a final bill from you, but I've been with another supplier since June and you're still "
           "taking money.", "M"),
         A("What's the address of the property?"),
         C("Nine Cooper Street."),
         A("Okay, I'll need the meter reading from the day you switched."),
         C("I sent that in June, you already have it. I'm getting really fed up with this.", "M"),
         A("Calm down, I'm just checking.", "calm_down"),
         C("Please just stop the payments."),
         A("Fair enough, I'm sorry it's dragged on this long. I've stopped the direct debit and I'll refund "
           "July and August today.", "E")),
    ],
    "worry": [
        (A("Hello, Ashdown Pharmacy, Maya speaking."),
         C("Hi, I think I took my evening tablets twice by mistake and I'm really scared it will hurt me."),
         A("Oh, that must be frightening. You did the right thing ringing. Which tablets are they?", "E"),
         C("The blood pressure ones, the white ones."),
         A("One extra dose of those is very unlikely to harm you, and I'll stay on the line while you check "
           "the box.", "E")),
        (A("Good evening, Harbour Home Insurance, Dev speaking."),
         C("Hi. There's water coming through my kitchen ceiling and I don't know who to call first. I'm "
           "panicking a bit.", "M"),
         A("Have you got your policy number handy?"),
         C("Not to hand, sorry."),
         A("You'll have to turn off the water at the stopcock.", "have_to"),
         C("Where is that?"),
         A("It's usually under the kitchen sink. I'm sending an emergency plumber to you now, so you're not on "
           "your own with this.", "E")),
    ],
    "jargon": [
        (A("Hello, Clearview Satellite, Rosa speaking."),
         C("Hi, my TV says no signal on every channel.", "M"),
         A("Right, that's usually an LNB fault or a misaligned dish, so it'll need a skew adjustment.", "jargon"),
         C("Sorry, what's an LNB? I don't follow.", "M"),
         A("Is the dish on the front or the back of the house?")),
        (A("Good morning, Northgate Pensions, Carys speaking."),
         C("Hi, I'm thinking of taking some of my pension early and I don't really know where to start."),
         A("Sure. You can take twenty five percent as an UFPLS, or go into drawdown and crystallise in "
           "tranches.", "jargon"),
         C("I'm lost already, what does crystallise mean?"),
         A("Sorry, I slipped into jargon there. Crystallise just means turning part of your pension into money "
           "you can use. I'll send you a plain guide as well.", "E")),
    ],
    "details_first": [
        (A("Hi, Greenway Couriers, Joe speaking."),
         C("Hi, my parcel says delivered but it's not here, and it was my daughter's birthday present.", "M"),
         A("Can I take the tracking number?"),
         C("It's G W four four nine, two one."),
         A("And your postcode?"),
         C("M two, four L Q."),
         A("Thanks. The photo shows it at a different door. I'm sorry, that's our driver's mistake, and I'll "
           "get it collected and brought to you today.", "E")),
        (A("Hello, Brookside Dental, Anita speaking."),
         C("Hi, I had a filling on Monday and it's fallen out, and now the tooth really hurts.", "M"),
         A("Can I have your date of birth?"),
         C("Third of March, nineteen eighty-eight."),
         A("Thank you. Which dentist did you see?"),
         C("Doctor Shah."),
         A("Oh no, that must be painful, I'm sorry. I'll book you in with Doctor Shah at nine tomorrow, first "
           "appointment.", "E")),
    ],
    "empathy_words": [
        (A("Good afternoon, Swallow Airlines, Ben speaking."),
         C("Hi, our flight was cancelled this morning and we've got two small kids with us at the airport."),
         A("That sounds exhausting, with little ones too. Let's get you on the next flight out.", "E"),
         C("Is there one today?"),
         A("There's one at six. I'll book all four seats and add meal vouchers for the wait.", "E")),
        (A("Hello, Elmtree Care Agency, Rachel speaking."),
         C("Hi, my dad's carer didn't turn up this morning and he couldn't get out of bed."),
         A("That's really upsetting, and I can hear it's been a hard morning for you both.", "E"),
         C("It has. I had to leave work."),
         A("Thank you for being so patient with us. I'll send our senior carer round within the hour and call "
           "you when she's there.", "E")),
    ],
    "questions": [
        (A("Hello, Poppy Nursery, Sue speaking."),
         C("Hi, I'd like to register my daughter for September."),
         A("Lovely. Do you need to have her in on Fridays as well?"),
         C("Yes, all five days."),
         A("And would you have to drop her off before eight?"),
         C("Sometimes, yes."),
         A("That's fine. You'll need to send us a copy of her birth certificate.", "have_to")),
        (A("Good morning, Crestline Car Hire, Pete speaking."),
         C("Hi, I'm picking up a car on Saturday, what do I need to bring?"),
         A("Just your licence and a card. Will anyone else need to drive it?"),
         C("My wife might."),
         A("You have to add her before pickup.", "have_to"),
         C("Okay, can I do that now?"),
         A("Yes, I'll add her now. Is there anything else you have to change on the booking?")),
    ],
    "customer_words": [
        (A("Hello, Lantern Books, Ivy speaking."),
         C("Hi, sorry to bother you. I ordered a book last week, but I don't know if I put the right address "
           "in."),
         A("Let me look. What's the title?"),
         C("I don't know exactly, something about gardens. Sorry, I'm hopeless."),
         A("Not at all. I've found it, it's going to fourteen Mill Lane."),
         C("No, that's right. Great, thanks.")),
        (A("Good afternoon, Willow Leisure, Kai speaking."),
         C("Hi. No, sorry, I don't have a booking. I just wondered if the pool's open on bank holidays."),
         A("It is, from nine till four."),
         C("I'm not sure I can make nine. Can I come later?"),
         A("Of course, come whenever suits you."),
         C("No worries, thank you.")),
    ],
    "long_warm": [
        (A("Hello, Hollybank Water, Ade speaking."),
         C("Hi, I've just moved in and I want to set up an account."),
         A("Welcome to the area. I can do that now. I'll take your name and the date you moved in, then the "
           "meter reading if you have it. Your first bill will come in about three months, and you can choose "
           "to pay monthly by direct debit or when the bill arrives. If you ever have a leak, there's a free "
           "number on the back of every bill that's open day and night."),
         C("That's really helpful, thank you."),
         A("My pleasure. Let's start with your name.")),
        (A("Hi, Marigold Broadband, Femi speaking."),
         C("Hi, how do I change my wifi password?"),
         A("Happy to walk you through it. Type the address on the sticker under your router into your browser, "
           "and log in with the admin password printed just below it. Then go to wireless settings, choose a "
           "new password of at least eight characters, and press save. Your devices will drop off for a "
           "moment, so reconnect them with the new password."),
         C("Brilliant, I'll try that tonight."),
         A("Lovely. If anything goes wrong, just ring us back.")),
    ],
    "cold": [
        (A("Hello, Bluebell Takeaway, Sami speaking, what can I get you?"),
         C("Hi, my order was meant to come an hour ago and it's still not here.", "M"),
         A("It's on its way.", "cold"),
         C("That's what you said forty minutes ago. The food will be cold.", "M"),
         A("The driver is busy.", "cold"),
         C("Can I cancel it then?"),
         A("No. Already cooked.", "flat_no", "cold")),
        (A("Good morning, Cedar Estates, Hannah speaking, how are you today?"),
         C("Hi, I'm a tenant at Flat Two. The boiler's broken again and we've had no hot water since Friday.",
           "M"),
         A("Did you report it?", "cold"),
         C("Yes, twice. I've got a baby in the flat.", "M"),
         A("It's on the list.", "cold"),
         C("When will someone come?"),
         A("I don't know.", "dont_know", "cold")),
    ],
    "numbers": [
        (A("Hello, Elmstead Bank, Tariq speaking."),
         C("Hi, I'd like to check a payment. My account number is three one four, seven seven, two oh nine.",
           num="31477209"),
         A("Thanks, I can see it. Which payment is it?"),
         C("Forty pounds to a shop on the fourteenth."),
         A("That was a card payment in Leeds. I think it might be a shop you used before.", "i_think"),
         C("Oh, maybe. And my phone number's changed, it's oh seven seven one two, three four five, nine nine "
           "eight.", num="07712345998"),
         A("Thanks, I've updated that.")),
        (A("Good afternoon, Thornbury Building Society, Lucy speaking."),
         C("Hi, I need to change the card I pay my mortgage with. The new card number is"),
         C("@digits:5312409987561204", num="5312409987561204", gap=0.3),
         A("Thank you. I'm afraid we can't take a card for mortgage payments, it has to be a direct debit.",
           "cant"),
         C("Oh. Well, can you set one up?"),
         A("Of course. What's the account number it should come from?"),
         C("Six two, oh oh four, one nine one.", num="62004191"),
         A("Thanks, that's set up from next month.")),
    ],
}
