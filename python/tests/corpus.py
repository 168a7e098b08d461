"""A generated news corpus for the Spark tests and the benchmark: invented events (places, people
and agencies that do not exist), each told by 3 to 8 invented outlets. The outlets word each
fact in one of a few ways, leave some facts out, add sentences of their own, and now and then
give a figure differently, so that an event has shared facts, unique sentences and
disagreements. Every sentence here was written for this file.
"""

import random

PLACES = [
    "Velmora", "Ostravik", "Kestrel Point", "Dunmarrow", "Lisket", "Porvanne", "Almsworth",
    "Quillon", "Tarsk", "Brevenholt", "Sallowby", "Etrana", "Hollin Cross", "Marbeck",
    "Corvale", "Nestmoor", "Ulbrath", "Fenwick Sound", "Ravelle", "Oskarby",
]
OFFICIALS = [
    "Mira Castell", "Tomas Ferreby", "Anja Holt", "Idris Vanter", "Lena Okafor", "Pavel Dorn",
    "Sofia Rennick", "Elias Maro", "Greta Lindqvist", "Omar Seddik", "Hana Ostrova",
]
AGENCIES = [
    "the Civil Protection Service", "the Red Lantern Society", "the National Rescue Corps",
    "the Coastal Guard", "the Mountain Relief Unit",
]
DISASTERS = ["flood", "fire", "landslide", "storm", "earthquake"]
BUILDINGS = ["bridge", "hospital", "school", "dam", "railway station"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = [
    "Northern Ledger", "Harbor Daily", "Valley Courier", "The Meridian", "Capital Wire",
    "Evening Signal", "Coast Herald", "Plains Tribune", "Morning Lantern", "Riverside Post",
    "The Observer Desk", "Summit News",
]

# One list a fact: the ways an outlet words it. Fields in braces are the event's figures.
FACTS = [
    [
        "{dead} people were killed when the {disaster} struck {place} on {day}.",
        "The {disaster} that hit {place} on {day} left {dead} people dead.",
        "At least {dead} people died in {place} after the {disaster} on {day}.",
    ],
    [
        "Officials said {hurt} others were taken to hospital with injuries.",
        "A further {hurt} people were injured and taken to hospital, officials said.",
    ],
    [
        "Governor {official} declared a state of emergency across the province.",
        "A state of emergency was declared across the province by Governor {official}.",
    ],
    [
        "Rescue teams from {agency} searched the ruins through the night.",
        "{Agency} sent rescue teams that searched the ruins through the night.",
    ],
    [
        "About {evacuated} residents were evacuated from their homes near the river.",
        "Some {evacuated} residents living near the river had to leave their homes.",
    ],
    [
        "The damage is estimated at {money} million dollars.",
        "Early estimates put the damage at {money} million dollars.",
    ],
    [
        "Schools in {place} will stay closed until {later}.",
        "All schools in {place} remain shut until {later}.",
    ],
    [
        "It was the worst {disaster} the region has seen since {year}.",
        "The region had not seen a {disaster} this bad since {year}.",
    ],
    [
        "{Official} promised to rebuild the {building} within {months} months.",
        "The {building} will be rebuilt within {months} months, {official} promised.",
    ],
    [
        "Power was cut to {homes} homes across the district.",
        "Around {homes} homes across the district lost power.",
    ],
]

TITLES = [
    "{Disaster} in {place} kills {dead}",
    "Deadly {disaster} strikes {place}",
    "{place} counts the cost of the {disaster}",
]

# Sentences one outlet adds: a resident's words, a detail of its own.
OWN = [
    "{name}, a {job} who lives near the {thing}, said the {thing} had looked {state} for weeks.",
    "Neighbours gathered outside the {thing} on {day} evening to share {food} and blankets.",
    "{name} told reporters that her {relative} had been {state} since the morning.",
    "Volunteers from a nearby {job}s' union handed out {food} at the {thing}.",
    "A local {job}, {name}, said the {thing} should have been {state} long ago.",
]
NAMES = ["Ada Kerrigan", "Bram Toller", "Cleo Marsh", "Dov Arland", "Edda Vine", "Fitz Harrow",
         "Gwen Aster", "Hal Brisco", "Ines Palu", "Jory Wend"]
JOBS = ["baker", "teacher", "fisherman", "nurse", "driver", "carpenter", "farmer", "cook"]
THINGS = ["old mill", "harbour wall", "market hall", "water tower", "chapel", "ferry pier"]
STATES = ["unsafe", "neglected", "flooded", "cracked", "closed", "quiet"]
FOODS = ["soup", "bread", "tea", "rice"]
RELATIVES = ["brother", "mother", "uncle", "daughter", "neighbour"]

SHARE_KEPT = 0.75  # how many of the event's facts an outlet reports, on average
SHARE_CHANGED = 0.08  # how often an outlet gives a figure differently


def _figures(rng):
    return {
        "place": rng.choice(PLACES),
        "official": rng.choice(OFFICIALS),
        "agency": rng.choice(AGENCIES),
        "disaster": rng.choice(DISASTERS),
        "building": rng.choice(BUILDINGS),
        "day": rng.choice(WEEKDAYS),
        "later": rng.choice(WEEKDAYS),
        "dead": rng.randint(3, 90),
        "hurt": rng.randint(10, 300),
        "evacuated": rng.randrange(500, 20000, 100),
        "money": rng.randint(5, 400),
        "year": rng.randint(1950, 2015),
        "months": rng.randint(4, 30),
        "homes": rng.randrange(1000, 90000, 500),
    }


def _changed(rng, figures):
    """The figures as one outlet gives them: now and then one count is off."""
    out = dict(figures)
    for key in ("dead", "hurt", "money", "months"):
        if rng.random() < SHARE_CHANGED:
            out[key] = figures[key] + rng.randint(2, 9)
    return out


def _fill(template, values):
    values = dict(values)
    values.update({k.capitalize(): str(v)[:1].upper() + str(v)[1:] for k, v in values.items()})
    return template.format(**values)


def _own(rng, figures):
    return _fill(
        rng.choice(OWN),
        {
            "name": rng.choice(NAMES),
            "job": rng.choice(JOBS),
            "thing": rng.choice(THINGS),
            "state": rng.choice(STATES),
            "food": rng.choice(FOODS),
            "relative": rng.choice(RELATIVES),
            "day": figures["day"],
        },
    )


def article(rng, figures, facts):
    """One outlet's report: a title, then paragraphs of the facts it keeps, in an order close
    to the others', and a sentence or two of its own."""
    given = _changed(rng, figures)
    kept = [f for f in facts if rng.random() < SHARE_KEPT] or facts[:1]
    if rng.random() < 0.3 and len(kept) > 2:
        i = rng.randrange(1, len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    sentences = [_fill(rng.choice(FACTS[f]), given) for f in kept]
    for _ in range(rng.randint(1, 2)):
        sentences.insert(rng.randint(1, len(sentences)), _own(rng, figures))
    paragraphs, i = [], 0
    while i < len(sentences):
        n = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i : i + n]))
        i += n
    return "\n\n".join([_fill(rng.choice(TITLES), given)] + paragraphs) + "\n"


def corpus(events=500, seed=15):
    """``events`` events of 3 to 8 articles each, as rows: event, outlet, name, text, date."""
    rng = random.Random(seed)
    rows = []
    for e in range(events):
        event = f"event-{e:04d}"
        figures = _figures(rng)
        facts = sorted(rng.sample(range(len(FACTS)), rng.randint(6, len(FACTS))))
        for outlet in rng.sample(OUTLETS, rng.randint(3, 8)):
            slug = outlet.lower().replace(" ", "-")
            rows.append(
                {
                    "event": event,
                    "outlet": outlet,
                    "name": f"{event}-{slug}.txt",
                    "text": article(rng, figures, facts),
                    "date": f"2026-11-{1 + e % 28:02d}",
                }
            )
    return rows
