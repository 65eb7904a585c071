"""Phrasings 19 and 20, for the TUNE split only, written in round eight from the support-training seeds
(../shared/seeds) and from how ordinary support calls go, committed before they were rendered and
before any rule was scored on them. Written by an engineer who has never read a test call or a rule.

They cover, in other companies' words than rounds one to seven: a free trial charged anyway and a
grocery order half substituted (indirect complaints, one answered defensively); an alarm in the night
and a bounced loan repayment during a house purchase (worry, one answered with a member number and
"I think it'll probably be fine"); solar export and sign-in jargon, with "what am I supposed to do"
and an apology for being lost; a breakdown at dusk with a child and a school uniform that has not
come, both answered with account details first; acknowledgements in words no apology holds ("I'd be
in bits too", "a lot to put up with", a real "thank you for your patience"); questions with "need
to" / "have to" beside real orders; the customer's own "sorry", "I don't know", "I think" and "no",
two of them in a real human voice; warm, even explanations of a council tax discount and a car
charger schedule; two cold agents (one arguing, one a flat "No."); a card read as pairs of numbers,
a phone number with "triple", an account number read digit by digit by a real voice and a phone
number corrected halfway.

Render (``RENDER_CALLS``, used by ``generate.render``): one fixed choice per call instead of the
generator's rotation, because the rotation would give these 20 calls whatever its arithmetic lands
on, and tune needs a known mix:
- 12 of 20 at 8 kHz through a telephone codec (6 mu-law, 6 GSM), 8 at 16 kHz (3 clean, 2 MP3,
  3 Opus): most support calls arrive by phone, and the split should keep meeting wideband audio too.
- All five agent voices. en-029+f1 on 8 of 20: it was on 30 of 150 tune calls while the previous
  stop's note reports it on 20 of 40 test calls (an aggregate, not a test call), and round seven's
  all-one-voice calls left the other voices with no new evidence; the other four have 3 calls each.
- All five customer voices, 4 calls each.
- Real human pieces (the asterisk prompts' Allison, ``@`` lines) in five calls: an agent's "Sorry
  you're having problems." and "Thank you for your patience.", a customer's "I'm sorry." and "No.",
  and an account number read digit by digit.
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

# How round eight's calls are rendered: name -> (agent voice, customer voice, sample rate, line).
RENDER_CALLS: dict[str, tuple[str, str, int, str]] = {
    "indirect_19": ("en-029+f1", "en-us+m6", 8000, "ulaw"),
    "indirect_20": ("en-gb-x-rp+m1", "en-gb+f3", 16000, "opus"),
    "worry_19": ("en-us+f2", "en-gb-x-gbcwmd+f5", 8000, "gsm"),
    "worry_20": ("en-029+f1", "en-gb-x-gbclan+m2", 8000, "ulaw"),
    "jargon_19": ("en-gb-scotland+m4", "en-us+f4", 8000, "gsm"),
    "jargon_20": ("en-029+f1", "en-us+m6", 16000, "mp3"),
    "details_first_19": ("en-gb+m2", "en-gb+f3", 8000, "ulaw"),
    "details_first_20": ("en-029+f1", "en-gb-x-gbcwmd+f5", 8000, "gsm"),
    "empathy_words_19": ("en-gb-x-rp+m1", "en-gb-x-gbclan+m2", 16000, "none"),
    "empathy_words_20": ("en-029+f1", "en-us+f4", 8000, "gsm"),
    "questions_19": ("en-us+f2", "en-us+m6", 16000, "opus"),
    "questions_20": ("en-gb+m2", "en-gb-x-gbcwmd+f5", 8000, "ulaw"),
    "customer_words_19": ("en-029+f1", "en-gb+f3", 8000, "gsm"),
    "customer_words_20": ("en-gb-scotland+m4", "en-gb-x-gbclan+m2", 16000, "none"),
    "long_warm_19": ("en-gb-x-rp+m1", "en-us+f4", 8000, "ulaw"),
    "long_warm_20": ("en-us+f2", "en-gb+f3", 16000, "mp3"),
    "cold_19": ("en-029+f1", "en-gb-x-gbcwmd+f5", 8000, "gsm"),
    "cold_20": ("en-gb-scotland+m4", "en-us+m6", 16000, "opus"),
    "numbers_19": ("en-gb+m2", "en-gb-x-gbclan+m2", 8000, "ulaw"),
    "numbers_20": ("en-029+f1", "en-us+f4", 16000, "none"),
}

EXTRA_TUNE7: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Good afternoon, Nimbus Cloud Storage, Declan speaking."),
         C("Hi. I only signed up for the free month and I cancelled it in good time, but seventy nine pounds "
           "came out of my account yesterday.", "M"),
         A("Which email address is the account under?"),
         C("It's my Gmail, the one ending in Ortiz."),
         A("Thanks. I can see your cancellation request, but it didn't go through on our side."),
         C("So it wasn't me, then. I'd rather not have to ring up every time I try something new."),
         A("You shouldn't have to, and I'm sorry it's cost you the money and the time. I'll refund the seventy "
           "nine pounds now and close the account properly.", "E")),
        (A("Hello, Greengage Groceries, Halima speaking."),
         C("Hi. Our shopping came this morning and about half of it had been swapped for things we don't eat.",
           "M"),
         A("Can I take the order number, please?"),
         C("Hang on, it's on the email. Okay, it's G G four one nine."),
         A("Thanks. Substitutions are in the terms you agreed to when you placed the order.", "argue"),
         C("I don't think anyone reads those. We've got nothing in for the kids' tea now."),
         A("That's fair, and it's no good to you with hungry kids to feed. I'm sorry. I'll refund every "
           "swapped item and book you a free delivery for this evening.", "E")),
    ],
    "worry": [
        (A("Hello, Sentinel Home Security, Keira speaking."),
         C("Hi. My alarm went off at three this morning and there was nobody there, but I keep thinking "
           "someone tried the back door. I haven't slept since."),
         A("That would shake anyone up, and I'm glad you rang us. Let's look at what the sensors picked up.",
           "E"),
         C("Thank you. Was it the back door?"),
         A("No, it was the kitchen window sensor, and its battery is nearly flat, which often sets an alarm "
           "off. I'm sending an engineer this afternoon, so you won't be lying awake again tonight.", "E")),
        (A("Good morning, Ferrybridge Credit Union, Rupert speaking."),
         C("Hi. I've had a letter saying my loan repayment bounced, and I'm frightened it'll go on my credit "
           "file. We're in the middle of buying a flat.", "M"),
         A("Can I have your member number?"),
         C("Sorry, I don't know it. It isn't on the letter."),
         A("Your date of birth, then."),
         C("Ninth of November, ninety one. I'm really worried this will stop us getting the mortgage.", "M"),
         A("I think it'll probably be fine.", "i_think"),
         C("Probably?"),
         A("Let me check properly. The repayment bounced because your bank changed your sort code. I'm sorry "
           "for the fright. I'll take it again tomorrow and nothing will be reported.", "E")),
    ],
    "jargon": [
        (A("Hello, Solent Solar, Marta speaking."),
         C("Hi, my solar payment came through this week and it's about half what it normally is.", "M"),
         A("Right, that's because your generation reading was estimated, so we've paid a deemed export of "
           "fifty percent under the SEG rather than your FIT rate.", "jargon"),
         C("Hang on, deemed export? I don't understand a word of that. What am I supposed to do?", "M"),
         A("Can you send us a photo of the meter with today's date on it?"),
         C("I suppose so.")),
        (A("Hi, Tallis IT Support, Yusuf speaking."),
         C("Hi, I can't get into my work email since this morning and I've got a client meeting at ten."),
         A("Oh, that's bad timing with a meeting coming up. Let's get you back in.", "E"),
         A("Your MFA token's expired, so you'll need to re-enrol the authenticator through the SSO portal.",
           "have_to", "jargon"),
         C("Sorry, I don't follow any of that. I'm not very good with computers."),
         A("Please don't apologise, that was far too technical of me. It just means your phone has to be "
           "linked to your email again, and I'll talk you through it step by step.", "E")),
    ],
    "details_first": [
        (A("Roadstar Breakdown, Ewan speaking, how can I help?"),
         C("Hi, my car's just died on the ring road, I've got my two year old in the back and it's getting "
           "dark.", "M"),
         A("Can I take your membership number?"),
         C("It's on a card in my purse, hang on. I can't find it."),
         A("What's the registration of the car, then?"),
         C("Y K one nine, B T F."),
         A("Thank you. I'm so sorry, that's a frightening spot to be in with a little one. A patrol will be "
           "with you in twenty minutes. Please wait behind the barrier if it's safe.", "E")),
        (A("Hello, Marlowe Schoolwear, Esme speaking."),
         C("Hi, I ordered my son's school uniform three weeks ago, it still hasn't come, and he starts on "
           "Monday.", "M"),
         A("What's the order reference?"),
         C("I don't know, I can't find the email. Sorry."),
         A("Which school is he going to?"),
         C("Hillside Primary."),
         A("Thanks, I've found it. The blazer is out of stock, so you'll have to wait another ten days for "
           "the whole order.", "have_to")),
    ],
    "empathy_words": [
        (A("Good evening, Orwell Railways, Niamh speaking."),
         C("Hi, I left my laptop on the train last night and my whole dissertation is on it."),
         A("Oh, that's a horrible sinking feeling. I'd be in bits too. Let's see if it's been handed in.", "E"),
         C("Please. It's due on Monday."),
         A("Good news, it has. It's at the lost property office at the main station, and I've put it on hold "
           "in your name so it's waiting for you in the morning.", "E")),
        (A("Hello, Fixwell Phone Repairs, Bilal speaking."),
         C("Hi. I've been on hold for forty minutes, and my repair was meant to be ready on Tuesday."),
         A("@queue-thankyou", "E"),
         A("Forty minutes on hold, on top of a late repair, is a lot to put up with.", "E"),
         C("It is. I need the phone for work."),
         A("The screen part was held up at our supplier, and that's down to us. I'll lend you a phone today "
           "and ring you the moment yours is ready.", "E")),
    ],
    "questions": [
        (A("Hello, Stepwise Driving School, Aled speaking."),
         C("Hi, I'd like to book some lessons for my son. He's just turned seventeen."),
         A("Lovely. Does he need to learn in a manual, or would an automatic suit him?"),
         C("Manual, please."),
         A("And does he have to fit the lessons around college?"),
         C("Yes, afternoons are best."),
         A("That's fine. He must bring his provisional licence to the first lesson.", "have_to"),
         C("I'll make sure he does."),
         A("Great. Is there anything else you need to ask before I book him in?")),
        (A("Good morning, Meridian Visa Services, Freya speaking."),
         C("Hi, I'm applying for a work visa. What do I need to send you?"),
         A("Do you have to travel before June, or are your dates flexible?"),
         C("I fly on the second of May."),
         A("Then you need to book your fingerprint appointment this week.", "have_to"),
         C("Okay. Do I have to bring my old passport as well?"),
         A("Yes, bring both, please. Do you need to ask anything about the forms?"),
         C("No, that's everything, thanks.")),
    ],
    "customer_words": [
        (A("Hello, Gearbox Cycles, Kwame speaking."),
         C("@im-sorry"),
         C("I think I've dialled the wrong shop. No, wait, do you do bike servicing?", gap=0.3),
         A("We do, yes. What sort of bike is it?"),
         C("I don't know really, a blue one with gears. Sorry, bikes aren't my thing."),
         A("That's no problem at all. Bring it in on Saturday and we'll take a look."),
         C("No rush on it. Thanks so much.")),
        (A("Good afternoon, Albion Hall Box Office, Rosie speaking."),
         C("Hi, no, I haven't booked anything yet, sorry. I don't know if Friday's concert is sold out."),
         A("There are a few seats left in the balcony."),
         C("@vm-no"),
         C("Not the balcony, my mum can't manage stairs. Sorry, is there anything downstairs?", gap=0.3),
         A("There are two seats at the end of row F, with step free access."),
         C("Oh, I don't know, I should check with her. No, actually, I'll take them."),
         A("Lovely, I'll book those now.")),
    ],
    "long_warm": [
        (A("Hello, Castlegate Council, Hamish speaking."),
         C("Hi, my son's moved away to university. Does that change anything with my council tax?"),
         A("It might, and it's well worth checking. If you're now the only adult living there, you can get "
           "twenty five percent off your bill. Students don't count as adults for council tax, so even when he "
           "comes home for the holidays you still qualify. You can apply on our website, or I can do it with "
           "you now, and we'll backdate it to the day he moved out."),
         C("Oh, that's great news."),
         A("It is. Let's sort it out while you're on the phone.")),
        (A("Hi, Halcyon Car Chargers, Noor speaking."),
         C("Hi, we've just had a charger fitted and I'm not sure how to make it charge overnight."),
         A("That's easy to set up, and it only takes a couple of minutes. Open the charger app and tap "
           "schedule at the bottom of the screen. Pick the hours your cheaper rate runs, which for most people "
           "is midnight to five, and choose the nights you want it to run. Then just plug the car in when you "
           "get home, and the charger waits for the cheap hours before it starts. If you ever need a quick "
           "top up, the boost button charges straight away."),
         C("Perfect, that's really clear."),
         A("Glad to help. Enjoy the new car.")),
    ],
    "cold": [
        (A("Good morning, Nettlefield Garden Centre, Tobias speaking, how can I help today?"),
         C("Hi, I ordered a shed for Saturday and nobody came. I waited in all day.", "M"),
         A("Deliveries were moved.", "cold"),
         C("Nobody told me, though. I took the day off for it.", "M"),
         A("You'd have had a text.", "cold", "argue"),
         C("Well, I didn't. When can you come?"),
         A("Next Thursday.", "cold")),
        (A("Hi there, Reelbox TV, you're through to Shona, lovely to hear from you!"),
         C("Hi, my subscription's gone up by three pounds this month and nobody told me.", "M"),
         A("Prices changed in April.", "cold"),
         C("Can I go back to the old price?"),
         A("No.", "flat_no", "cold"),
         C("So what can I do, then?"),
         A("Cancel, or keep paying.", "cold")),
    ],
    "numbers": [
        (A("Hello, Calder Card Services, Fergus speaking."),
         C("Hi, I think I've lost my credit card. I had it at the petrol station and now it's gone."),
         A("@sorry-youre-having-problems", "E"),
         A("Let's get it stopped straight away, so nobody else can use it. What's the card number?", "E"),
         C("Forty seven sixteen, twenty two ninety one, oh five eighty eight, thirty three forty.",
           num="4716229105883340"),
         A("Thank you. That card's blocked now, and a new one will be with you in three to five days."),
         C("Can you ring me when it's posted? My number's oh one six one, triple four, two nine oh eight.",
           num="01614442908"),
         A("Of course, I'll ring you on that number.")),
        (A("Good morning, Ashgrove Building Society, Anika speaking."),
         C("Hi, I'd like to move some money into my savings. The account number is"),
         C("@digits:83016472", num="83016472", gap=0.3),
         A("Thank you. And for security, the phone number we have for you?"),
         C("Oh two oh, seven nine four six, one one five eight. Sorry, no, one one eight five.",
           num="02079461185"),
         A("Thanks, that matches. There's nothing more I can do over the phone for a transfer that size, "
           "you'll have to pop into a branch.", "nothing_more", "have_to"),
         C("Oh. Is there one in town?")),
    ],
}
