"""Words, names, domains and the classified-location map used by the synthetic CERT data.

Kept apart from the generator so that the answer key, `context.yaml` and the CSV rows all draw
from one list: a domain the engine is told about must be the domain the data actually uses.
"""

from __future__ import annotations

from typing import Any

COMPANY_DOMAIN = "dtaa.com"


def _split(text: str) -> list[str]:
    return text.split()


split_words = _split


FIRST_NAMES = _split(
    "Aaron Abigail Adam Adrian Alan Alice Amber Andrew Angela Anna Anthony Arthur Barbara Benjamin "
    "Beth Brandon Brenda Brian Bruce Calvin Carl Carol Caroline Catherine Charles Chloe Christopher "
    "Cynthia Daniel David Deborah Dennis Diana Donald Dorothy Douglas Edward Elaine Elizabeth Emily "
    "Emma Eric Ethan Evelyn Frances Frank Gary George Gloria Grace Gregory Hannah Harold Heather "
    "Helen Henry Isaac Jack Jacob James Janet Jason Jean Jeffrey Jennifer Jeremy Jessica Joan John "
    "Jonathan Joseph Joshua Joyce Judith Julia Justin Karen Katherine Keith Kelly Kenneth Kevin "
    "Kimberly Larry Laura Lawrence Linda Lisa Louis Madison Margaret Maria Marilyn Mark Martha "
    "Matthew Megan Melissa Michael Michelle Nancy Nathan Nicholas Nicole Olivia Pamela Patricia "
    "Patrick Paul Peter Philip Rachel Ralph Raymond Rebecca Richard Robert Roger Ronald Rose Roy "
    "Russell Ruth Ryan Samantha Samuel Sandra Sarah Scott Sean Sharon Shirley Sophia Stephanie "
    "Stephen Steven Susan Teresa Terry Thomas Timothy Tyler Victoria Vincent Virginia Walter Wayne "
    "William Zachary"
)

LAST_NAMES = _split(
    "Adams Alexander Allen Alvarez Anderson Bailey Baker Barnes Bell Bennett Brooks Brown Bryant "
    "Butler Campbell Carter Castillo Chavez Clark Coleman Collins Cook Cooper Cox Cruz Davis Diaz "
    "Edwards Evans Fisher Flores Foster Garcia Gibson Gomez Gonzales Graham Gray Green Griffin "
    "Hall Hamilton Harris Hayes Henderson Hernandez Hill Howard Hughes Jackson James Jenkins "
    "Johnson Jones Jordan Kelly Kennedy Kim King Lee Lewis Long Lopez Marshall Martin Martinez "
    "Mason Mcdonald Miller Mitchell Moore Morales Morgan Morris Murphy Myers Nelson Nguyen Ortiz "
    "Owens Parker Patterson Perez Perry Peterson Phillips Powell Price Ramirez Reed Reyes "
    "Reynolds Richardson Rios Rivera Roberts Robinson Rodriguez Rogers Ross Russell Sanchez "
    "Sanders Scott Simmons Smith Stewart Sullivan Taylor Thomas Thompson Torres Tucker Turner "
    "Walker Wallace Ward Washington Watson West White Williams Wilson Wood Wright Young"
)

# (functional unit, department, team base name, member role, share of the workforce)
ORG_TEMPLATE: tuple[tuple[str, str, str, str, float], ...] = (
    ("1 - Administration", "3 - IT", "ITAdmin", "ITAdmin", 0.04),
    ("2 - ResearchAndEngineering", "1 - Engineering", "Design", "Engineer", 0.12),
    ("4 - SalesAndMarketing", "1 - Sales", "RegionalSales", "Salesman", 0.12),
    ("3 - Manufacturing", "1 - Assembly", "Line", "ProductionLineWorker", 0.14),
    ("2 - ResearchAndEngineering", "2 - Research", "Lab", "Scientist", 0.08),
    ("1 - Administration", "2 - HumanResources", "Staffing", "HumanResourceSpecialist", 0.03),
    ("2 - ResearchAndEngineering", "3 - Software", "Development", "ComputerProgrammer", 0.10),
    ("1 - Administration", "4 - Finance", "Accounting", "Accountant", 0.05),
    ("4 - SalesAndMarketing", "2 - Marketing", "Campaigns", "MarketingSpecialist", 0.05),
    ("3 - Manufacturing", "2 - Quality", "Inspection", "Technician", 0.07),
    ("5 - Purchasing", "1 - Procurement", "Suppliers", "PurchasingAgent", 0.05),
    ("3 - Manufacturing", "3 - Logistics", "Shipping", "MaterialHandler", 0.06),
    ("1 - Administration", "5 - Legal", "Contracts", "Attorney", 0.02),
    ("2 - ResearchAndEngineering", "4 - Testing", "Validation", "TestEngineer", 0.07),
)

