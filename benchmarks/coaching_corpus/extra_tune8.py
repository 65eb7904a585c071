"""Phrasings 21 and 22, for the TUNE split only, written in round nine from the support-training seeds
(../shared/seeds) and from how ordinary support calls go, committed before they were rendered and
before any rule was scored on them. Written by an engineer who has never read a test call or a rule.

They cover, in other companies' words than rounds one to eight: a courier's third missed delivery
("that's the third time", "it's not ideal") answered with a tracking number first, and a misspelt
birthday cake ("I was rather counting on it") answered defensively; worry said as "a knot in my
stomach" about a smart lock far from home, and a student loan still pending ("getting quite anxious",
"lying awake") answered with a reference number, a date of birth and postcode, and "no need to
panic"; acronyms, hyphen compounds and rare words (LOS, ONT, attenuation, micro-bend; ERC, LTV,
fixed-rate) followed by "you've lost me" and a real human "I'm sorry I did not understand your
response"; a leaking dishwasher answered with a postcode and a surname, and a bereaved son asked for
the mobile number and then for the account holder; acknowledgements as validation and idioms
("anyone would be fed up", "what a rotten thing to hear", "you've every right to be upset", "the last
thing you need") and owned mistakes ("we should have checked it", "I wasn't listening properly",
"I slipped into engineer-speak"); questions with "need to" / "have to" beside real orders ("you'll
need to", "you both have to ... and you must"), and "you don't have to" / "you don't need to" that
order nothing; the customer's own "sorry", "I don't know", "no" and "I think", many times; warm, long
explanations of pension choices and of preparing for a scan (everyday hyphen words: one-off,
tax-free, follow-up); two cold agents (one defensive, one with "I can't" and "nothing else I can do")
after warm greetings; numbers: a card read in groups of four and split across two turns ("nought"),
an expiry, a sort code in pairs, an account number read digit by digit by a real voice, a date of
birth in digits, phone numbers with "double", "triple" and "oh", two of them corrected halfway, and a
postcode with a house address.

Render (``RENDER_CALLS``, used by ``generate.render`` with round eight's): one fixed choice per call,
as in round eight, so tune gets a known mix:
- 12 of 20 at 8 kHz through a telephone codec (6 mu-law, 6 GSM), 8 at 16 kHz (3 clean, 2 MP3,
  3 Opus): most support calls arrive by phone, and the split should keep meeting wideband audio too.
- Every agent voice and every customer voice on 4 calls each, paired differently from round eight.
- Real human pieces (the asterisk prompts' Allison, ``@`` lines) in five calls: a customer's "Hello."
  and "Thank you.", a customer's "I'm sorry I did not understand your response." after jargon, an
  agent's "One moment, please." and "We're sorry.", and an account number read digit by digit.

Truth numbers (``num=``) are the card, account and phone numbers; the sort code, expiry and date of
birth are said in reply to an agent's question for them (the redaction benchmark's asked numbers).
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

# How round nine's calls are rendered: name -> (agent voice, customer voice, sample rate, line).
RENDER_CALLS: dict[str, tuple[str, str, int, str]] = {
    "indirect_21": ("en-gb-scotland+m4", "en-gb-x-gbcwmd+f5", 8000, "gsm"),
    "indirect_22": ("en-us+f2", "en-gb-x-gbclan+m2", 8000, "ulaw"),
    "worry_21": ("en-gb-x-rp+m1", "en-us+m6", 16000, "none"),
    "worry_22": ("en-gb+m2", "en-us+f4", 8000, "gsm"),
    "jargon_21": ("en-029+f1", "en-gb+f3", 8000, "ulaw"),
    "jargon_22": ("en-gb-scotland+m4", "en-us+m6", 8000, "gsm"),
    "details_first_21": ("en-us+f2", "en-us+f4", 16000, "opus"),
    "details_first_22": ("en-gb-x-rp+m1", "en-gb-x-gbcwmd+f5", 8000, "ulaw"),
    "empathy_words_21": ("en-gb+m2", "en-gb+f3", 8000, "gsm"),
    "empathy_words_22": ("en-029+f1", "en-gb-x-gbclan+m2", 16000, "mp3"),
    "questions_21": ("en-gb-scotland+m4", "en-gb+f3", 16000, "opus"),
    "questions_22": ("en-gb-x-rp+m1", "en-us+f4", 8000, "ulaw"),
    "customer_words_21": ("en-gb+m2", "en-gb-x-gbclan+m2", 8000, "ulaw"),
    "customer_words_22": ("en-us+f2", "en-gb-x-gbcwmd+f5", 16000, "none"),
    "long_warm_21": ("en-029+f1", "en-us+m6", 8000, "gsm"),
    "long_warm_22": ("en-gb-scotland+m4", "en-us+f4", 16000, "mp3"),
    "cold_21": ("en-us+f2", "en-gb+f3", 8000, "ulaw"),
    "cold_22": ("en-gb+m2", "en-us+m6", 16000, "opus"),
    "numbers_21": ("en-gb-x-rp+m1", "en-gb-x-gbclan+m2", 8000, "gsm"),
    "numbers_22": ("en-029+f1", "en-gb-x-gbcwmd+f5", 16000, "none"),
}

EXTRA_TUNE8: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Good morning, Lapwing Couriers, Oren speaking."),
         C("Morning. The driver's left another card saying he tried to deliver, but I was in all day. That's "
           "the third time this week.", "M"),
         A("What's the tracking number on the card?"),
         C("L W four four seven, two nine one. It's not ideal, to be honest. I've worked from home all week to "
           "wait for it.", "M"),
         A("Thanks, I've got it. It's been back at the depot since Tuesday."),
         C("Well, nobody knocked. I was sat right by the window every time."),
         A("Three wasted days at home is a real nuisance, and it sounds like the driver never came to the door. "
           "I'm sorry. I'll have a named driver bring it round before noon tomorrow.", "E"),
         C("Okay. Let's hope so.")),
        (A("Hello, Crumb and Co Bakery, Jonah speaking."),
         C("Hi. I picked up my daughter's birthday cake an hour ago and her name's spelled wrong on it. I was "
           "rather counting on it for this afternoon.", "M"),
         A("The spelling on the order form was checked with you at the counter.", "argue"),
         C("I'm sure it was, but it says Chloe with a K. The party's at four."),
         A("Ah, then that's our mistake, and a party is hardly the time for it. If you bring it back now, our "
           "decorator will redo the icing while you wait, at no charge.", "E"),
         C("Thank you. I'll be there in ten minutes.")),
    ],
    "worry": [
        (A("Hello, Keyhaven Smart Locks, Tamsin speaking."),
         C("Hi. I'm on holiday abroad and the app has just told me my front door was unlocked. I've got a knot "
           "in my stomach, there shouldn't be anyone in the house."),
         A("That's an unsettling message to get when you're so far from home. Let's check it together right "
           "now.", "E"),
         A("@one-moment-please"),
         C("@auth-thankyou"),
         C("Could someone have got in?", gap=0.3),
         A("The log shows the lock lost its signal for a minute because the battery is low, and that's what set "
           "off the alert. It's locked now, with the bolt across. I'll post you a new battery today."),
         C("Oh, thank goodness for that.")),
        (A("Good afternoon, Fenwick Student Finance, Colm speaking."),
         C("Hi. Term starts in nine days and my maintenance loan still says pending. I've paid a rent deposit "
           "on the strength of it, and I'm getting quite anxious.", "M"),
         A("Can I take your customer reference number?"),
         C("Sorry, I don't know where that is. I'm not at home."),
         A("Your date of birth and postcode, then."),
         C("Fourteenth of March, two thousand and five. And it's B S three, four N D."),
         A("Thanks. It's pending until your university confirms you've enrolled."),
         C("But if it doesn't come in time I can't pay the rent. I've been lying awake over it.", "M"),
         A("There's no need to panic about it.", "calm_down"),
         A("Universities usually confirm in the first week, and we pay three working days after that."),
         C("Okay. I'll chase the university, then.")),
    ],
    "jargon": [
        (A("Hello, Skylark Fibre, Dmitri speaking."),
         C("Hi. Our internet keeps cutting out in the evenings, always just as the kids sit down to do their "
           "homework.", "M"),
         A("Right, the line test shows intermittent LOS on your ONT and high attenuation, so it's most likely a "
           "micro-bend or a dirty connector on the drop cable.", "jargon"),
         C("A micro what? Sorry, you've lost me there."),
         A("Fair enough, I slipped into engineer-speak.", "E"),
         A("The thin cable from the pole to your house is probably kinked, and that makes the signal drop. An "
           "engineer can replace it on Thursday morning."),
         C("Thursday's fine. Thanks.")),
        (A("Good morning, Ravensworth Mortgages, Imani speaking."),
         C("Hi, I've had a bit of money left to me and I'd like to pay off part of my mortgage."),
         A("Okay. You're inside your fixed-rate term, so an ERC applies to anything above the ten percent "
           "overpayment allowance, tiered by your LTV band.", "jargon"),
         C("@vm-sorry", "M"),
         A("The charge depends on how much you pay off."),
         C("So will I be charged or not?"),
         A("Only on anything over ten percent this year. If you pay ten percent now and the rest in January, "
           "when the fixed rate ends, there's no charge at all."),
         C("Oh, that's simple enough.")),
    ],
    "details_first": [
        (A("Hello, Hartwell Appliances, Suki speaking."),
         C("Hi. Your fitter put our new dishwasher in yesterday, and this morning there's water all over the "
           "kitchen floor.", "M"),
         A("Can I take the postcode of the property?"),
         C("L S six, two Q X. It's forty one Nutfield Road."),
         A("And the surname on the order?"),
         C("Devi. D, E, V, I."),
         A("Thank you. Water all over the floor is the last thing you need first thing in the morning, I'm "
           "sorry. Turn the valve under the sink off, and I'll have a fitter with you by eleven.", "E"),
         C("Okay, thanks.")),
        (A("Good afternoon, Tideway Mobile, Lorcan speaking."),
         C("Hi. My father died a fortnight ago and his phone bill is still coming out of his account.", "M"),
         A("Can I have the mobile number on the account?"),
         C("Oh seven eight double oh, four one two, nine six three.", num="07800412963"),
         A("Thanks. And is the account holder there to pass security?"),
         C("No. He's passed away, that's why I'm ringing."),
         A("I'm so sorry, I wasn't listening properly there. Please accept my condolences.", "E"),
         A("I'll close the account today, and anything taken since he died will be paid back into his account."),
         C("Thank you. That's one less thing to do.")),
    ],
    "empathy_words": [
        (A("Hello, Ashby Sofas, Kit speaking."),
         C("Hi. The replacement sofa came today and there's a tear in the arm of this one as well. That's two "
           "now."),
         A("Two damaged sofas in a row, anyone would be fed up with that.", "E"),
         C("I've taken two days off work for these deliveries."),
         A("@sorry", "E"),
         A("That's on us, we should have checked it before it left the warehouse.", "E", gap=0.3),
         A("I'll have the next one inspected with you at the door, and refund both delivery charges."),
         C("Thank you, that's fair.")),
        (A("Hello, Bellhaven Holidays, Teodor speaking."),
         C("Hi. The owner of our villa in Crete has just cancelled, and we fly out on Saturday with two kids "
           "who've talked about nothing else."),
         A("Oh no, what a rotten thing to hear days before you go. You've every right to be upset.", "E"),
         C("I just don't know what we'll tell them."),
         A("Let's make sure you don't have to tell them anything. I've found a villa ten minutes from the same "
           "beach, with a bigger pool, at no extra cost. And we should have spotted this sooner, so I'm sorry.",
           "E"),
         C("Honestly, that's a weight off. Thank you.")),
    ],
    "questions": [
        (A("Good morning, Tarnside Garage, Rhys speaking."),
         C("Hi, my car's MOT runs out next week. Can I book it in?"),
         A("Of course. Do you need to wait with the car, or can you leave it with us for the day?"),
         C("I have to get to work, so I'll leave it. I'd need it back by five, though."),
         A("That's fine. You'll need to drop it off by half past eight.", "have_to"),
         C("Okay."),
         A("And is there anything we have to know about it, any warning lights on?"),
         C("No, nothing."),
         A("Lovely, see you on Tuesday.")),
        (A("Hello, Eastleigh Register Office, Beatrix speaking."),
         C("Hi, we're getting married in August. What do we have to do to give notice?"),
         A("Lovely. Do either of you need to give notice from abroad, or are you both living locally?"),
         C("Both local."),
         A("Then you both have to come in person, and you must bring proof of address from the last three "
           "months.", "have_to"),
         C("Do we need to bring our birth certificates as well?"),
         A("Yes, or your passports. Is there anything else you'd need to check before I book the appointment?"),
         C("No, I don't think so. Thanks.")),
    ],
    "customer_words": [
        (A("Good morning, Mossley Leisure Centre, Hugo speaking."),
         C("@hello"),
         C("Sorry, I'm ringing about swimming lessons for my daughter. I don't know which level she'd be.",
           gap=0.3),
         A("No problem. Can she swim a width on her own?"),
         C("No, not yet. Sorry, she's only five."),
         A("Then stage one is perfect. There's a class on Saturday mornings."),
         C("No, Saturdays are no good for us, sorry. Is there anything in the week?"),
         A("Wednesday at half four has space."),
         C("I don't know if I can get there by then, I finish at four. Oh, go on, book her in."),
         A("Lovely, she's booked in.")),
        (A("Hello, Redbrook Hearing Centre, Asha speaking."),
         C("Hi, I've got a hearing test on Thursday, but I don't know if I can make it now. Sorry to be a pain."),
         A("Not at all. Would you like to move it?"),
         C("Yes, please. No, wait, sorry, I mean could I come earlier, not later?"),
         A("There's a slot on Wednesday at ten."),
         C("No, I work Wednesdays. I think the weekend's better, I don't know, is there anything on Saturday?"),
         A("Saturday at nine fifteen. Can I check your mobile number, in case we need to reach you?"),
         C("Sorry, yes. Oh seven seven double five, one oh three, eight four two. No, wait, eight two four.",
           num="07755103824"),
         A("Thanks, you're booked in for Saturday."),
         C("Sorry about all the back and forth.")),
    ],
    "long_warm": [
        (A("Hello, Ambleside Pension Helpline, Rosalind speaking."),
         C("Hi, I'm retiring in the spring and I've no idea how taking my pension actually works."),
         A("Of course, let me walk you through it. There are three main choices, and you don't need to decide "
           "today. You can take up to a quarter of the pot as a one-off, tax-free lump sum. The rest can buy an "
           "annuity, which pays you a set income for life, or it can stay invested, so you draw money as and "
           "when you need it. Plenty of people mix the two. I'll post you a short guide, and you can book a "
           "free follow-up call with our guidance team whenever you're ready."),
         C("That's really helpful, thank you."),
         A("You're welcome. Take your time with the guide, and ring us with any questions.")),
        (A("Good morning, Wexcombe Hospital Outpatients, Caspian speaking."),
         C("Hi, I've got an ultrasound scan next Tuesday and I'd like to check how to prepare for it."),
         A("Of course. For a scan of your tummy, please don't eat for six hours beforehand, but do keep "
           "drinking water. About an hour before your appointment, drink a litre of water and try not to go to "
           "the toilet, because a full bladder helps us see everything clearly. Take your usual tablets as "
           "normal, and wear something comfortable. The scan itself takes about half an hour. If you're "
           "running late on the day, just ring the department and we'll fit you in."),
         C("That's much clearer than the letter. Thanks."),
         A("My pleasure. Good luck on Tuesday.")),
    ],
    "cold": [
        (A("Hello and welcome to Larchmont Hotels, this is Vivienne, how can I make your stay lovely?"),
         C("Hi. We've just checked in and our room is next to the lift and smells of smoke. We booked a quiet "
           "room.", "M"),
         A("Quiet rooms are a request, not a guarantee.", "cold", "argue"),
         C("It's our anniversary. It's not ideal, is it.", "M"),
         A("I can move you tomorrow.", "cold"),
         C("Not tonight?"),
         A("We're full tonight.", "cold"),
         C("Right.")),
        (A("Good afternoon, Fairlight Broadband, Benedikt speaking, thanks so much for calling!"),
         C("Hi. My engineer didn't turn up this morning. That's the second appointment you've missed.", "M"),
         A("There's a note saying no access.", "cold"),
         C("No access? I was in all morning, I work from home.", "M"),
         A("The next slot is the nineteenth.", "cold"),
         C("Is there really nothing sooner? I've been without internet for a week.", "M"),
         A("I can't change it. There's nothing else I can do from here.", "cold", "cant", "nothing_more"),
         C("Right. Fine.")),
    ],
    "numbers": [
        (A("Good morning, Ketteridge Bank, Ezra speaking."),
         C("Hi, I want to set up a standing order to my landlord."),
         A("Of course. What's the sort code you're paying to?"),
         C("Twenty, forty five, seventy seven."),
         A("And the account number?"),
         C("@digits:60813254", num="60813254"),
         A("Thank you. And for security, can you confirm your date of birth?"),
         C("Oh two, oh seven, nineteen eighty eight."),
         A("That's all set up for the first of each month.")),
        (A("Hello, Saltire Gas, Morag speaking."),
         C("Hi, I'd like to pay my bill by card, please."),
         A("Lovely. What's the long number on the front of the card?"),
         C("Four four six two, seven nine nought three,", num="4462790331245518"),  # the rest in the next turn
         A("Yes, go on."),
         C("three one two four, five five one eight."),
         A("Thank you. And the expiry date?"),
         C("Oh six, twenty nine."),
         A("And a phone number, in case there's a problem with the payment?"),
         C("Oh seven four triple one, five six, sorry, no, six five oh, double two.", num="07411165022"),
         A("Thanks, the payment's gone through.")),
    ],
}
