"""Two more phrasings per scenario for the TUNE split (phrasings 9 and 10), written in the second
tuning round, after the test phrasings 7 and 8 were committed (and before any test call was scored).

Why: after round two the tune split was nearly all right, so it no longer told a rule that
generalises from one that fits; these add every avoid_phrase intent, and traps a trainer would
not flag ("I can't wait", "you don't have to worry", "no, that's right"), in new words.
"""

from __future__ import annotations

from benchmarks.coaching_corpus.lines import A, C, L

EXTRA_TUNE2: dict[str, list[tuple[L, ...]]] = {
    "indirect": [
        (A("Hello, Quarry Phones, Dan speaking."),
         C("Hi. I paid off my contract last month, but there's another bill here for forty pounds.", "M"),
         A("Right, what's the account number?"),
         C("I'll have to find it."),
         A("No.", "flat_no"),
         C("Sorry?"),
         A("You don't need it, I can search by your name.")),
        (A("Good morning, Linden Opticians, Sue speaking."),
         C("Hi. My new glasses arrived, but the lenses are scratched already."),
         A("Oh dear, I'm sorry, that shouldn't happen with new lenses.", "E"),
         C("I only opened them this morning."),
         A("I'll order you a new pair today, free of charge.", "E")),
    ],
    "worry": [
        (A("Hello, Granite Bank, Paul speaking."),
         C("Hi, I've had a letter saying my mortgage payment failed, and I'm really nervous about it.", "M"),
         A("I think it was probably a glitch.", "i_think"),
         C("Are you sure?"),
         A("Let me check for you now.")),
        (A("Good afternoon, Iris Health, Dina speaking."),
         C("Hi, I haven't heard about my test results and it's been three weeks. I'm getting worried."),
         A("Three weeks is a long time to wait, I can understand why you're worried.", "E"),
         C("Yes."),
         A("Let me find out where they are for you.")),
    ],
    "jargon": [
        (A("Hello, Vector Networks, Sam speaking."),
         C("Hi, my TV box keeps losing the internet.", "M"),
         A("Okay. The box gets a new IP from DHCP, and the lease expires overnight.", "jargon"),
         C("I'm sorry, I've no idea what that means.", "M"),
         A("Can you read me the serial number on the back?")),
        (A("Hi, Crest Insurance, Maya speaking."),
         C("Hi, I want to claim for my broken phone."),
         A("Sorry to hear it broke.", "E"),
         A("Your policy has an excess and the claim goes to our subrogation team.", "jargon"),
         C("What does that mean?"),
         A("Sorry, that was jargon. It means you pay the first fifty pounds and we pay the rest.", "E")),
    ],
    "details_first": [
        (A("Hello, Orchard Broadband, Ken speaking."),
         C("Hi, my internet has been off all day and I've got an exam online tomorrow.", "M"),
         A("Can I have the postcode?"),
         C("It's on the letter, give me a second."),
         A("You'll have to wait for the engineer.", "have_to")),
        (A("Hello, Beech Dental, Lara speaking."),
         C("Hi, I'd like to book a cleaning."),
         A("Of course. Can I take your date of birth?"),
         C("Second of June."),
         A("Lovely. We have Tuesday at ten, would that suit?")),
    ],
    "empathy_words": [
        (A("Hello, Spruce Energy, Rita speaking."),
         C("My boiler broke on Christmas Eve and I've got my parents staying."),
         A("Oh no, what awful timing for that to happen.", "E"),
         C("Tell me about it."),
         A("I'll get an engineer to you first thing tomorrow.", "E")),
        (A("Hi, Oak Pharmacy, Ben here."),
         C("I've been trying to get through for an hour."),
         A("Thank you for holding on, I know that wait is really frustrating.", "E"),
         C("It was."),
         A("How can I help today?")),
    ],
    "questions": [
        (A("Hello, Maple Gym, Joe speaking."),
         C("Hi, how do I freeze my membership?"),
         A("Sure. Do you have to be away for more than a month?"),
         C("About six weeks."),
         A("Then you don't have to worry, I can freeze it for two months."),
         C("Great.")),
        (A("Good morning, Slate Parking, Amy speaking."),
         C("Hi, I got a parking ticket but I had paid."),
         A("I'm sorry about that.", "E"),
         C("Can you cancel it?"),
         A("You must send us a photo of your receipt.", "have_to"),
         C("Fine.")),
    ],
    "customer_words": [
        (A("Hello, Birch Books, Lee speaking."),
         C("Hi, I think I ordered the wrong book, sorry."),
         A("No worries, which one did you want?"),
         C("I don't know the title, no, sorry."),
         A("No problem, tell me what it's about and I'll find it."),
         C("No, that's right, it's the blue one.")),
        (A("Hi, Cedar Taxis, Omar here."),
         C("Hi, I need a taxi at six, but I don't know if the train will be on time."),
         A("I can't wait to help, we'll track the train for you."),
         C("Oh, brilliant. Sorry, one more thing, can you take a dog?"),
         A("Of course.")),
    ],
    "long_warm": [
        (A("Hello, Pine Water, Jo speaking."),
         C("Hi, why has my water bill gone up?"),
         A("Good question, let me explain. Your bill is based on your meter, and this quarter it read a bit "
           "higher than last time. Summer usually brings that, with gardens and paddling pools. If you'd like, "
           "I can look at the last two years with you and see whether anything looks unusual."),
         C("Yes please."),
         A("Great, let's have a look together.")),
        (A("Good evening, Elm Broadband, Ravi speaking."),
         C("Hi, what's the difference between your two packages?"),
         A("Sure thing. The basic package gives you about fifty megs, which is fine for browsing and one "
           "film at a time. The faster one gives you five hundred, which helps if several people stream or "
           "play games at once. Both come with the same router and there's no setup fee."),
         C("The basic one sounds fine."),
         A("Lovely, I'll set that up for you.")),
    ],
    "cold": [
        (A("Hello, Willow Hotels, Kim speaking, how can I help you today?"),
         C("Hi, I'd like to change my booking to Saturday."),
         A("Of course, let me have a look for you."),
         C("Is there a room?"),
         A("There is. It costs more.", "cold"),
         C("How much more?"),
         A("Twenty pounds.", "cold")),
        (A("Good afternoon, Alder Vets, Nina here, lovely to hear from you!"),
         C("Hi, my dog has been sick since last night.", "M"),
         A("Bring him at four.", "cold"),
         C("Is that the earliest?"),
         A("I don't know, the diary is full.", "dont_know", "cold")),
    ],
    "numbers": [
        (A("Hello, Hawthorn Bank, Eve speaking."),
         C("Hi, my card number is four nine one seven, two two six five, eight eight one zero, "
           "four four three one.", num="4917226588104431"),
         A("Thank you. There's nothing more I can do on this line, though.", "nothing_more"),
         C("Oh. Why not?")),
        (A("Hi, Poplar Mobile, Zak speaking."),
         C("Hi, my account number is seven seven, three four, nine one, two eight, and I'm calling about "
           "roaming.", num="77349128"),
         A("Calm down, it's all fine.", "calm_down"),
         C("I am calm, I just want to know the price."),
         A("That's not what you said before.", "argue")),
    ],
}