COMMON_SITES = _split(
    "google.com yahoo.com msn.com bing.com facebook.com twitter.com youtube.com wikipedia.org "
    "amazon.com ebay.com cnn.com bbc.co.uk nytimes.com washingtonpost.com weather.com espn.go.com "
    "reuters.com bloomberg.com wsj.com forbes.com craigslist.org imdb.com netflix.com pandora.com "
    "flickr.com myspace.com about.com ask.com answers.com cnet.com zdnet.com slashdot.org "
    "stackoverflow.com github.com microsoft.com apple.com adobe.com oracle.com ibm.com dell.com "
    "hp.com intel.com nasa.gov usps.com fedex.com ups.com bankofamerica.com chase.com paypal.com "
    "expedia.com tripadvisor.com southwest.com delta.com walmart.com target.com bestbuy.com "
    "homedepot.com etsy.com yelp.com mapquest.com nfl.com mlb.com nba.com foxnews.com cbsnews.com "
    "nbcnews.com usatoday.com huffingtonpost.com theonion.com npr.org pbs.org time.com "
    "nationalgeographic.com webmd.com mayoclinic.org allrecipes.com foodnetwork.com "
    "engadget.com gizmodo.com techcrunch.com arstechnica.com wired.com howstuffworks.com "
    "dictionary.com linkedin.com ieee.org acm.org sciencedirect.com springer.com nature.com"
)

JOB_SITES = (
    "monster.com", "careerbuilder.com", "indeed.com", "simplyhired.com", "jobhuntersbible.com",
    "job-hunt.org", "hotjobs.yahoo.com", "dice.com", "glassdoor.com",
)
CLOUD_STORAGE = ("dropbox.com", "box.com", "mediafire.com", "wetransfer.com", "sendspace.com")
LEAK_SITES = ("wikileaks.org", "cryptome.org", "openleaks.org")
WEBMAIL = ("gmail.com", "mail.yahoo.com", "hotmail.com", "aol.com", "comcast.net")
# Personal addresses use the mail domain, not the web front-end's host name.
WEBMAIL_ADDRESS_DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "aol.com", "comcast.net")
COMPETITORS = ("aerodyne-systems.com", "vectorcorp.com", "nimbus-defense.com", "halcyon-tech.com")
PARTNERS = (
    "kanto-seimitsu.co.jp", "precision-parts.com", "globallogistics.com", "acme-components.com",
    "northstar-metals.com", "bluebay-consulting.com",
)
SECURITY_SITES = ("sans.org", "securityfocus.com", "technet.microsoft.com")
KEYLOGGER_SITES = ("keyloggerpro.com", "spytech-web.com")
SUSPICIOUS_DOWNLOAD_KEYWORDS = ("keylogger", "keystroke", "spyware", "password-stealer")

TOPIC_WORDS = _split(
    "news report market update review price weather sport team game season player score video "
    "music movie travel flight hotel recipe health product order shipping account login search "
    "photo article blog forum comment share friend family school science research paper project "
    "software update download support guide manual tutorial code library release version "
    "security patch server network cloud storage data file document meeting schedule budget "
    "contract supplier design drawing prototype assembly test quality plan quarter revenue"
)
JOB_WORDS = _split("job career resume salary interview hiring position apply opening employer offer")
LEAK_WORDS = _split("leak submit anonymous document secret disclosure whistleblower classified upload")
CLOUD_WORDS = _split("upload sync share folder file storage backup link drive space")
KEYLOGGER_WORDS = _split("keylogger keystroke capture stealth monitor password record hidden install")

FILE_EXTENSIONS = (("doc", "D0-CF-11-E0-A1-B1-1A-E1"), ("pdf", "25-50-44-46-2D"),
                   ("xlsx", "50-4B-03-04-14"), ("zip", "50-4B-03-04"), ("txt", "6C-6F-67"),
                   ("jpg", "FF-D8-FF-E0"), ("exe", "4D-5A-90-00"))

# The share that holds the company's 極秘 (top-secret) material; two spellings exist because
# engineers map it both by UNC path and as drive R: with a Japanese folder name.
TOP_SECRET_ROOTS = ("\\\\fileserver\\secret", "R:\\極秘")
CONFIDENTIAL_ROOTS = ("\\\\fileserver\\confidential", "S:\\社外秘")
PUBLIC_ROOTS = ("\\\\fileserver\\public",)
SECRET_PROJECTS = ("ProjectAtlas", "NextGenRadar", "AlloyFormula", "CostModel2011", "NewMaterial")


def context_document() -> dict[str, Any]:
    """The `context.yaml` content: what the data's paths and domains mean to the review engine.

    Some lists appear under two names: the brief's (`patterns`, `webmail`, `suspicious_downloads`)
    and the engine's default-context names (`paths`, `personal_webmail`, `suspicious`), so the
    file works whichever spelling a reader expects.
    """
    locations = []
    for name, tier, roots in (("top-secret share", "top_secret", TOP_SECRET_ROOTS),
                              ("confidential share", "confidential", CONFIDENTIAL_ROOTS),
                              ("public share", "public", PUBLIC_ROOTS)):
        patterns = [root + "\\*" for root in roots]
        locations.append({"name": name, "tier": tier, "patterns": patterns, "paths": list(patterns)})
    webmail = sorted(set(WEBMAIL) | set(WEBMAIL_ADDRESS_DOMAINS))
    suspicious = list(SUSPICIOUS_DOWNLOAD_KEYWORDS)
    return {
        "internal_domains": [COMPANY_DOMAIN],
        "locations": locations,
        "domains": {
            "job_sites": list(JOB_SITES),
            "cloud_storage": list(CLOUD_STORAGE),
            "leak_sites": list(LEAK_SITES),
            "webmail": webmail,
            "personal_webmail": list(webmail),
            "competitors": list(COMPETITORS),
            "partners": list(PARTNERS),
        },
        "keywords": {"suspicious_downloads": suspicious, "suspicious": list(suspicious)},
    }
