"""Contact people of the demo listings: names, job titles and e-mail prefixes."""
from __future__ import annotations

SURNAMES = ("Chan", "Wong", "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung", "Lam", "Yip", "Tsang",
            "Chow", "Kwok", "Mak", "Fung", "Tang", "Yeung", "Lo", "Siu", "Ma", "Choi", "Tse",
            "Poon", "Kwan", "Yuen", "Chu", "Ko", "Wu", "Hui", "Law")
#: (English given names, romanised Chinese given names), women's and men's.
GIVEN_NAMES = (
    (("Jessica", "Winnie", "Karen", "Vivian", "Cecilia", "Gloria", "Mandy", "Natalie", "Phoebe",
      "Iris", "Yvonne", "Queenie", "Michelle", "Ada", "Fiona", "Tiffany"),
     ("Ka-yan", "Siu-ling", "Mei-yee", "Pui-shan", "Wing-sze", "Hoi-ying", "Lok-yi", "Suet-ying")),
    (("Peter", "Kelvin", "Raymond", "Alan", "Eric", "Terence", "Ivan", "Samuel", "Anthony",
      "Dickson", "Matthew", "Kenneth", "Brian", "Jason", "Vincent", "Edmond"),
     ("Chi-keung", "Kwok-wai", "Ho-yin", "Tsz-hin", "Chun-kit", "Man-kit", "Yiu-fai", "Wai-man")),
)
OTHER_NAMES = ("Priya Sharma", "Ahmed Khan", "David Thompson", "Rashid Abdullah",
               "Sophie Martin", "Aisha Rahman", "Marek Nowak", "Nurul Huda",
               "Daniel Müller", "Ananya Rao", "Tomasz Kowalski", "Farah Hussain")
TITLES_SMALL = ("Founder and CEO", "Co-founder", "Managing Director", "Director",
                "Business Development Manager", "Chief Technology Officer")
TITLES_LARGE = ("Director, Business Development", "Head of Belt and Road Business",
                "General Manager", "Regional Sales Director", "Head of International Markets",
                "Partnerships Manager", "Senior Solutions Architect", "Director of Operations",
                "Vice President, Strategy", "Chief Executive Officer")

EMAIL_PREFIXES = ("info", "enquiry", "bd", "sales", "hello", "contact", "partnerships")
