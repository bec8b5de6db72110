"""Where the demo companies work: reference cities, markets served, Hong Kong addresses and the
working languages that go with a market."""
from __future__ import annotations

#: Cities for project references, by ISO country: (English, Traditional Chinese).
CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "CN": (("Shenzhen", "深圳"), ("Guangzhou", "廣州"), ("Shanghai", "上海"), ("Beijing", "北京"),
           ("Hangzhou", "杭州"), ("Chengdu", "成都"), ("Wuhan", "武漢"), ("Xiamen", "廈門"),
           ("Foshan", "佛山"), ("Dongguan", "東莞"), ("Zhuhai", "珠海"), ("Nanning", "南寧"),
           ("Chongqing", "重慶"), ("Xi'an", "西安"), ("Kunming", "昆明")),
    "MO": (("Macao", "澳門"),),
    "SG": (("Singapore", "新加坡"),),
    "MY": (("Kuala Lumpur", "吉隆坡"), ("Penang", "檳城"), ("Johor Bahru", "新山"),
           ("Cyberjaya", "賽城")),
    "TH": (("Bangkok", "曼谷"), ("Chiang Mai", "清邁"), ("Chonburi", "春武里")),
    "VN": (("Ho Chi Minh City", "胡志明市"), ("Hanoi", "河內"), ("Da Nang", "峴港")),
    "ID": (("Jakarta", "雅加達"), ("Surabaya", "泗水"), ("Batam", "巴淡")),
    "PH": (("Manila", "馬尼拉"), ("Cebu", "宿霧"), ("Clark", "克拉克")),
    "KH": (("Phnom Penh", "金邊"), ("Siem Reap", "暹粒")),
    "LA": (("Vientiane", "萬象"),),
    "MM": (("Yangon", "仰光"),),
    "BN": (("Bandar Seri Begawan", "斯里巴加灣市"),),
    "IN": (("Bengaluru", "班加羅爾"), ("Mumbai", "孟買"), ("New Delhi", "新德里")),
    "PK": (("Karachi", "卡拉奇"), ("Lahore", "拉合爾"), ("Islamabad", "伊斯蘭堡")),
    "BD": (("Dhaka", "達卡"),),
    "LK": (("Colombo", "科倫坡"),),
    "NP": (("Kathmandu", "加德滿都"),),
    "MV": (("Malé", "馬累"),),
    "KZ": (("Almaty", "阿拉木圖"), ("Astana", "阿斯塔納")),
    "UZ": (("Tashkent", "塔什干"), ("Samarkand", "撒馬爾罕")),
    "KG": (("Bishkek", "比什凱克"),),
    "TJ": (("Dushanbe", "杜尚別"),),
    "TM": (("Ashgabat", "阿什哈巴德"),),
    "AE": (("Dubai", "迪拜"), ("Abu Dhabi", "阿布扎比")),
    "SA": (("Riyadh", "利雅得"), ("Jeddah", "吉達")),
    "QA": (("Doha", "多哈"),),
    "BH": (("Manama", "麥納麥"),),
    "KW": (("Kuwait City", "科威特城"),),
    "OM": (("Muscat", "馬斯喀特"),),
    "TR": (("Istanbul", "伊斯坦布爾"), ("Ankara", "安卡拉")),
    "JO": (("Amman", "安曼"),),
    "EG": (("Cairo", "開羅"), ("Alexandria", "亞歷山大港")),
    "PL": (("Warsaw", "華沙"), ("Gdańsk", "格但斯克")),
    "CZ": (("Prague", "布拉格"), ("Brno", "布爾諾")),
    "HU": (("Budapest", "布達佩斯"),),
    "RS": (("Belgrade", "貝爾格萊德"),),
    "RO": (("Bucharest", "布加勒斯特"),),
    "BG": (("Sofia", "索菲亞"),),
    "GR": (("Athens", "雅典"), ("Piraeus", "比雷埃夫斯")),
    "HR": (("Zagreb", "薩格勒布"),),
    "SK": (("Bratislava", "布拉迪斯拉發"),),
    "SI": (("Ljubljana", "盧布爾雅那"),),
    "EE": (("Tallinn", "塔林"),),
    "LT": (("Vilnius", "維爾紐斯"),),
    "LV": (("Riga", "里加"),),
    "KE": (("Nairobi", "內羅畢"), ("Mombasa", "蒙巴薩")),
    "NG": (("Lagos", "拉各斯"), ("Abuja", "阿布賈")),
    "ZA": (("Johannesburg", "約翰內斯堡"), ("Cape Town", "開普敦")),
    "ET": (("Addis Ababa", "亞的斯亞貝巴"),),
    "TZ": (("Dar es Salaam", "達累斯薩拉姆"),),
    "RW": (("Kigali", "基加利"),),
    "GH": (("Accra", "阿克拉"),),
    "MA": (("Casablanca", "卡薩布蘭卡"),),
    "DZ": (("Algiers", "阿爾及爾"),),
    "UG": (("Kampala", "坎帕拉"),),
    "SN": (("Dakar", "達喀爾"),),
}

