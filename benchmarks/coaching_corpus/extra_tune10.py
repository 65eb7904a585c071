"""Phrasings 25 and 26, for the TUNE split only, written in round eleven from the support-training seeds
(../shared/seeds) and from how ordinary support calls go, committed before they were rendered and
before any rule was scored on them. Written by a helper engineer who did not open ``scenarios.py``,
``extra_test.py``, ``extra_tune.py`` to ``extra_tune8.py``, ``coach/analyze``, ``coach/lexicon``, the
redaction code or their tests, and ran no scorer; round ten (``extra_tune9.py``) was read for the
format only.

They cover, in other companies' words than rounds one to ten: a broadband engineer who never came
("the router's still sat in its box", "I might as well have gone in to work") answered defensively
and with a postcode first, and an airline refund chased five times ("still, these things happen",
"sat with you since April. Lovely.") caught at once, then answered with a sort code and an account
number; worry as "I keep reading the letter over and over" about a moved hospital scan (a real human
"One moment, please." and a hospital number first) and as "going out every night to look at it" before
an end-of-lease inspection; jargon as closed compounds and rare words (fixed-rate product matures,
revert, product switch, porting, further advance, redemption; cut-out threshold, filling loop,
repressurise, emitters) to a family "only just got our heads above water" and to a real human
"Something is terribly wrong!" with a newborn; a water bill ten times too big and a school blazer
missing before the first day, answered with an account number, a meter reading, an order number and a
postcode while the customer asks "did you hear what I said?"; acknowledgements that are not apologies
("what a blow", "that's the worst part, isn't it", "a big ask after the day you've had", "your wedding
dress, of all things", "you've every right to be cross with us", "keys are the worst thing to lose")
and owned mistakes ("it's ours to own", "I've buried the answer under a lot of bank talk", "that was
all engineer talk", "I went straight to the screen"); questions with "need to" / "have to" and "you
won't have to" / "there's no need to" / "I have to ask" that order nothing, beside orders said as
statements ("you've got to send us", "it's up to you to keep", "have got to be on the booking", "you'll
need to check in"); the customer's own "sorry", "I don't know", "no", "I think", "I have to calm down"
and "there's nothing more I can do with them", after a real human "Hello."; warm, long explanations of
a knee replacement day and of a bank's lasting power of attorney steps; a cold agent from the first
word (bare "Charge number.", "there's no need to raise your voice", "I can't", "you'll have to",
"No idea.", and a real human "Thank you for your patience") and one who greets warmly then turns cold
(a flippant "Sorry about that.", "I think the driver did try", a bare "No.", "Not that I can see.");
numbers: a card read with "two thousand and nineteen, nineteen eighty", a London number with "double",
a card split over three turns, an account number read by a real voice, a mobile read back wrongly by the
agent and corrected, a water account with "double", a mortgage account in pairs with "double oh", and a
mobile with "nine oh oh".

Render (``RENDER_CALLS``, for ``generate.render`` like rounds eight to ten's), one fixed choice per call:
- 12 of 20 at 8 kHz through a telephone codec (6 mu-law, 6 GSM), 8 at 16 kHz (2 clean, 3 MP3, 3 Opus);
  no call has its round-ten namesake's rate and line, and a scenario's two calls differ in line.
- Every agent and customer voice on 4 calls each, at both rates; 20 distinct pairs (all but the n-th
  agent with the n-th customer of ``generate``'s lists), so the five round ten left out are in, and no
  call has a pair of its scenario's calls in round ten.
- Real human pieces (the asterisk prompts' Allison, ``@`` lines) in five calls: an agent's "One moment,
  please.", a customer's "Something is terribly wrong!", a customer's "Hello.", a cold agent's "Thank
  you for your patience", and a bank account number read digit by digit.

Truth numbers (``num=``) are card, bank, water and mortgage account, and phone numbers; expiry, security
codes, sort codes and postcodes are said in reply to an agent's question for them; references with
letters, a meter reading and the agent's wrong read-back of a mobile are not truth numbers.

Not yet registered: ``scripts.py``, ``generate.py`` and ``folds.py`` do not import this module (nothing is
rendered or scored from it) until a later session wires phrasings 25 and 26 in.
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

# How round eleven's calls are rendered: name -> (agent voice, customer voice, sample rate, line).
RENDER_CALLS: dict[str, tuple[str, str, int, str]] = {
    "indirect_25": ("en-us+f2", "en-us+f4", 8000, "ulaw"),
    "indirect_26": ("en-029+f1", "en-gb-x-gbcwmd+f5", 8000, "gsm"),
    "worry_25": ("en-us+f2", "en-gb-x-gbclan+m2", 16000, "mp3"),
    "worry_26": ("en-gb+m2", "en-gb+f3", 8000, "gsm"),
    "jargon_25": ("en-gb-scotland+m4", "en-gb-x-gbcwmd+f5", 16000, "mp3"),
    "jargon_26": ("en-029+f1", "en-gb+f3", 8000, "gsm"),
    "details_first_25": ("en-gb+m2", "en-gb-x-gbcwmd+f5", 8000, "ulaw"),
    "details_first_26": ("en-gb+m2", "en-gb-x-gbclan+m2", 8000, "gsm"),
    "empathy_words_25": ("en-gb-x-rp+m1", "en-us+f4", 8000, "ulaw"),
    "empathy_words_26": ("en-gb-scotland+m4", "en-gb+f3", 16000, "opus"),
    "questions_25": ("en-gb-scotland+m4", "en-us+m6", 8000, "ulaw"),
    "questions_26": ("en-us+f2", "en-gb-x-gbcwmd+f5", 16000, "opus"),
    "customer_words_25": ("en-gb-scotland+m4", "en-us+f4", 16000, "none"),
    "customer_words_26": ("en-029+f1", "en-us+f4", 16000, "opus"),
    "long_warm_25": ("en-gb+m2", "en-us+m6", 16000, "mp3"),
    "long_warm_26": ("en-us+f2", "en-us+m6", 8000, "gsm"),
    "cold_25": ("en-gb-x-rp+m1", "en-gb-x-gbclan+m2", 16000, "none"),
    "cold_26": ("en-gb-x-rp+m1", "en-us+m6", 8000, "ulaw"),
    "numbers_25": ("en-gb-x-rp+m1", "en-gb+f3", 8000, "ulaw"),
    "numbers_26": ("en-029+f1", "en-gb-x-gbclan+m2", 8000, "gsm"),
}

EXTRA_TUNE10: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Fernhill Broadband, installations, Kasia speaking."),
         C("Hi. Your engineer was booked for eight till one today. I took a day's leave for it, and it's half "
           "three now and the router's still sat in its box.", "M"),
         A("The engineer's notes say he called at twelve forty and nobody came to the door, so the job's been "
           "closed.", "argue"),
         C("I've been at the front window since half seven. Nobody knocked. I might as well have gone in to "
           "work.", "M"),
         A("What's the postcode at the property?"),
         C("L S six, two P W."),
         A("Thanks. I've looked at his van's tracker, and he never came down your street, so he didn't call "
           "at all. That's a whole day of your leave gone waiting on us, and it's ours to own.", "E"),
         A("I've booked the first slot tomorrow, eight till ten, with a text when he's half an hour away, and "
           "I've put forty pounds on your account for today."),
         C("Eight till ten. Fine.")),
        (A("Sunbright Airways refunds, Tomasz speaking."),
         C("Hello. My flight to Malaga was cancelled back in March, and this is the fifth time I've rung about "
           "the refund. It was for my mum's eightieth, so we missed that too. Still, these things happen."),
         A("Five calls for one refund is five too many, and missing your mum's eightieth on top of it. That's "
           "a lot to have lost.", "E"),
         C("Every time, I'm told it's in the system."),
         A("Let me see where it's actually got to. What's the booking reference?"),
         C("S B nine four seven, K Q."),
         A("Right. The refund went back in April to the card you booked with, but that card had expired, so "
           "the money bounced back to us, and nobody picked it up."),
         C("So it's been sat with you since April. Lovely.", "M"),
         A("It's two hundred and twelve pounds. I can send it by bank transfer instead. What's the sort code?"),
         C("Twenty, forty one, seventy."),
         A("And the account number?"),
         C("Three one nine two, six oh double four.", num="31926044"),
         A("That's gone through, it'll be with you by Thursday, and I've added fifty pounds for all the calls. "
           "You shouldn't have had to chase it once, never mind five times.", "E"),
         C("Well. Thank you.")),
    ],
    "worry": [
        (A("St Aldhelm's Hospital, outpatient appointments, Grace speaking."),
         C("Hi. I've had a letter moving my scan to the twenty third of next month, but the consultant told me "
           "it had to be done within two weeks. I keep reading the letter over and over.", "M"),
         A("@one-moment-please"),
         A("Can I have the hospital number from the top of the letter?", gap=2.0),
         C("R F three oh six, two two nine. I haven't slept properly since it came, to be honest."),
         A("No wonder you haven't slept. Waiting for a scan is hard enough without it being pushed back, and "
           "you were right to ring rather than sit on it.", "E"),
         A("The scanner's booked in for a service that day, so the system moved you, not the consultant. I've "
           "put you back on the urgent list, and there's a space this Friday at ten past nine."),
         C("This Friday? Oh, thank goodness. Yes, please."),
         A("Lovely. Bring the letter with you, and ask for the imaging desk on the ground floor.")),
        (A("Carraway Leasing, end of contract team, Omar speaking."),
         C("Hi. The car goes back on Friday and your letter says there'll be an inspection. There's a scrape on "
           "the back bumper and a chip in the windscreen, and money's tight just now. I've been going out every "
           "night to look at it, as if it might have mended itself."),
         A("Ah, I know that feeling. It's only fair you know where you stand before Friday, so let's go through "
           "it now.", "E"),
         C("Is it going to cost me hundreds?"),
         A("Probably not. A chip smaller than a five pence coin, away from the driver's view, counts as normal "
           "wear, and so does a scrape under five centimetres that hasn't gone through the paint."),
         C("The scrape's longer than that, I think. Maybe ten centimetres."),
         A("Then you'll have to pay for that panel, I'm afraid.", "have_to"),
         C("How much would that be?"),
         A("Usually around eighty pounds, and you can spread it over three months. Or have it done locally "
           "before Friday, and we won't charge anything for it."),
         C("Eighty. Okay, that's not as bad as I'd feared.")),
    ],
    "jargon": [
        (A("Halden Bank, mortgage servicing, Priyanka speaking."),
         C("Hi, I've had a letter saying my fixed rate's ending, and I just want to know if my payments are "
           "going up."),
         A("Can I take the mortgage account number first?"),
         C("Eight one, double oh four, two seven nine three.", num="810042793"),
         A("Thanks. So your fixed-rate product matures on the first, and you revert to the standard variable "
           "rate unless you take a product switch; porting or a further advance is subject to affordability, "
           "and there's no redemption penalty after maturity.", "jargon"),
         C("I'm lost. Is that a yes or a no? We've only just got our heads above water.", "M"),
         A("Reversion to the SVR would increase the contractual monthly payment, yes.", "jargon"),
         C("I still don't really follow."),
         A("You're right, I've buried the answer under a lot of bank talk, and that's not fair when you're "
           "trying to plan.", "E"),
         A("Plainly: from March your payment would go up by about a hundred and ninety pounds a month. But you "
           "can pick a new fixed deal before then, on this call if you like, and it would be much closer to "
           "what you pay now."),
         C("Oh. Then let's do that, please.")),
        (A("Hearthwise Heating, breakdown line, Connor speaking."),
         C("@something-terribly-wrong"),
         C("The boiler's been banging all night, the radiators are stone cold, and the little needle on the "
           "front is right down at the bottom. I've got a two-week-old baby here.", "M", gap=0.3),
         A("Right, that's low system pressure. It's locked out below the cut-out threshold, so you'll want to "
           "repressurise via the filling loop to one point five bar, then bleed the emitters and reset.",
           "jargon"),
         C("The filling what? I don't know what any of that is. Is it even safe to have it on with the baby?"),
         A("Sorry, that was all engineer talk, and with a newborn in the house you need to know it's safe "
           "before anything else.", "E"),
         A("It is safe. The banging is just air and not enough water. Under the boiler there's a short silver "
           "hose with two little taps. Open them slowly until the needle reaches the green, close them, and "
           "press the reset button. If it won't come back on, an engineer will be with you by nine tomorrow, "
           "free of charge."),
         C("Okay. Okay, I can do that.")),
    ],
    "details_first": [
        (A("Severn Vale Water, billing, Frank speaking."),
         C("Hello. I've had a water bill for eleven hundred and forty pounds. I normally pay about ninety a "
           "quarter. I had to sit down when I opened it.", "M"),
         A("What's the account number on the bill?"),
         C("Three oh double four, one nine six, two double seven.", num="3044196277"),
         A("And can you read me the black numbers on the meter?"),
         C("Just a minute, it's outside. It says oh two four six one."),
         A("And is anyone else named on the account?"),
         C("No. My husband passed away in the spring. It's just me now."),
         A("Oh, I'm sorry, that's a lot to be coping with. And then a bill like that through the door on your "
           "own. No wonder you had to sit down.", "E"),
         A("Here's what's happened: the last two bills were estimates, and your reading is far lower, so it's "
           "our estimate that was wrong, not your usage. I've cancelled that bill, and the new one comes to "
           "eighty four pounds."),
         C("Oh, thank you. Thank you.")),
        (A("Kingsmead Schoolwear, online orders, Jade speaking."),
         C("Hi. I ordered my daughter's blazer and PE kit three weeks ago for her new school. She starts on "
           "Monday, nothing's arrived, and she's in bits about turning up in the wrong jumper.", "M"),
         A("What's the order number?"),
         C("It's U S two oh eight six one. Did you hear what I said? She starts on Monday.", "M"),
         A("And the postcode for delivery?"),
         C("B S six, one R Q."),
         A("Thanks. And sorry, you did say, and I went straight to the screen. Starting a new school is a big "
           "enough step at eleven without worrying about the blazer, and it's our warehouse that held it up.",
           "E"),
         A("It's going out by next day courier tonight, so you'll have it Saturday. If anything's missing, ring "
           "me and I'll sort it before Monday."),
         C("Saturday. Okay, that'll do. Thanks.")),
    ],
    "empathy_words": [
        (A("Biscay Ferries, Santander crossings, Aoife speaking."),
         C("Hi. We've just got to Portsmouth and been told the sailing's cancelled. We've driven four hundred "
           "miles today, and the kids are asleep in the back of the car."),
         A("Four hundred miles, and then that news at the gate. What a blow, at the end of a day like that.",
           "E"),
         C("We've a villa booked from tomorrow night."),
         A("That's the worst part, isn't it? The holiday's paid for and waiting, and you're stuck at the port.",
           "E"),
         A("There's space on tonight's sailing from Plymouth at eleven, and I can hold it for you now.",
           gap=0.3),
         C("Plymouth? That's another three hours' driving."),
         A("It is, and that's a big ask after the day you've had. I've added a four-berth cabin at no cost, so "
           "everyone sleeps the whole way over, and we'll pay your fuel to Plymouth.", "E"),
         C("Right. Okay. Hold it, please.")),
        (A("Lace and Linen Bridal, Marguerite speaking."),
         C("Hi, it's Jess Okafor. I've just had a text saying my dress won't be back from the alterations until "
           "the Monday after my wedding. The wedding's a week on Saturday."),
         A("Oh, Jess. Your wedding dress, of all things. I can only imagine how your stomach dropped reading "
           "that.", "E"),
         C("I've had nothing but trouble with this order."),
         A("You've every right to be cross with us, after the fittings we've already moved on you.", "E"),
         A("Here's what I can do. Our head seamstress will take the dress back in-house tomorrow, and you can "
           "collect it on Wednesday, with a final fitting that morning.", gap=0.3),
         C("Wednesday. And if something goes wrong again?"),
         A("Then you ring me on my own line, and I'll stay until it's right. You've enough to think about this "
           "fortnight without this on top.", "E"),
         C("Okay. Thank you, Marguerite.")),
    ],
    "questions": [
        (A("Ashcombe Council, parking services, Tunde speaking."),
         C("Hi. I've just moved into Elm Street. Do I need to be the registered keeper of the car to get a "
           "resident's permit? It's my partner's car."),
         A("Good question. Is your partner living at the same address?"),
         C("Yes. Do we have to apply together, or can I do it?"),
         A("Either of you can apply. You don't need to be the keeper, but you've got to send us proof that you "
           "live there.", "have_to"),
         C("What counts as proof?"),
         A("A council tax bill or a tenancy agreement. Do you need a visitor permit for the first few weeks "
           "as well?"),
         C("That would help. Does it have to be printed?"),
         A("No, it's all digital, there's nothing to print. The permit only counts once it's approved, so it's "
           "up to you to keep the car off the street until the email comes.", "have_to"),
         C("How long does that take?"),
         A("Usually two working days. I have to ask, is the car electric? There's a discount if it is."),
         C("It isn't, sadly. Thanks.")),
        (A("Aerlane customer services, Bjorn speaking."),
         C("Hi. I've booked a flight to Tenerife for me and my son, he's seven. Do I have to pay to make sure we "
           "sit together?"),
         A("You won't have to pay anything for that. Children under twelve are always seated beside an adult "
           "on the same booking."),
         C("Oh, good. Do we need to be on the same booking, then? His dad booked his ticket separately."),
         A("They do need linking. Would you like me to link them now?"),
         C("Yes, please. Is there anything else I need to do?"),
         A("You'll need to check in online at least a day before you fly, and his passport details have got "
           "to be on the booking before you can.", "have_to"),
         C("Okay. Do I need to print the boarding passes?"),
         A("There's no need to print anything, they'll be in the app. Is there anything else you'd like to "
           "know?"),
         C("No, that's everything. Thanks.")),
    ],
    "customer_words": [
        (A("Clearview Opticians, Roisin speaking."),
         C("@hello"),
         C("Sorry, I don't know if I've rung the right place. I think I need new glasses, but I don't know "
           "what my prescription is.", gap=0.3),
         A("You've rung the right place. When did you last have an eye test, roughly?"),
         C("I don't know. Three years? No, four, I think. Sorry."),
         A("That's fine, we'd start with a test, then. Is it for reading, or for distance?"),
         C("I have to wear them for driving. And I can't read the small print on anything these days, no."),
         A("Then the test will tell us if you need one pair or two. Have you still got your old glasses?"),
         C("Sorry, no. Well, yes, but the arm snapped, and there's nothing more I can do with them. I've taped "
           "it twice."),
         A("We can often fix an arm while you wait. I've a slot on Thursday at ten, or Saturday at two."),
         C("Not Thursday, sorry. I don't know about Saturday either, I'd have to ask my daughter to drive me."),
         A("Of course. I'll pencil you in for Saturday, and you can move it with a quick call."),
         C("Thank you. Sorry to be such a muddle.")),
        (A("Blue Line Taxis, Kev speaking."),
         C("Hi, sorry. I think I left my bag in one of your cabs last night. I don't know the driver's name, "
           "sorry, and I can't remember the car."),
         A("Okay, we'll find it. Roughly what time were you picked up, and where from?"),
         C("About half eleven, from the Crown on Market Street, I think. No, it was nearer midnight."),
         A("And where were you dropped?"),
         C("Sorry, Linden Avenue. I have to calm down, I'm all over the place, my keys were in it."),
         A("Completely understandable, keys are the worst thing to lose. There's a black rucksack handed in "
           "from a midnight job to Linden Avenue.", "E"),
         C("No! Yes, black. That'll be it. I don't know how to thank you."),
         A("What's the best number to ring when it's back at the office?"),
         C("Sorry, my mind's gone blank. Oh seven seven double oh, nine oh oh, five eight three.",
           num="07700900583"),
         A("Lovely. I'll ring you as soon as it's here, within the hour."),
         C("No rush. Well, a bit of a rush. Sorry. Thank you.")),
    ],
    "long_warm": [
        (A("Riverside Surgical Centre, pre-assessment, Sister Okonkwo speaking."),
         C("Hi. I'm booked in for my knee replacement on the ninth, and I'd like to know what actually happens "
           "on the day. I've never had an operation."),
         A("Of course, lots of people ask exactly that, so let me walk you through it. You'll get a text two "
           "days before with your arrival time, usually seven in the morning. Nothing to eat after midnight, "
           "but you can sip water until six. When you arrive, a nurse checks your blood pressure and marks the "
           "knee with a pen, and you'll meet the anaesthetist, who'll explain the injection in your back that "
           "numbs you from the waist down, so you can stay awake or doze, whichever you'd rather. The "
           "operation takes about an hour and a half. Afterwards you go up to the ward, and the physio will "
           "have you standing with a frame that afternoon or the next morning. Most people go home after two "
           "or three nights, with painkillers and a sheet of exercises. There's nothing more to it than that, "
           "and we'll ring you the day before to answer anything else that comes up."),
         C("That's really helpful. I feel a lot better knowing the steps."),
         A("I'm glad. Jot down any questions as they come to you, and ask us when we ring.")),
        (A("Pennant Bank, customer support, Ruth speaking."),
         C("Hello. My mum's asked me to help with her banking, and we've just had a lasting power of attorney "
           "registered for her. I'm not sure what to do with it now."),
         A("Thank you for ringing, and well done getting the registration through, it takes a good while. "
           "I'll go through what happens next, step by step. First, you send us the original, or a certified "
           "copy, by post, or bring it into any branch, and we'll copy it and hand it straight back. We check "
           "it against the register, which usually takes about ten working days. Once that's done, we post "
           "you your own card and your own online banking login for her account, in your name as her "
           "attorney, so you never use her card or her PIN. Your mum keeps her account exactly as it is, and "
           "her pension, her direct debits and everything else carry on as normal. If she still wants to use "
           "her own card, she can keep it. And if anything's unclear along the way, you can ring this team "
           "directly and ask for me."),
         C("That's so much clearer than I expected. Thank you."),
         A("You're very welcome. Ring us any time.")),
    ],
    "cold": [
        (A("Parkwise. Charge number.", "cold"),
         C("Hi. Um, I've had a parking charge for overstaying at the hospital car park, but I was in A and E "
           "with my little boy. He'd broken his arm.", "M"),
         A("Charge number.", "cold"),
         C("P W five five two, oh eight one."),
         A("One moment.", "cold"),
         A("@queue-thankyou", gap=3.0),
         A("The charge stands. You stayed two hours over.", "cold", gap=0.3),
         C("He'd broken his arm. Was I supposed to leave him there and go and feed a meter?", "M"),
         A("There's no need to raise your voice.", "cold", "calm_down"),
         C("I'm not raising my voice. I just want someone to look at it properly.", "M"),
         A("I can't cancel it over the phone. You'll have to appeal online, like everyone else.", "cold", "cant",
           "have_to"),
         C("And how long will that take?"),
         A("No idea. That's up to the appeals team.", "cold", "dont_know"),
         C("Right. Brilliant.")),
        (A("Good afternoon, Oakhaven Furniture, you're speaking to Marcus, how can I help today?"),
         C("Hi. My sofa was meant to come yesterday. I waited in all day, turned down a shift for it, and "
           "nobody came or rang.", "M"),
         A("Sorry about that.", "cold"),
         C("Sorry about that? I've lost a day's pay.", "M"),
         A("I think the driver did try to call.", "cold", "i_think", "argue"),
         C("He didn't. I had my phone in my hand all day. Can you bring it tomorrow instead?", "M"),
         A("No. The next delivery for your area is the fourteenth.", "cold", "flat_no"),
         C("That's nearly two weeks. Is there really nothing else?", "M"),
         A("Not that I can see.", "cold", "nothing_more"),
         C("Fine. I'll ring my bank about a refund, then.", "M"),
         A("That's up to you.", "cold")),
    ],
    "numbers": [
        (A("Harbourside Hotel, reservations, Elena speaking."),
         C("Hi, I'd like to book a double room for the twelfth and thirteenth of next month, please."),
         A("Lovely, we've a sea view double at a hundred and forty a night. Can I take a card to hold it?"),
         C("Yes. Four five three two, two thousand and nineteen, nineteen eighty, seven seven six one.",
           num="4532201919807761"),
         A("And the expiry date?"),
         C("Oh nine, twenty nine."),
         A("And a phone number in case we need to reach you?"),
         C("Oh two oh, seven nine four six, double one, double two.", num="02079461122"),
         A("Sorry, was that double one, double two at the end?"),
         C("That's right."),
         A("Perfect. You're booked, and the confirmation's on its way.")),
        (A("Sunhaven Solar, bookings, Wesley speaking."),
         C("Hi, I'd like to pay the deposit for the panels you quoted for, please."),
         A("Great. Go ahead with the card number whenever you're ready."),
         C("Five one eight six,", num="5186047329581157"),  # the rest over the next two turns
         A("Yep."),
         C("oh four seven three,"),
         A("Mm-hm."),
         C("two nine five eight, double one five seven."),
         A("And the security code?"),
         C("Three three oh."),
         A("Thanks, that's taken. For the monthly payments, what's the account number for the direct debit?"),
         C("@digits:41870265", num="41870265"),
         A("And the sort code?"),
         C("Thirty, ninety four, sixty two."),
         A("And your mobile, so the installer can text you?"),
         C("Oh seven nine one one, two three oh, five five four.", num="07911230554"),
         A("Oh seven nine one one, two three oh, nine nine four?"),
         C("No, five five four at the end."),
         A("Five five four. Got it. We'll be in touch to book the fitting.")),
    ],
}
