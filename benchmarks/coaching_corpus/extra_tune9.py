"""Phrasings 23 and 24, for the TUNE split only, written in round ten from the support-training seeds
(../shared/seeds) and from how ordinary support calls go, committed before they were rendered and
before any rule was scored on them. Written by an engineer who has never read a test call or a rule,
and has read no earlier round's calls but round nine's (``extra_tune8.py``, for the format only).

They cover, in other companies' words than rounds one to nine: an online grocery order full of
substitutions before a child's party ("not quite the evening I'd planned", "I'll manage, I suppose")
answered with an order number first, and a rail delay claim turned down ("funny sort of timetable",
"I'm beginning to wonder why I bother") answered defensively and with a claim reference; worry as
"I can't settle" about a cat after surgery, and "my hands are actually shaking" on a building
society's fraud line, answered with a card number, a date of birth and "try and keep calm for me",
then reassured after the fact; acronyms, hyphen compounds and rare words (escape-of-water peril,
trace-and-access, betterment, netted off; SPD, CTR, pro-rata, change-of-circumstances, arrears)
followed by "I haven't a clue what half of that means" and a real human "I'm sorry." with "am I in
trouble?"; a gym that kept charging after a cancellation answered with a membership number, a date
of birth and an address, and a pharmacy's missing heart tablets answered with a name, a date of birth
and a postcode; acknowledgements in other words ("bless her", "it's only natural to be on edge",
"a horrible spot to be in", "I'd be fuming in your shoes", "I won't dress it up", "far from the only
one", a real human "Sorry you're having problems.") and owned mistakes ("down to us, plain and
simple", "I've been talking like a claims manual", "let me say it properly"); questions with
"need to" / "have to" beside real orders ("you'll have to fill in", "you need to bring", "you must
book") and "you don't have to" / "you don't need to" / "you shouldn't have to" that order nothing;
the customer's own "sorry", "I don't know", "no" (one a real human "no") and "I think", many times;
warm, long explanations of a first tax return and of adopting a rescue dog; two agents who turn cold
after warm greetings (one curt, tentative and with a bare "No.", one who starts kind and ends on "I
can't", "I don't know" and "nothing more I can do"); numbers: a card corrected halfway, a card read
in pairs, a membership number digit by digit, another in groups with "double", phones with "triple"
and "oh", one split over two turns and one read by a real voice and read back by the agent.

Render (``RENDER_CALLS``, used by ``generate.render`` like rounds eight and nine's): one fixed choice
per call, so tune gets a known mix:
- 12 of 20 at 8 kHz through a telephone codec (6 mu-law, 6 GSM), 8 at 16 kHz (2 clean, 3 MP3,
  3 Opus).
- Every agent voice and every customer voice on 4 calls each, in four one-to-one pairings of the
  five agents with the five customers; the first is the five pairs round nine did not use, and no
  call has the pair of its scenario's calls in round nine.
- Real human pieces (the asterisk prompts' Allison, ``@`` lines) in five calls: a customer's "I'm
  sorry." after jargon, an agent's "Sorry you're having problems." as an acknowledgement, a
  customer's "no", a customer's "Goodbye!" to a cold agent, and a mobile number read digit by digit.

Truth numbers (``num=``) are the card, membership and phone numbers, as in round nine; the expiry,
security code, dates of birth and postcodes are said in reply to an agent's question for them (the
redaction benchmark's asked numbers), and order, claim and baggage references and a car registration
are not truth numbers (as round nine's tracking number).

Not yet registered: ``scripts.py``, ``generate.py`` and ``folds.py`` do not import this module, so
the corpus stays at 230 calls until a later session wires phrasings 23 and 24 in.
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

# How round ten's calls are rendered: name -> (agent voice, customer voice, sample rate, line).
RENDER_CALLS: dict[str, tuple[str, str, int, str]] = {
    "indirect_23": ("en-gb+m2", "en-gb-x-gbcwmd+f5", 16000, "mp3"),
    "indirect_24": ("en-gb-scotland+m4", "en-gb-x-gbclan+m2", 8000, "ulaw"),
    "worry_23": ("en-029+f1", "en-us+f4", 8000, "gsm"),
    "worry_24": ("en-us+f2", "en-us+m6", 16000, "opus"),
    "jargon_23": ("en-gb-x-rp+m1", "en-gb+f3", 8000, "ulaw"),
    "jargon_24": ("en-us+f2", "en-gb-x-gbcwmd+f5", 16000, "none"),
    "details_first_23": ("en-gb+m2", "en-us+f4", 8000, "gsm"),
    "details_first_24": ("en-gb-scotland+m4", "en-us+m6", 16000, "opus"),
    "empathy_words_23": ("en-gb-x-rp+m1", "en-gb-x-gbclan+m2", 16000, "mp3"),
    "empathy_words_24": ("en-029+f1", "en-gb+f3", 8000, "ulaw"),
    "questions_23": ("en-us+f2", "en-us+f4", 16000, "none"),
    "questions_24": ("en-gb+m2", "en-gb+f3", 8000, "gsm"),
    "customer_words_23": ("en-029+f1", "en-gb-x-gbclan+m2", 8000, "ulaw"),
    "customer_words_24": ("en-gb-x-rp+m1", "en-us+m6", 8000, "gsm"),
    "long_warm_23": ("en-gb-scotland+m4", "en-gb-x-gbcwmd+f5", 8000, "gsm"),
    "long_warm_24": ("en-us+f2", "en-gb+f3", 16000, "mp3"),
    "cold_23": ("en-gb-x-rp+m1", "en-gb-x-gbcwmd+f5", 8000, "ulaw"),
    "cold_24": ("en-029+f1", "en-us+m6", 16000, "opus"),
    "numbers_23": ("en-gb-scotland+m4", "en-us+f4", 8000, "gsm"),
    "numbers_24": ("en-gb+m2", "en-gb-x-gbclan+m2", 8000, "ulaw"),
}

EXTRA_TUNE9: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Good evening, Greengage Grocery, Priya speaking."),
         C("Hi. My shopping's just come, half of it's been swapped for other things and the birthday candles "
           "never turned up at all. Not quite the evening I'd planned.", "M"),
         A("Could you give me the order number? It starts with G G."),
         C("G G, five one eight, oh three two. I mean, I'll manage, I suppose. It's only my son's party "
           "tomorrow.", "M"),
         A("I've found it. Seven items were substituted and one was out of stock."),
         C("Ordinary bread instead of gluten-free isn't really a swap, is it? He's coeliac."),
         A("No, it isn't, and you shouldn't have to sort that out the night before a party. That one's down "
           "to our picker, plain and simple.", "E"),
         A("I've refunded every substitution, and a driver can bring the right bread and the candles before "
           "ten tomorrow morning."),
         C("Before ten would work. Thanks.")),
        (A("Westmarch Rail customer relations, Anselm speaking."),
         C("Hello. I've had an email turning down my delay claim. The train was an hour and ten minutes late. "
           "Funny sort of timetable, that.", "M"),
         A("Our records show it arrived thirty nine minutes late, so the claim doesn't qualify.", "argue"),
         C("Thirty nine? I was sat on it. I missed my daughter's school play. I'm beginning to wonder why I "
           "bother.", "M"),
         A("Can I have the claim reference, please?"),
         C("W R, four four, nine one, two six."),
         A("Thanks. Right, I can see what's happened: the time was taken at the wrong station, so you were "
           "an hour and ten late after all. You were right, and I'm sorry you had to chase us. A refund "
           "doesn't give you the school play back.", "E"),
         A("I've approved it at the full fare. It'll be in your account within five working days."),
         C("Well. That's something, I suppose.")),
    ],
    "worry": [
        (A("Brackenfield Vets, Nadia speaking."),
         C("Hi, it's about Pepper, my cat. She was spayed yesterday and she hasn't touched her food since. "
           "She's hiding under the bed and I just can't settle."),
         A("Oh, bless her. It's only natural to be on edge when she's not herself, and you were right to "
           "ring.", "E"),
         C("Should I bring her back in tonight?"),
         A("Let's check a couple of things first. Is the wound clean and dry, with no swelling?"),
         C("Yes, it looks tidy."),
         A("That's a good sign. Lots of cats go off their food for a day after an anaesthetic and hide "
           "somewhere dark to sleep it off. Try a little warmed-up wet food tonight. If she still won't eat "
           "by lunchtime tomorrow, or she's being sick, bring her straight in and we'll see her without an "
           "appointment."),
         C("Okay. That's put my mind at rest a bit.")),
        (A("Harrowgate Building Society, fraud team, Tobias speaking."),
         C("Hi. I think I've done something stupid. I got a text about a parcel, clicked the link and typed "
           "in my card details. My hands are actually shaking.", "M"),
         A("What's the long number on the card?"),
         C("Four nine two nine, six one, no, sorry, six two oh eight, three three five one, seven seven four "
           "oh.", num="4929620833517740"),
         A("And your date of birth?"),
         C("Twenty third of June, nineteen sixty one. What if they've already emptied the account? That's "
           "all our savings.", "M"),
         A("Just try and keep calm for me.", "calm_down"),
         A("I've stopped the card. Nothing has gone out since this morning, and your savings can't be "
           "reached with card details alone. A new card will be with you in three to five days."),
         C("Oh, thank God. I feel such an idiot."),
         A("You're far from the only one, those texts are made to look real. Ringing us straight away was "
           "exactly the right thing to do.", "E")),
    ],
    "jargon": [
        (A("Lindenbrook Home Insurance claims, Delphine speaking."),
         C("Hi, I rang on Monday about the leak under our bathroom. Now the kitchen ceiling's come down.",
           "M"),
         A("Okay, I can see the claim. It's been passed to a loss adjuster under the escape-of-water peril. "
           "Trace-and-access is covered up to five thousand, but the excess is netted off the settlement and "
           "betterment may apply.", "jargon"),
         C("Sorry, trace and what? I haven't a clue what half of that means. Is anybody actually coming?"),
         A("That's my fault, I've been talking like a claims manual.", "E"),
         A("In plain words, someone will come out to find the leak, and we pay for that, even if it means "
           "lifting the floorboards. You pay the first three hundred pounds of the claim and we pay the "
           "rest. The adjuster will ring you tomorrow to fix a day."),
         C("Right. That makes more sense. Thank you.")),
        (A("Thornbury Council, revenues and benefits, Osman speaking."),
         C("Hi, I've had a new council tax bill and it's gone up by nearly three hundred pounds. I don't "
           "understand it.", "M"),
         A("So, the SPD was removed after the review, and your CTR award was recalculated pro-rata from the "
           "change-of-circumstances date, which leaves a shortfall in arrears on the liability.", "jargon"),
         C("@im-sorry"),
         C("I've no idea what you just said. Am I in trouble? Do I owe you money?", "M", gap=0.3),
         A("The SPD and the CTR both changed, and that creates the arrears.", "jargon"),
         C("But what does that actually mean for me?"),
         A("Sorry, let me say it properly.", "E"),
         A("You were getting a quarter off because you lived on your own, and that stopped when your son "
           "moved back in. So there's two hundred and eighty pounds extra to pay, but you can spread it over "
           "the rest of the year, and you're not in any trouble at all."),
         C("Oh, okay. Spreading it would help, yes.")),
    ],
    "details_first": [
        (A("Ironbridge Fitness, member services, Callum speaking."),
         C("Hi. I cancelled my membership in September and you've taken the fee twice since. My account's "
           "gone overdrawn because of it.", "M"),
         A("Can I take your membership number, please?"),
         C("Oh. Oh. Four. Seven. One. Eight. Eight. Two. Six.", num="004718826"),
         A("And your date of birth?"),
         C("Ninth of November, ninety two."),
         A("And the first line of your address?"),
         C("Flat three, Canal Wharf."),
         A("Right, your cancellation came in on the fourth of September and it was never processed. That's "
           "our mistake, full stop, and I'm sorry it's pushed you into your overdraft.", "E"),
         A("I'm refunding both payments now, and I'll add twenty pounds towards any charges from your bank."),
         C("Okay. Thank you.")),
        (A("Marlowe Pharmacy, Yusuf speaking."),
         C("Hello. I've just opened my mum's delivery and her heart tablets aren't in it. She's only got two "
           "left and she's eighty seven.", "M"),
         A("What's the patient's full name?"),
         C("Margaret Ellen Dwyer."),
         A("Date of birth?"),
         C("Um, third of the first, nineteen thirty nine."),
         A("And the postcode?"),
         C("C H four, nine R T."),
         A("Thank you. Two days from running out of heart tablets is a real worry, I'd be on the phone too. "
           "They were left out of the bag here, so that's our error.", "E"),
         A("Our driver will bring them round before six this evening, and I'm adding a note to her record so "
           "every item gets checked from now on."),
         C("Oh, good. She'll be relieved.")),
    ],
    "empathy_words": [
        (A("Kestrel Car Hire, twenty-four hour line, Ines speaking."),
         C("Hi. We've landed at Faro, it's gone midnight and your desk is shut. There's no car, and I've got "
           "two little ones asleep on the suitcases."),
         A("Oh, that's a horrible spot to be in, at that hour with the children.", "E"),
         C("We paid for it in full back in January."),
         A("Then I'd be fuming in your shoes.", "E"),
         A("And this is down to us. The night desk was never told about your booking, and it should have "
           "been.", "E", gap=0.3),
         A("There's a partner firm in the same terminal that's open all night. I've moved your booking to "
           "them at no extra cost, and they've a car with two child seats ready now."),
         C("Really? Oh, thank you. Where do we go?"),
         A("Turn left out of arrivals. It's the yellow desk next to the cash machine.")),
        (A("Quickfix Phone Repairs, Marisol speaking."),
         C("Hi. I brought my phone in for a new screen, and when I got it back every photo on it was gone. A "
           "whole year of my baby's pictures."),
         A("@sorry-youre-having-problems", "E"),
         A("A new phone can't replace photos like those. That's heartbreaking.", "E", gap=0.3),
         C("The man in your shop said it would all be backed up first."),
         A("Then we let you down, and I won't dress it up as anything else.", "E"),
         A("Our data recovery team will take the phone back tonight, free of charge. Most of the time the "
           "photos are still in the memory and can be brought back. I'll ring you myself on Friday to tell "
           "you where we are."),
         C("Okay. Please do.")),
    ],
    "questions": [
        (A("Parkview Dental, Gwen speaking."),
         C("Hi, I've just moved to the area and I'd like to register as a new patient. Do I need to bring "
           "anything?"),
         A("Welcome to the area. Do you need to be seen urgently, or is it a routine check-up you're after?"),
         C("Just a check-up. Do I have to pay anything up front?"),
         A("You don't have to pay a deposit, no. You'll have to fill in a medical history form before you "
           "come, though.", "have_to"),
         C("Okay. Is that online?"),
         A("Yes, I'll text you the link. And you need to bring a list of any medicines you take.",
           "have_to"),
         C("Fine."),
         A("Would Thursday at four suit you, or do you need to come after work?"),
         C("Thursday's good. Thanks.")),
        (A("Hollins Removals, good afternoon, Fergus speaking."),
         C("Hi, we're moving on the twentieth. Do we have to pack everything ourselves, or is that something "
           "you do?"),
         A("We can do either. Would you need us to take the beds apart as well?"),
         C("Yes, please. Do we need to empty the chest of drawers?"),
         A("No, you don't need to, we wrap them with everything inside. But you must book a parking bay with "
           "the council for the day.", "have_to"),
         C("Right. Does it have to be in my name?"),
         A("Yours is fine. Is there anything else you'd have to check with your partner before I send the "
           "quote?"),
         C("I don't think so. Thanks.")),
    ],
    "customer_words": [
        (A("Brightwater Energy, Lorna speaking."),
         C("Hi, sorry, I had a letter about a smart meter. I don't know if I actually need one."),
         A("No problem at all. Has your meter got a little screen on it at the moment, with buttons?"),
         C("@vm-no"),
         C("Sorry, no, it's the old kind with the spinning wheel.", gap=0.3),
         A("Then you'd be a good fit. The fitting's free, and it takes about an hour."),
         C("I don't know. Will they need to get into the cupboard under the stairs? It's full of junk, "
           "sorry."),
         A("Only as far as the meter itself. There's a slot next Friday morning."),
         C("No, not Friday, sorry, I'm at work. I don't know about the week after either."),
         A("That's alright. I'll put you down for the first free Monday in January, and you can move it "
           "online."),
         C("Sorry. Yes, that's fine.")),
        (A("Spokes and Co, workshop, Danny speaking."),
         C("Hi. Sorry, I don't know much about bikes. Mine's making a clicking noise and I'd like someone to "
           "look at it."),
         A("Sure. Is it clicking when you pedal, or when you change gear?"),
         C("I don't know, sorry. Both? No, when I pedal, I think."),
         A("That's often the chain or the pedals, nothing serious. Is it an electric bike?"),
         C("No. No, just an ordinary one."),
         A("Then a basic service will sort it. Can I take a number to text you when it's ready?"),
         C("Sorry, yes. It's oh seven nine six two,", num="07962318540"),  # the rest in the next turn
         A("Mm-hm."),
         C("three one eight, five four oh."),
         A("Lovely. Drop it in any morning this week."),
         C("I don't know if I'll manage before Thursday. Is Thursday alright?"),
         A("Thursday's fine.")),
    ],
    "long_warm": [
        (A("Good morning, Orchard Lane Accountants, Beatrice speaking."),
         C("Hi. I've just gone freelance as a photographer and I've been told I need to do a tax return. I "
           "honestly don't know where to start."),
         A("Of course, let me take you through it from the beginning. First, you register as self-employed, "
           "which takes about ten minutes online. After that, you keep a simple record of what you earn and "
           "what you spend on the work, like your camera, your travel and a share of your phone bill. Once "
           "your first tax year ends in April, you fill in the return with those totals, and you've got "
           "until the end of the following January to send it in and pay. You don't have to do it all in "
           "one go, and we can look over your figures before you send them. I'll email you a one-page "
           "checklist today."),
         C("That sounds far less scary. Thank you."),
         A("You're very welcome. Ring me any time something doesn't make sense.")),
        (A("Hollybank Animal Rescue, Wilf speaking."),
         C("Hi. We'd love to adopt one of your dogs, but we've never done it before. How does it work?"),
         A("Oh, that's lovely to hear. It goes in four steps, and there's no rush at any of them. First, you "
           "fill in a short form about your home, your garden and your working hours, so we can match you "
           "with the right dog. Then one of our volunteers pops round for a home visit, which is really just "
           "a chat and a look at the fences. After that, you come and meet the dog a couple of times, and "
           "bring the children along so they can get to know each other. When everyone's happy, you take "
           "the dog home with a lead, a bag of food and four weeks' free insurance, and we ring you after a "
           "fortnight to see how you're all settling in."),
         C("That's lovely. We'll fill the form in tonight."),
         A("Wonderful. Any questions at all, just give us a ring.")),
    ],
    "cold": [
        (A("Hi there, thanks for calling Skyward Air baggage services, my name's Lucia, how can I help you "
           "today?"),
         C("Hi. My suitcase didn't come off the flight from Lisbon on Sunday, and it's got my work clothes "
           "and my medication in it.", "M"),
         A("Reference?", "cold"),
         C("L I S, S K, four one seven seven two."),
         A("It's showing as untraced.", "cold"),
         C("Untraced? It's been three days. I've had to buy everything again.", "M"),
         A("I think it might have gone to Madrid.", "cold", "i_think"),
         C("You think? Can't you find out?"),
         A("No. That's the handling agent's job.", "cold", "flat_no"),
         C("@goodbye")),
        (A("Good morning, Cresswell Lettings, you're through to Harriet, lovely to hear from you!"),
         C("Hi, I rent one of your flats on Mill Lane. The boiler packed in on Friday, and we've had no "
           "heating or hot water all weekend, with a baby."),
         A("Oh dear, with a little one as well, that's miserable. Let me have a look.", "E"),
         C("I reported it on the portal on Friday night. Nobody's even replied.", "M"),
         A("Well, it was the weekend.", "cold", "argue"),
         C("It's freezing in here. Can't you just send someone?", "M"),
         A("I can't send anyone. The landlord has to approve it.", "cold", "cant"),
         C("And when will that be?"),
         A("I don't know. There's nothing more I can do today.", "cold", "dont_know", "nothing_more"),
         C("Right. Thanks for nothing.")),
    ],
    "numbers": [
        (A("Gaiety Theatre box office, Rory speaking."),
         C("Hi, I'd like to pay for the two tickets I reserved for the panto, please."),
         A("Lovely. Can I have the card number when you're ready?"),
         C("Fifty three, eleven, oh four, seventy nine, twenty two, sixty, thirty one, fifty eight.",
           num="5311047922603158"),
         A("And the expiry?"),
         C("Eleven, twenty eight."),
         A("And the three digits on the back?"),
         C("Four oh nine."),
         A("Thanks. And a contact number for the e-tickets?"),
         C("Oh one two one, four nine six, triple seven oh.", num="01214967770"),
         A("That's paid, and the tickets are on their way to you.")),
        (A("Roadstar Breakdown, Hamish speaking. Are you somewhere safe?"),
         C("Yes, I'm behind the barrier on the hard shoulder. It's a bit nerve-racking with the lorries "
           "going past.", "M"),
         A("What's your membership number?"),
         C("Two oh four, double eight one, three nine seven.", num="204881397"),
         A("And the car registration?"),
         C("Y D seven one, K P L."),
         A("Thanks. And a mobile number the patrol can call?"),
         C("@digits:07700900317", num="07700900317"),
         A("Was that oh seven seven double oh, nine double oh, three one seven?"),
         C("Yes, that's it."),
         A("Right, a patrol's forty minutes away. Stay behind the barrier and keep your phone on."),
         C("Okay. Thanks.")),
    ],
}
