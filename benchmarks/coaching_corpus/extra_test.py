"""Two more phrasings per scenario for the TEST split (phrasings 7 and 8), written and committed
before the second tuning round and before any of them was scored.

Why: the first test split held only 3 avoid_phrase events, so one event moved its F1 by 0.2-0.3.
These calls are written in new words, for companies, products and situations that no other script
uses, with the avoid_phrase intents spread over the scenarios as a support trainer would meet them.
They are only scored, never inspected call by call, and no rule is changed because of one of them.
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

EXTRA_TEST: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Good afternoon, Harbour Gym, Priya speaking."),
         C("Hi. I cancelled my membership in March but the money is still coming out every month.", "M"),
         A("Okay. Can I have your membership number?"),
         C("I don't have it with me."),
         A("I think the payments should stop on their own next month.", "i_think")),
        (A("Hello, Meadow Veg Boxes, Tom speaking."),
         C("Hi. My box came yesterday but half the vegetables were mouldy, and it's the second time this month."),
         A("Oh, that's not what you should be getting, I'm really sorry.", "E"),
         C("Thanks."),
         A("I'll credit this week's box and speak to the packing team myself.", "E")),
    ],
    "worry": [
        (A("Thanks for calling Saffron Building Society, Owen speaking."),
         C("Hello, I've just seen a payment of three hundred pounds to a shop I've never heard of, "
           "and I'm scared someone has my card.", "M"),
         A("Can you tell me the first line of your address?"),
         C("Twelve Mill Lane."),
         A("Thank you. I'm sorry this happened. I've frozen the card, so nothing else can go out.", "E"),
         C("Will I get the money back?"),
         A("There's nothing more I can do today, the fraud team decides that.", "nothing_more")),
        (A("Hello, Poppy Travel, Jess speaking."),
         C("Hi, our flight is on Friday and I still haven't got the tickets. I'm really anxious about it."),
         A("I can hear that's been weighing on you, let's sort it out right now.", "E"),
         C("Thank you."),
         A("Could you check your inbox for me?")),
    ],
    "jargon": [
        (A("Good morning, Thistle Internet, Dev speaking."),
         C("Hi, my internet keeps dropping in the evenings."),
         A("Let me look. Your line's SNR margin falls after six, so the DSLAM resyncs the connection.", "jargon"),
         C("I'm sorry, what does that mean? What am I supposed to do?", "M"),
         A("Are you using the router we sent you?"),
         C("Yes."),
         A("Then I'll lower the speed a little so it stays connected from tonight.", "E")),
        (A("Hello, Fennel Accountancy, Ruth speaking."),
         C("Hi, I got a letter about my tax and I don't follow it."),
         A("I'm sorry it's confusing, those letters aren't easy to read.", "E"),
         A("Basically, HMRC applied an emergency code through PAYE, so your P sixty shows an overpayment.",
           "jargon"),
         C("Sorry, you've lost me there."),
         A("My fault, that was a lot of jargon. Put simply, you paid too much tax and you'll get it back.", "E")),
    ],
    "details_first": [
        (A("Hi, Cobalt Water, Leon speaking."),
         C("Hello, there's water coming through my kitchen ceiling from the flat above and nobody is answering.",
           "M"),
         A("What's your account number?"),
         C("I'm not sure."),
         A("That's fine, I'll find you by your address. I'm sending someone out within the hour.", "E")),
        (A("Good evening, Juniper Pharmacy, Helen speaking."),
         C("Hi, my prescription was meant to be ready today but you've told me it's not in, "
           "and I've run out of my tablets.", "M"),
         A("Can I take your date of birth?"),
         C("Fourth of May, nineteen sixty."),
         A("Thanks. Nobody here would have told you it was ready today.", "argue"),
         C("Well, someone did."),
         A("I'm sorry for the mix up. I'll get you an emergency supply in twenty minutes.", "E")),
    ],
    "empathy_words": [
        (A("Hello, Larkspur Housing, Ben speaking."),
         C("The heating in my flat has been broken for five days and my kids are cold."),
         A("Five days with children in the cold, that must be so hard.", "E"),
         C("It really is."),
         A("I'm putting this through as an emergency, and I'll make sure someone comes today.", "E")),
        (A("Hi, Marigold Airlines, Zoe speaking."),
         C("My suitcase didn't arrive, and it had my daughter's medicine in it."),
         A("Oh, that's a real worry, I completely understand.", "E"),
         C("Yes."),
         A("You've been very patient with us. I'll trace the bag now and get the medicine to you tonight.", "E")),
    ],
    "questions": [
        (A("Hello, Sorrel Car Hire, Ian speaking."),
         C("Hi, I'd like to book a car for next weekend."),
         A("Lovely. Do you need to add a second driver?"),
         C("No, just me."),
         A("And will you have to drop it off at a different branch?"),
         C("No, the same one."),
         A("Okay. You'll have to bring your driving licence and a bank card.", "have_to")),
        (A("Good afternoon, Primrose Opticians, Kate here."),
         C("Hi, can I move my eye test?"),
         A("Of course. Is there a day you need to avoid?"),
         C("Mondays, and the week after next."),
         A("You have to call back next week, the diary isn't open yet.", "have_to"),
         C("Oh, okay."),
         A("Is there anything else you have to sort out today?"),
         C("No, that's all.")),
    ],
    "customer_words": [
        (A("Hello, Walnut Insurance, Faye speaking."),
         C("Hi, sorry, I'm ringing about my renewal."),
         A("Of course, what would you like to know?"),
         C("I don't know if the price has gone up."),
         A("It's gone up by four pounds a month."),
         C("Why is that?"),
         A("I don't know, the system sets the price.", "dont_know"),
         C("No, that's fine, thanks.")),
        (A("Good morning, Hazel Libraries, Mark here."),
         C("Hi. No, sorry, I mean, I don't know my library card number."),
         A("No problem, I can look it up with your name."),
         C("It's Sam Pike."),
         A("Got it. Your books are due back on Friday."),
         C("Oh, no, sorry, I thought it was today."),
         A("Friday it is, so you have plenty of time.")),
    ],
    "long_warm": [
        (A("Hello, Clover Solar, Anna speaking."),
         C("Hi, how does selling electricity back to the grid work?"),
         A("Great question, I'm happy to explain. When your panels make more power than your home is using, "
           "the extra goes out to the grid through your meter. The meter counts every unit you send, and "
           "each quarter we pay you for them at the export rate on your plan. You don't need to do anything "
           "yourself, it all happens on its own."),
         C("Oh, that's good."),
         A("It is. Shall I send you a summary by email?")),
        (A("Hi, Bluebell Council, Greg speaking."),
         C("Hi, I'm moving house next month. What do I do about council tax?"),
         A("Thanks for letting us know early, that makes it much easier. Tell us the date you move out and "
           "your new address, and we'll close this account on that day. If you've paid ahead, we send the "
           "difference back to your bank within two weeks. And if you're staying in the area, we'll simply "
           "move the account over for you."),
         C("That sounds simple."),
         A("It is, and I can set it up for you right now.")),
    ],
    "cold": [
        (A("Good morning, Acorn Furniture, Lily speaking, how lovely to hear from you!"),
         C("Hi, my sofa was meant to arrive today and it hasn't come."),
         A("Oh, I'm sorry, let me check where it is for you.", "E"),
         C("Thank you."),
         A("It's on tomorrow's van.", "cold"),
         C("Tomorrow? I can't take another day off, this is ridiculous.", "M"),
         A("Please calm down. It comes tomorrow, between eight and six.", "calm_down", "cold")),
        (A("Hello, Heron Vets, Ella speaking, lovely to hear from you!"),
         C("Hi, I'd like to book my cat's vaccinations."),
         A("Of course, we'd love to see her. When suits you?"),
         C("Thursday afternoon?"),
         A("Two thirty.", "cold"),
         C("Great, and how much will it be?"),
         A("Fifty pounds.", "cold")),
    ],
    "numbers": [
        (A("Hello, Willow Bank, Sara speaking."),
         C("Hi, I want to check a payment. My account number is three one, nine two, six four, eight seven.",
           num="31926487"),
         A("Thanks. I can see the payment on the twelfth."),
         C("Can you tell me who took it?"),
         A("I can't do anything about that payment.", "cant"),
         C("Right.")),
        (A("Hi, Aspen Utilities, Neil here."),
         C("Hi, I'd like to pay my bill by card. It's five four one two, seven five, double three, "
           "nine zero zero one, two four six eight.", num="5412753390012468"),
         A("Thank you, and the three digits on the back?"),
         C("Can you take it without those?"),
         A("No.", "flat_no"),
         C("Oh, okay. Give me a second.")),
    ],
}