#: Countries a listing may name on its own (besides region codes), with relative weights.
STATED_COUNTRIES: tuple[tuple[str, float], ...] = (
    ("SG", 3), ("MY", 3), ("TH", 2), ("VN", 2.5), ("ID", 2), ("PH", 1.5), ("KH", 1),
    ("AE", 3), ("SA", 3), ("QA", 1.5), ("TR", 1), ("EG", 1), ("KZ", 1.5), ("UZ", 1),
    ("IN", 1), ("PK", 1), ("BD", 0.7), ("LK", 0.7), ("PL", 1), ("HU", 1), ("RS", 0.7),
    ("CZ", 0.7), ("GR", 0.5), ("KE", 1), ("NG", 0.8), ("ZA", 0.8), ("ET", 0.5), ("MA", 0.5),
    ("MO", 1.2), ("CN", 0.6),
)
REGION_WEIGHTS: dict[str, float] = {
    "mainland-china": 4, "asean": 4, "south-asia": 1.2, "central-asia": 1,
    "middle-east": 3, "central-eastern-europe": 1, "africa": 1,
}
#: "the" before a market name in an English sentence.
NEEDS_THE = frozenset({"middle-east", "AE", "PH"})

#: Hong Kong office addresses: (English street, Chinese street, English district, Chinese
#: district, area en, area zh, max street number, kind).  Real streets and districts.
STREETS: tuple[tuple[str, str, str, str, str, str, int, str], ...] = (
    ("Hung To Road", "鴻圖道", "Kwun Tong", "觀塘", "Kowloon", "九龍", 90, "street"),
    ("How Ming Street", "巧明街", "Kwun Tong", "觀塘", "Kowloon", "九龍", 120, "street"),
    ("Hoi Bun Road", "海濱道", "Kwun Tong", "觀塘", "Kowloon", "九龍", 180, "street"),
    ("Wai Yip Street", "偉業街", "Kwun Tong", "觀塘", "Kowloon", "九龍", 200, "street"),
    ("Wang Chiu Road", "宏照道", "Kowloon Bay", "九龍灣", "Kowloon", "九龍", 40, "street"),
    ("Sheung Yuet Road", "常悅道", "Kowloon Bay", "九龍灣", "Kowloon", "九龍", 30, "street"),
    ("Harbour Road", "港灣道", "Wan Chai", "灣仔", "Hong Kong", "香港", 30, "street"),
    ("Gloucester Road", "告士打道", "Wan Chai", "灣仔", "Hong Kong", "香港", 200, "street"),
    ("Lockhart Road", "駱克道", "Wan Chai", "灣仔", "Hong Kong", "香港", 400, "street"),
    ("Des Voeux Road Central", "德輔道中", "Central", "中環", "Hong Kong", "香港", 300, "street"),
    ("Queen's Road Central", "皇后大道中", "Central", "中環", "Hong Kong", "香港", 200, "street"),
    ("Wing Lok Street", "永樂街", "Sheung Wan", "上環", "Hong Kong", "香港", 150, "street"),
    ("King's Road", "英皇道", "Quarry Bay", "鰂魚涌", "Hong Kong", "香港", 1100, "street"),
    ("Leighton Road", "禮頓道", "Causeway Bay", "銅鑼灣", "Hong Kong", "香港", 110, "street"),
    ("Wong Chuk Hang Road", "黃竹坑道", "Wong Chuk Hang", "黃竹坑", "Hong Kong", "香港", 60, "street"),
    ("Lee Chung Street", "利眾街", "Chai Wan", "柴灣", "Hong Kong", "香港", 40, "street"),
    ("Canton Road", "廣東道", "Tsim Sha Tsui", "尖沙咀", "Kowloon", "九龍", 200, "street"),
    ("Chatham Road South", "漆咸道南", "Tsim Sha Tsui", "尖沙咀", "Kowloon", "九龍", 90, "street"),
    ("Argyle Street", "亞皆老街", "Mong Kok", "旺角", "Kowloon", "九龍", 200, "street"),
    ("Cheung Sha Wan Road", "長沙灣道", "Cheung Sha Wan", "長沙灣", "Kowloon", "九龍", 900, "street"),
    ("Tai Yau Street", "大有街", "San Po Kong", "新蒲崗", "Kowloon", "九龍", 40, "street"),
    ("Sha Tsui Road", "沙咀道", "Tsuen Wan", "荃灣", "New Territories", "新界", 400, "street"),
    ("Tai Lin Pai Road", "大連排道", "Kwai Chung", "葵涌", "New Territories", "新界", 200, "street"),
    ("Au Pui Wan Street", "坳背灣街", "Fo Tan", "火炭", "New Territories", "新界", 60, "street"),
    ("Chun Yat Street", "駿日街", "Tseung Kwan O", "將軍澳", "New Territories", "新界", 20, "estate"),
    ("", "", "Hong Kong Science Park", "沙田科學園", "New Territories", "新界", 0, "science-park"),
    ("", "", "Cyberport", "數碼港", "Hong Kong", "香港", 0, "cyberport"),
)
SCIENCE_PARK_BUILDINGS = ("5W", "6W", "12W", "15W", "16W", "17W", "19W")

