"""Scripts of the coaching development corpus, written before any analyzer was tuned on them.

Each scenario of issue 15 is written in five independent phrasings (other companies, other
products, other words than the fixtures). Phrasings 0, 2, 4 of every scenario form the tune split,
1 and 3 the test split (:func:`split_of`), so both splits hold every scenario. Phrasings 5 and 6
(``EXTRA_TUNE``) were written after the first tuning round, for the tune split only.

A line is ``A(text, *tags)`` (agent) or ``C(text, *tags)`` (customer). Tags are the truth a support
trainer would mark on that line:

- agent: ``E`` an empathy moment (acknowledgement, apology or ownership), ``cold`` delivered
  flat and quiet (the line is a ``cold_tone`` window), and one avoid_phrase per intent it
  carries: ``have_to``, ``dont_know``, ``nothing_more``, ``calm_down``, ``cant``, ``i_think``,
  ``argue``, ``jargon``, ``flat_no``;
- customer: ``M`` distress or a problem statement the agent's reply (the agent lines up to the
  customer's next line) does not acknowledge: a ``missing_empathy`` from this line to that reply.

``num=`` is the digits of a number the line reads out (the redaction check looks for them in
every output). A text starting with ``@`` is a real human recording from the asterisk prompts
(Allison): ``@im-sorry`` plays that prompt; ``@digits:4111...`` reads digits one prompt each.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class L:
    role: str
    text: str
    tags: tuple[str, ...] = ()
    num: str = ""
    gap: float = 0.6


def A(text: str, *tags: str, gap: float = 0.6) -> L:  # noqa: N802 - reads as a script
    return L("agent", text, tags, gap=gap)


def C(text: str, *tags: str, num: str = "", gap: float = 0.6) -> L:  # noqa: N802
    return L("customer", text, tags, num=num, gap=gap)


@dataclass(frozen=True)
class Script:
    name: str
    scenario: str
    phrasing: int
    lines: tuple[L, ...]
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)


SCENARIOS: dict[str, list[tuple[L, ...]]] = {}

# ------------------------------------------------------------------ indirect complaints
SCENARIOS["indirect"] = [
    (A("Good afternoon, Brightwave Energy, Priya speaking."),
     C("Hi. I've just looked at my statement and you've taken the direct debit twice this month. "
       "I'm not happy about that at all.", "M"),
     A("Okay. Can you confirm the first line of your address?"),
     C("It's the flat above the bakery on Mill Road."),
     A("Thank you. I can see both payments, and I will refund the second one today.", "E")),
    (A("Hello, you're through to Cobalt Mobile, this is Marcus."),
     C("Hello. I cancelled my gym add on back in March, but it's still on my bill every month.", "M"),
     A("What is the phone number on the account?"),
     C("It's the one I'm calling from."),
     A("Right, I have it here. That add on should have stopped, so I'm going to remove it and credit "
       "the months you paid.", "E")),
    (A("Thanks for calling Lakeside Water, my name is Erin."),
     C("Yes, hi. The engineer was meant to come on Tuesday, nobody turned up, and I took the day off work "
       "for it.", "M"),
     A("Do you have the booking reference?"),
     C("Not to hand, no."),
     A("That's fine, I can find it with your postcode."),
     C("Honestly it's not the first time this has happened either."),
     A("@im-sorry", "E"),
     A("I'll make sure the engineer comes first thing tomorrow.", "E")),
    (A("Northgate Bank, Oliver speaking, how can I help?"),
     C("My new card arrived but it doesn't work in any shop, it just gets declined every single time.", "M"),
     A("Can I take your full name please?"),
     C("Ruth Ambrose."),
     A("@one-moment-please"),
     A("Thanks Ruth. I'll look into why it is being declined and get it working for you.", "E")),
    (A("Hi, Tandem Broadband, Grace here."),
     C("Hi Grace. I was promised a call back yesterday and it never came, so here I am again.", "M"),
     A("Okay, and what's the account holder's date of birth?"),
     C("The fourth of May."),
     A("Thank you. I can see the note from yesterday. I'll make sure the fault team calls you before "
       "five today.", "E")),
]

# ------------------------------------------------------------------ worry
SCENARIOS["worry"] = [
    (A("Good morning, Ridgeway Bank, this is Tom."),
     C("Morning. There's a payment on my account that I don't recognise, and I'm a bit worried someone "
       "has got hold of my details.", "M"),
     A("What is your sort code?"),
     C("I'd have to find my card."),
     A("No rush. While you find it, I can tell you we can freeze the card straight away if needed.")),
    (A("Hello, Meadow Insurance, Kate speaking."),
     C("Hello, I got a letter saying my policy lapses on Friday, and I'm really anxious because my car "
       "is on it."),
     A("I can hear that's been worrying you, let's get it sorted.", "E"),
     C("Thank you."),
     A("Could you read me the policy reference at the top of the letter?")),
    (A("Thanks for calling Harbor Pharmacy, I'm Luis."),
     C("Hi, my mum's prescription hasn't arrived and she runs out tomorrow. I'm scared she'll go without.",
       "M"),
     A("What is the patient's date of birth?"),
     C("Twelfth of August."),
     A("Thank you. I'll have the pharmacist send it by courier today, so she won't be without it.", "E")),
    (A("Pinecrest Utilities, this is Hannah, how can I help?"),
     C("I've had an email saying my account will be closed unless I confirm my details, and I'm nervous "
       "it's a scam."),
     A("You're right to be careful, and I'd be wary of that email too.", "E"),
     C("So it's not from you?"),
     A("We never ask for details by email, so please don't reply to it.")),
    (A("Hello, Summit Telecom, Adam speaking."),
     C("Hi. My bill is three times what it normally is and I'm worried I won't be able to pay it.", "M"),
     A("Can I have the account number, please?"),
     C("I think it's on the bill somewhere."),
     A("Take your time."),
     C("Okay, I have it."),
     A("Thanks. I'll go through the charges with you and set up a payment plan if you need one.", "E")),
]

# ------------------------------------------------------------------ confusion after jargon
SCENARIOS["jargon"] = [
    (A("Hello, Fibrelink support, Dan speaking."),
     C("Hi, my internet keeps cutting out in the evenings."),
     A("That sounds annoying, let me check the line for you.", "E"),
     A("Okay, your ONT is showing a high bit error rate, so I'll reprovision the port.", "jargon"),
     C("Sorry, I don't understand what that means. What am I supposed to do?", "M"),
     A("You don't need to do anything, the connection resets from our side.")),
    (A("Welcome to Corvid Cloud billing, Mia speaking."),
     C("Hi, I was charged for something called a reserved instance and I've no idea what it is."),
     A("I'm sorry it's confusing, I'll explain it.", "E"),
     A("Your invoice shows prorated amortization of the upfront commitment.", "jargon"),
     C("What does that mean? I'm completely lost.", "M"),
     A("It means you paid a year in advance, and each month shows a part of that payment.")),
    (A("Good morning, Vantage Routers, Sam here."),
     C("Morning. My new router won't connect to the internet.", "M"),
     A("Okay. Please check whether the WAN LED is solid and the DHCP lease was granted.", "jargon"),
     C("I'm sorry, what's a DHCP lease?"),
     A("Sorry, that was technical. I mean, is the light on the front steady green?", "E")),
    (A("Hello, Ledgerly accounts, Ben speaking."),
     C("Hi, my payroll run failed this morning and I don't know why.", "M"),
     A("It failed because the BACS submission was rejected by the bureau after the cutoff.", "jargon"),
     C("You've lost me. What does that mean?", "M"),
     A("The payment file arrived too late for the bank, so it will go out on the next working day.")),
    (A("Thanks for calling Orbit Television, my name is Rosa."),
     C("Hello, my TV box keeps freezing on some channels."),
     A("I'm sorry about that, it's frustrating when it freezes.", "E"),
     A("I can see the transponder has a low signal to noise ratio on your LNB.", "jargon"),
     C("Sorry, what? I don't follow."),
     A("My apologies. It means the dish isn't getting a strong signal, and an engineer can adjust it.",
       "E")),
]

# ------------------------------------------------------------------ account details first
SCENARIOS["details_first"] = [
    (A("Hi, Westbrook Energy, Jamie here."),
     C("Hi. My meter reading is wrong on the bill and it's doubled what I pay.", "M"),
     A("Can I have your postcode please?"),
     C("Yes, it's the one on the bill."),
     A("Thanks. I'll correct the reading and send you a new bill.", "E")),
    (A("Good morning, Silverline Rail, this is Nina."),
     C("Morning. I bought a ticket online and the money left my account but I never got the ticket.", "M"),
     A("What's the email address you booked with?"),
     C("My work one."),
     A("Found it. The booking failed, and I'm so sorry for the trouble.", "E"),
     A("The refund will reach your account within two days.")),
    (A("Hello, Copperfield Council, you're speaking with Raj."),
     C("Hello. I'd like to change the day my bins are collected."),
     A("Sure. What's your street name?"),
     C("Willow Close."),
     A("Thanks. Collections there are on Thursdays, and I can add a reminder for you.")),
    (A("Thanks for calling Quayside Hotels, I'm Ella."),
     C("Hi. We arrived last night and our room had not been cleaned, and we had to wait two hours.", "M"),
     A("Could I take the booking name?"),
     C("Morgan."),
     A("Thank you. I'll refund one night of your stay and make sure the manager knows what happened.", "E")),
    (A("Hello, Beacon Internet, Chris speaking."),
     C("Hi, I moved house and I want to move my broadband to the new place."),
     A("Happy to help. What is the account number?"),
     C("I'll read it from my email."),
     A("Great, take your time.")),
]

# ------------------------------------------------------------------ empathy in varied words
SCENARIOS["empathy_words"] = [
    (A("Hello, Marlow Travel, Anna speaking."),
     C("Hi. Our flight was cancelled, we're stuck at the airport with two small children, and nobody can "
       "tell us anything."),
     A("That sounds incredibly stressful, especially with little ones.", "E"),
     C("It is."),
     A("Let me find you the next flight and a hotel for tonight.")),
    (A("Good afternoon, Keystone Couriers, this is Leo."),
     C("I've been waiting in all week for a parcel and it still hasn't come."),
     A("You've been really patient with us, and I appreciate it.", "E"),
     C("Well, I'm running out of patience now."),
     A("I'll get it on a van for tomorrow morning and text you the time slot.", "E")),
    (A("Hi, Redwood Bank, Ivy speaking."),
     C("Someone has been using my card in another country and I'm frightened they'll empty my account."),
     A("I would be worried too if that happened to me.", "E"),
     C("So what happens now?"),
     A("I've stopped the card, and I'll send a new one out today by special delivery.", "E")),
    (A("Thank you for calling Alder Phones, Noah here."),
     C("My phone screen went black after your update and I lost all my photos."),
     A("Oh no, losing your photos is awful, no wonder you're upset.", "E"),
     C("Yes, please help."),
     A("Let's see what we can get back. Is the phone switched on right now?")),
    (A("Hello, Fernhill Clinic bookings, my name is Zoe."),
     C("This is the third time my appointment has been moved and I've had to rearrange my shifts each time."),
     A("I can see why that would be so frustrating for you.", "E"),
     C("It really is."),
     A("I'll book you in with the same doctor and mark it so it can't be moved again.", "E")),
]

# ------------------------------------------------------------------ questions with need to / have to
SCENARIOS["questions"] = [
    (A("Hello, Granite Storage, Owen speaking."),
     C("Hi, I'd like to upgrade to a bigger unit."),
     A("Certainly. Do you need to move in before the weekend?"),
     C("Ideally, yes."),
     A("Great, I can reserve one for Friday. Is there anything else you need to sort out today?"),
     C("No, that's all, thanks.")),
    (A("Good morning, Bluebell Vets, Lily speaking."),
     C("Morning. I want to book my dog in for his jabs."),
     A("Of course. Do you have to bring him in the morning, or is the afternoon fine?"),
     C("The afternoon works."),
     A("Lovely. Can I get your surname?"),
     C("Parker.")),
    (A("Hi, Saltmarsh Software support, Ravi here."),
     C("Hi, I can't log in to the app since this morning.", "M"),
     A("Okay. You need to reset your password from the website first.", "have_to"),
     C("Right."),
     A("What device do you need to use it on?")),
    (A("Thanks for calling Hollow Oak Furniture, I'm Jess."),
     C("Hello, I'm ringing about my sofa delivery."),
     A("Sure. What do you need to know about it?"),
     C("Whether it's still coming on Monday."),
     A("It is. You will have to be home between eight and twelve.", "have_to"),
     C("That's fine.")),
    (A("Hello, Clearview Opticians, Matt speaking."),
     C("Hi, I'd like to pick up my glasses."),
     A("Do we have to order anything else for you, like a case?"),
     C("No, just the glasses."),
     A("They're ready. Can I get your name for the collection slip?"),
     C("Sara Quinn.")),
]

# ------------------------------------------------------------------ the customer's own "I don't know", "sorry", "no"
SCENARIOS["customer_words"] = [
    (A("Hello, Larkspur Gas, Ian speaking."),
     C("Hi. Sorry, I don't know my customer number."),
     A("No problem at all, I can find you with your name."),
     C("It's Helen Marsh."),
     A("Thanks Helen. Is the account at the address on Station Road?"),
     C("No, it's the new one on Bridge Street.")),
    (A("Good afternoon, Northwind Books, Chloe here."),
     C("Hello, I'd like to order a book but I don't know the exact title."),
     A("That's fine, do you know the author?"),
     C("Sorry, no, I don't."),
     A("Not a worry. Tell me what it's about and we'll track it down.")),
    (A("Hello, Thistle Mobile, Gavin speaking."),
     C("Hi, I want to add my son to my plan."),
     A("Sure. Does he already have a phone with us?"),
     C("No. Sorry, I'm not sure what he has, actually."),
     A("No worries, I'll send you a link so he can check."),
     C("Okay, thanks.")),
    (A("Thanks for calling Elmstead Library, my name is Ruby."),
     C("Hi. I don't know if you can help, but I want to renew two books."),
     A("I can do that for you. Is it the card ending in seven?"),
     C("No, I have a new card. Sorry, I left it upstairs."),
     A("That's okay, I'll find it with your date of birth.")),
    (A("Hello, Sandpiper Taxis, Kieran speaking."),
     C("Hi, I need a taxi to the station tomorrow, I don't know the exact time yet."),
     A("No problem. Shall I book it for the morning and you can confirm later?"),
     C("No, the afternoon would be better."),
     A("Sure, I'll put it in for two o'clock and you can change it.")),
]

# ------------------------------------------------------------------ long, even explanations by a warm agent
SCENARIOS["long_warm"] = [
    (A("Hello, Oakridge Energy, Sophie speaking."),
     C("Hi, can you explain how the new tariff works?"),
     A("Of course. The new tariff has two rates. During the day you pay the standard rate, and between "
       "midnight and seven in the morning you pay about half of that. If you run the washing machine or "
       "charge a car overnight, most people save around ten percent on their bill."),
     C("That sounds good."),
     A("It does suit a lot of people. I can send you a summary by email so you can compare.")),
    (A("Good morning, Ironbridge Insurance, Daniel speaking."),
     C("Morning, what does my policy cover if a pipe bursts?"),
     A("Great question. Your policy covers the repair of the damage the water causes, like floors, walls "
       "and ceilings, and the cost of finding the leak. It does not cover the pipe itself, but most "
       "plumbers charge very little for that part, and we can recommend one near you."),
     C("Okay, that's helpful."),
     A("Glad it helps. Is there anything else about the policy I can go through?")),
    (A("Hi, Starling Broadband, Megan here."),
     C("Hi, I'd like to understand why my speed changes during the day."),
     A("Sure, happy to explain. In the evening more people in your area are online at once, so the shared "
       "part of the network gets busier. Your line is still the same, but the traffic is heavier, a bit "
       "like a motorway at rush hour. In the morning it's quieter, so it feels faster."),
     C("Ah, I see."),
     A("If it ever drops below the speed we promised, call us and we'll look at it right away.")),
    (A("Thank you for calling Hazel Bank, Andrew speaking."),
     C("Hello, how does the savings account bonus work?"),
     A("Happy to go through it. You earn the base rate on everything in the account, and if you don't "
       "take any money out during the year, we add a bonus at the end of it. You can still pay in as "
       "often as you like, and the bonus is worked out on your average balance."),
     C("Great, thanks."),
     A("You're welcome. Would you like me to open one for you today?")),
    (A("Hello, Riverside Dental, Fiona speaking."),
     C("Hi, what happens at a first appointment?"),
     A("At your first visit the dentist looks at your teeth and gums, takes a couple of small x rays if "
       "needed, and talks you through anything they find. It usually takes about half an hour, and you "
       "can ask as many questions as you like along the way."),
     C("Okay, that's reassuring."),
     A("Lovely. Shall I find you a time next week?")),
]

# ------------------------------------------------------------------ an agent who turns cold
SCENARIOS["cold"] = [
    (A("Hello, Brookfield Water, this is Alice, how can I help today?"),
     C("Hi, I'd like to set up a payment plan for my bill."),
     A("Of course, I'd be glad to help you with that. Let me bring up your account."),
     C("Thank you. I'd like to pay monthly."),
     A("Fine. The plan starts next month. The amount is on the letter.", "cold"),
     C("Okay. Will I get a letter?"),
     A("Yes. It comes in the post. Anything else.", "cold")),
    (A("Good afternoon, Maple Mobile, Peter speaking, what can I do for you?"),
     C("Hi, I want to change my plan to one with more data."),
     A("Great choice, we have some lovely plans at the moment! Let me go through them with you."),
     C("The unlimited one sounds good."),
     A("Right. That is twenty five a month. It starts on your next bill.", "cold"),
     C("And do I keep my number?"),
     A("Yes. Your number stays the same.", "cold")),
    (A("Hello there, Cedar Homes lettings, Laura speaking!"),
     C("Hi, I'm calling to ask when my deposit will be returned."),
     A("Of course, I can check that for you right now."),
     C("I moved out two weeks ago."),
     A("The inspection is done. The deposit goes back within ten days.", "cold"),
     C("Will it be the full amount?"),
     A("I cannot say until the landlord signs it off.", "cold", "cant")),
    (A("Hi, Aspen Gym memberships, Connor here, how can I help?"),
     C("Hello, I'd like to freeze my membership for a month."),
     A("Absolutely, lots of members do that over the summer."),
     C("Great, starting from next week."),
     A("Done. The freeze is from Monday. Payments stop for a month.", "cold"),
     C("Okay, thanks."),
     A("Goodbye.", "cold")),
    (A("Good morning, Heron Airlines, Olivia speaking, how may I help you?"),
     C("Hi, I want to add a bag to my booking."),
     A("Of course! I can add that for you in just a moment."),
     C("It's for the flight on Saturday."),
     A("Okay. One bag is added. The fee is taken from your card.", "cold"),
     C("Is that all I need?"),
     A("Yes. That is all.", "cold")),
]

# ------------------------------------------------------------------ numbers read out
SCENARIOS["numbers"] = [
    (A("Hello, Juniper Payments, Nathan speaking."),
     C("Hi, I'd like to pay my bill by card."),
     A("Of course. Could you read me the long number on the card?"),
     C("@digits:4111111111111111", num="4111111111111111"),
     A("Thank you, and the expiry date?"),
     C("Twelve twenty eight.")),
    (A("Good afternoon, Pebble Energy, Amy here."),
     C("Hi, I want to check my balance."),
     A("Sure, what's your account number?"),
     C("It's seven three nine, double four, eight one two six.", num="739448126"),
     A("Thank you. Your balance is twenty dollars in credit.")),
    (A("Hello, Wren Mobile, Josh speaking."),
     C("Hi, I'd like a call back later today."),
     A("No problem, what number should we call?"),
     C("@digits:5551234567", num="5551234567"),
     A("Great, we'll call you this afternoon.")),
    (A("Thanks for calling Fjord Finance, Kara speaking."),
     C("Hello, I want to make a payment. My card number is five five five five, five five five five, "
       "four four four four, four four four four.", num="5555555544444444"),
     A("Thank you. And the security code on the back?"),
     C("Three one seven.")),
    (A("Hello, Poplar Broadband, Dev speaking."),
     C("Hi, my account number is eight oh oh two, four six nine one, three three.", num="8002469133"),
     A("Thanks. And a phone number in case we get cut off?"),
     C("Zero seven seven double zero, nine eight six, five four three.", num="07700986543"),
     A("Perfect, thank you.")),
]


# ------------------------------------------------------------------ more tune calls (written after round one)
EXTRA_TUNE: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Good morning, Pennant Water, Joe speaking."),
         C("Hi. The water pressure dropped last week and it's still really weak upstairs.", "M"),
         A("What's the postcode of the property?"),
         C("It's on the letter."),
         A("Okay. I'll send a technician to check the pressure valve this week.", "E")),
        (A("Hi, Larch Electrics, Anita speaking."),
         C("Hello. The kettle I bought from you stopped working after two days."),
         A("Oh no, that's really annoying when it's brand new.", "E"),
         C("It is. I only bought it on Saturday."),
         A("Let's get you a replacement. Do you have the receipt?")),
    ],
    "worry": [
        (A("Hello, Tern Bank, Felix speaking."),
         C("Hi. I got a text saying my account is locked and I'm worried I can't pay my rent tomorrow."),
         A("That sounds really worrying, especially with rent due.", "E"),
         C("It is."),
         A("Let me check the account for you. Could I take your date of birth?")),
        (A("Thanks for calling Osprey Energy, Mira here."),
         C("Hi, I'm concerned because my smart meter says I owe four hundred pounds.", "M"),
         A("Can you read me the meter serial number?"),
         C("Just a second."),
         A("Thanks. I'll look into the reading and call you back today.", "E")),
    ],
    "jargon": [
        (A("Hello, Beacon Hosting, Carl speaking."),
         C("Hi, my website is showing an error page."),
         A("Sorry about that, let me take a look.", "E"),
         A("Okay, your CNAME record points to the old origin server, so the TLS handshake fails.", "jargon"),
         C("I'm sorry, I'm not technical. What does that mean?", "M"),
         A("The address your site uses is pointing to an old computer. I can change it now.")),
        (A("Good afternoon, Lumen Pensions, Harriet here."),
         C("Hi, I want to know how much I can take out of my pension."),
         A("Sure. Your uncrystallised funds pension lump sum is subject to the lifetime allowance.", "jargon"),
         C("Sorry, I'm completely lost."),
         A("My apologies, let me put it simply. You can take a quarter of it without tax.", "E")),
    ],
    "details_first": [
        (A("Hello, Drift Telecom, Amir speaking."),
         C("Hi. My phone has had no signal at home since Monday and I work from home.", "M"),
         A("What's the mobile number, please?"),
         C("It's this one."),
         A("Thanks. I can see a mast fault near you, and I'm sorry for the trouble it's causing.", "E")),
        (A("Hi, Fernway Mail Order, Cara here."),
         C("Hello, I'd like to order a new catalogue."),
         A("Of course. What's your postcode?"),
         C("It's the same as before."),
         A("Lovely, I'll pop one in the post today.")),
    ],
    "empathy_words": [
        (A("Hello, Kestrel Broadband, Sean speaking."),
         C("I've been without internet for a week and I have to work from the library every day."),
         A("That must have been exhausting for you.", "E"),
         C("It has."),
         A("I'll make sure an engineer visits tomorrow morning.", "E")),
        (A("Good morning, Plover Insurance, Tess here."),
         C("My car was broken into last night and they took my laptop."),
         A("I'm so sorry, that's horrible to wake up to.", "E"),
         C("Thank you."),
         A("Let's start the claim together. Are you somewhere safe right now?")),
    ],
    "questions": [
        (A("Hello, Robin Removals, Nick speaking."),
         C("Hi, I'd like a quote for moving house."),
         A("Great. How many rooms do you need to move?"),
         C("Three bedrooms."),
         A("And do you have to be out by a certain date?"),
         C("The end of the month.")),
        (A("Thanks for calling Finch Dental, Aisha here."),
         C("Hi, I'd like to book a check up."),
         A("Of course. You must fill in a new form before your visit.", "have_to"),
         C("Okay."),
         A("Is there anything you need to tell the dentist beforehand?"),
         C("No, nothing.")),
    ],
    "customer_words": [
        (A("Hello, Wagtail Books, Ollie speaking."),
         C("Hi. Sorry, I'm not sure if this is the right number."),
         A("No problem, what can I help with?"),
         C("I don't know how to return an order."),
         A("That's easy, I'll email you a return label now.")),
        (A("Good afternoon, Heath Veterinary, Gemma speaking."),
         C("Hi, is Doctor Patel in today?"),
         A("No, she's off today, but Doctor Lewis can see your pet at three."),
         C("Sorry, no, that's too early for me."),
         A("No worries, how about five o'clock?")),
    ],
    "long_warm": [
        (A("Hello, Quill Energy, Ross speaking."),
         C("Hi, how do I read my gas meter?"),
         A("Happy to walk you through it. On the front of the meter there is a row of black numbers and "
           "some red ones. Write down the black numbers from left to right, and leave out the red ones. "
           "Then you can type that number into the app, or tell me on the phone."),
         C("Oh, that's easy."),
         A("It is. Would you like me to take the reading now?")),
        (A("Good morning, Ember Trains, Lucy speaking."),
         C("Hi, how does the delay refund work?"),
         A("Of course. If your train arrives fifteen minutes or more late, you can claim part of your fare "
           "back. The longer the delay, the more you get back, and for an hour or more you get the whole "
           "fare. You can claim on our website with a photo of your ticket."),
         C("Brilliant, thank you."),
         A("You're welcome. Safe travels.")),
    ],
    "cold": [
        (A("Hello, Yarrow Bank, Simon speaking, lovely to hear from you!"),
         C("Hi, I'd like to order a new cheque book."),
         A("Of course, that's no trouble at all, I can do that right now."),
         C("Great, thank you."),
         A("Done. It arrives in five days.", "cold"),
         C("Will it have my new address?"),
         A("Yes. It goes to the new one.", "cold")),
        (A("Good afternoon, Bramble Council, Nadia speaking, how can I help?"),
         C("Hi, I want to pay my parking fine."),
         A("Sure, I can take that payment for you now."),
         C("It's for last Tuesday."),
         A("Okay. The fine is fifty pounds. It is paid.", "cold"),
         C("Will I get a receipt?"),
         A("By email.", "cold")),
    ],
    "numbers": [
        (A("Hello, Cygnet Loans, Beth speaking."),
         C("Hi, I want to make a payment. My card number is four five three two, one five one one, "
           "two eight three zero, three three six six.", num="4532151128303366"),
         A("Thank you, and the expiry?"),
         C("Ten twenty seven.")),
        (A("Thanks for calling Osprey Mobile, Rick here."),
         C("Hi, my phone number is zero seven nine one one, one two three, four five six.", num="07911123456"),
         A("Thanks, I have your account."),
         C("Great.")),
    ],
}
for _name, _variants in EXTRA_TUNE.items():
    SCENARIOS[_name] = SCENARIOS[_name] + _variants


def split_of(phrasing: int) -> str:
    """Test: phrasings 1 and 3 of every scenario; tune: the others (0, 2, 4, and 5, 6 written later
    for the tune split only, after the first tuning round: the test split never changed)."""
    return "test" if phrasing in (1, 3) else "tune"


def scripts() -> list[Script]:
    out = []
    for scenario, variants in SCENARIOS.items():
        for i, lines in enumerate(variants):
            out.append(Script(f"{scenario}_{i}", scenario, i, lines))
    return out