#: Working languages that go with a region served.
REGION_LANGUAGES: dict[str, tuple[str, ...]] = {
    "mainland-china": (), "asean": ("ms", "id", "th", "vi", "fil"), "south-asia": ("hi", "ur", "bn"),
    "central-asia": ("ru", "kk", "uz"), "middle-east": ("ar", "tr", "fa"),
    "central-eastern-europe": ("ru", "pl", "uk"), "africa": ("fr", "sw", "ar", "pt"),
}

#: The main working language(s) of a country a listing names.
COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "SG": ("ms",), "MY": ("ms",), "TH": ("th",), "VN": ("vi",), "ID": ("id",), "PH": ("fil",),
    "KH": ("km",), "AE": ("ar",), "SA": ("ar",), "QA": ("ar",), "EG": ("ar",), "MA": ("ar", "fr"),
    "TR": ("tr",), "KZ": ("ru", "kk"), "UZ": ("ru", "uz"), "IN": ("hi",), "PK": ("ur",),
    "BD": ("bn",), "LK": ("si", "ta"), "PL": ("pl",), "HU": ("hu",), "RS": ("sr",),
    "CZ": ("cs",), "GR": ("el",), "KE": ("sw",), "NG": ("ha",), "ZA": (), "ET": (), "MO": ("pt",),
    "CN": (),
}


def city_zh(country: str, city_en: str) -> str:
    """The Chinese name of a reference city (the English name when it is not in the table)."""
    for en, zh in CITIES.get(country, ()):
        if en == city_en:
            return zh
    return city_en
