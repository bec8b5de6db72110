"""Realistic, varied bilingual demo listings (plain dicts in the shape of docs/listing-data.md).

``generate(count, seed)`` is deterministic for a seed (every choice comes from one
``random.Random(seed)``; nothing depends on set order, the clock or the hash seed).

The companies are fictional Hong Kong smart-city firms: names combine many roots (Cantonese
trade names such as 永豐 Wing Fung and English ones such as Lion Rock 獅子山) with a sector
word and a company form, so no template repeats; websites and e-mails use ``.example.hk`` /
``.example.com`` domains, never a real company's.  Summaries, descriptions and project
references are composed from per-capability phrases in English and Traditional Chinese, so
what a listing says fits what it offers, and project references are set in real cities of
countries the listing serves.

Coverage is guaranteed by construction: with ``count >= 20`` every capability and every
region code appears at least once, and with ``count >= 6`` every staff-size band (smaller
counts spread the capabilities over up to four per listing, as far as they go).
"""
from __future__ import annotations

import random
from bisect import bisect_right
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from itertools import accumulate

import phonenumbers

from . import taxonomy

__all__ = ["KEYS", "REFERENCE_KEYS", "generate"]

#: Every key of the listing data shape, in the order of docs/listing-data.md.
KEYS: tuple[str, ...] = (
    "company_name_en", "company_name_zh", "br_number", "year_established", "staff_size",
    "website", "email", "phone", "address_en", "address_zh", "summary_en", "summary_zh",
    "description_en", "description_zh", "capabilities", "regions_served", "certifications",
    "languages", "contact_name", "contact_title", "scc_member_no", "hktdc_consent",
    "consent_at", "logo", "references",
)
REFERENCE_KEYS: tuple[str, ...] = (
    "title_en", "title_zh", "country", "city", "year", "client_type", "role", "description",
)

LAST_YEAR = 2025          # latest project-reference year (fixed, so output never depends on the date)

# --------------------------------------------------------------------------------------------
# Company names
# --------------------------------------------------------------------------------------------

#: (English, Chinese, domain slug).  Cantonese trade names and English brand names.
_ROOTS: tuple[tuple[str, str, str], ...] = (
    ("Wing Fung", "永豐", "wingfung"), ("Kai Tak", "啟德", "kaitak"),
    ("Tai Hing", "泰興", "taihing"), ("Po Shing", "寶城", "poshing"),
    ("Sun Hing", "新興", "sunhing"), ("Hing Wah", "興華", "hingwah"),
    ("Yuen Tai", "源泰", "yuentai"), ("Fook Hing", "福興", "fookhing"),
    ("Kwong Tai", "廣泰", "kwongtai"), ("Shun Cheong", "順昌", "shuncheong"),
    ("Man Hing", "萬興", "manhing"), ("Lung Cheong", "龍昌", "lungcheong"),
    ("Tung Fat", "東發", "tungfat"), ("Yat Sing", "日昇", "yatsing"),
    ("Chi Hang", "志恒", "chihang"), ("Tin Yau", "天佑", "tinyau"),
    ("Kin Wing", "建榮", "kinwing"), ("Hoi Fung", "海豐", "hoifung"),
    ("Cheung Hing", "祥興", "cheunghing"), ("Tak Shing", "德成", "takshing"),
    ("On Lee", "安利", "onlee"), ("Ming Tak", "明德", "mingtak"),
    ("Wing Shing", "永成", "wingshing"), ("Fu Hang", "富恒", "fuhang"),
    ("Yee Hop", "怡合", "yeehop"), ("Kam Wah", "金華", "kamwah"),
    ("Ngai Shing", "藝城", "ngaishing"), ("Sze Hing", "時興", "szehing"),
    ("Pak Shek", "白石", "pakshek"), ("Sun Po", "新寶", "sunpo"),
    ("Tian Heng", "天恒", "tianheng"), ("Lok Fu", "樂富", "lokfu"),
    ("Long Ping", "朗屏", "longping"), ("Ma On Shan", "馬鞍山", "maonshan"),
    ("Sai Kung", "西貢", "saikung"), ("Lantau", "大嶼", "lantau"),
    ("Stanley", "赤柱", "stanley"), ("Tai Mo Shan", "大帽山", "taimoshan"),
    ("North Point", "北角", "northpoint"), ("Clearwater", "清水灣", "clearwater"),
    ("Harbourview", "海景", "harbourview"), ("Lion Rock", "獅子山", "lionrock"),
    ("Victoria", "維港", "victoria"), ("Jade Harbour", "翠港", "jadeharbour"),
    ("Silverstrand", "銀線灣", "silverstrand"), ("Starlight", "星光", "starlight"),
    ("Bauhinia", "紫荊", "bauhinia"), ("Orchid Bay", "蘭灣", "orchidbay"),
    ("Pearl River", "珠江", "pearlriver"), ("Dragon Gate", "龍門", "dragongate"),
    ("Golden Bay", "金灣", "goldenbay"), ("Skyline", "天際", "skyline"),
    ("Evergreen", "長青", "evergreen"), ("Summit", "峰匯", "summit"),
    ("Meridian", "經緯", "meridian"), ("Horizon", "遠景", "horizon"),
    ("Compass", "羅盤", "compass"), ("Beacon", "燈塔", "beacon"),
    ("Tidewater", "潮匯", "tidewater"), ("Crescent", "新月", "crescent"),
    ("Apex", "頂峰", "apex"), ("Nova", "新星", "nova"),
    ("Aurora", "曙光", "aurora"), ("Polaris", "北極星", "polaris"),
    ("Zenith", "天頂", "zenith"), ("Cloudbridge", "雲橋", "cloudbridge"),
    ("Silk Road", "絲路", "silkroad"), ("Camel Bell", "駝鈴", "camelbell"),
    ("Sampan", "舢舨", "sampan"), ("Kingfisher", "翠鳥", "kingfisher"),
    ("Phoenix Crest", "鳳翎", "phoenixcrest"), ("Redwood", "紅杉", "redwood"),
    ("Bamboo Grove", "竹林", "bamboogrove"), ("Lotus", "蓮花", "lotus"),
    ("Junction", "匯點", "junction"), ("Quantum Bay", "量子灣", "quantumbay"),
    ("Blue Lantern", "藍燈", "bluelantern"), ("Ferry Point", "渡口", "ferrypoint"),
    ("Ironwood", "鐵木", "ironwood"), ("Hexa", "六合", "hexa"),
    ("Octave", "八度", "octave"), ("Prism", "稜鏡", "prism"),
    ("Lumen", "流明", "lumen"), ("Cobalt", "鈷藍", "cobalt"),
    ("Teal Harbour", "青港", "tealharbour"), ("Greenpeak", "青峰", "greenpeak"),
    ("Firefly", "螢火", "firefly"), ("Eastwind", "東風", "eastwind"),
    ("Sunbeam", "陽光", "sunbeam"), ("Ocean Gate", "海門", "oceangate"),
    ("Monsoon", "季風", "monsoon"), ("Brightpath", "明途", "brightpath"),
    ("Keystone", "基石", "keystone"), ("Milestone", "里程", "milestone"),
    ("Anchor", "錨點", "anchor"), ("Pinnacle", "巔峰", "pinnacle"),
    ("Spectrum", "光譜", "spectrum"), ("Vantage", "優勢", "vantage"),
    ("Fortune Bay", "富灣", "fortunebay"),
)

#: (English, Chinese, slug) sector words that fit any capability.
_GENERIC_SECTORS: tuple[tuple[str, str, str], ...] = (
    ("Technology", "科技", "tech"), ("Smart Systems", "智能系統", "smartsys"),
    ("Digital", "數碼", "digital"), ("Innovation", "創新", "innovation"),
    ("Smart Solutions", "智能方案", "smart"), ("Engineering", "工程", "eng"),
    ("Systems", "系統", "systems"), ("Info-Tech", "資訊科技", "infotech"),
    ("Smart Tech", "智能科技", "smarttech"), ("Digital Solutions", "數碼方案", "digisol"),
    ("Labs", "實驗室", "labs"), ("Technology Services", "科技服務", "techservices"),
)

#: Sector words that say what the company does, by capability.
_CAPABILITY_SECTORS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "iot": (("IoT", "物聯網", "iot"), ("Sensing", "感應科技", "sensing")),
    "fintech": (("FinTech", "金融科技", "fintech"), ("Payments", "支付", "pay")),
    "infosec": (("Cyber Security", "網絡保安", "cyber"), ("Secure Systems", "資訊保安", "secure")),
    "big-data": (("Data", "數據", "data"), ("Analytics", "數據分析", "analytics")),
    "ai": (("AI", "人工智能", "ai"), ("Vision", "視覺科技", "vision")),
    "cloud": (("Cloud", "雲端", "cloud"), ("Cloud Services", "雲端服務", "cloudservices")),
    "blockchain": (("Chain", "鏈科技", "chain"), ("Ledger", "區塊鏈", "ledger")),
    "5g": (("Telecom", "電訊", "telecom"), ("Wireless", "無線通訊", "wireless")),
    "gis": (("Geospatial", "地理資訊", "geo"), ("Mapping", "測繪", "mapping")),
    "robotics": (("Robotics", "機械人", "robotics"), ("Automation", "自動化", "automation")),
    "e-commerce": (("E-Commerce", "電子商貿", "ecommerce"), ("Commerce", "商貿", "commerce")),
    "smart-building": (("Building Technology", "建築科技", "buildtech"),
                       ("Smart Building", "智能建築", "smartbuilding")),
    "smart-mobility": (("Mobility", "智慧出行", "mobility"),
                       ("Transport Systems", "交通系統", "transport")),
    "smart-environment": (("Environmental Technology", "環保科技", "envirotech"),
                          ("Green Tech", "綠色科技", "greentech")),
    "govtech": (("Public Systems", "公共系統", "publicsys"), ("Civic Tech", "公民科技", "civictech")),
    "healthtech": (("Health Technology", "醫療科技", "healthtech"),
                   ("Care Technology", "護理科技", "caretech")),
    "edtech": (("Education Technology", "教育科技", "edtech"), ("Learning", "學習科技", "learning")),
    "data-centre": (("Data Centre", "數據中心", "datacentre"),
                    ("Infrastructure", "基建", "infra")),
    "system-integration": (("Systems Integration", "系統集成", "si"),
                           ("Integrated Systems", "綜合系統", "integrated")),
    "consulting": (("Consulting", "顧問", "consulting"), ("Advisory", "策略顧問", "advisory")),
}

#: (English, Chinese) company forms.
_FORMS: tuple[tuple[str, str], ...] = (
    ("Limited", "有限公司"), ("Company Limited", "股份有限公司"),
    ("(Hong Kong) Limited", "（香港）有限公司"), ("(Asia) Limited", "（亞洲）有限公司"),
    ("Holdings Limited", "控股有限公司"), ("International Limited", "國際有限公司"),
    ("Group Limited", "集團有限公司"), ("(Greater China) Limited", "（大中華）有限公司"),
    ("Asia Pacific Limited", "亞太有限公司"), ("(China) Limited", "（中國）有限公司"),
)

# --------------------------------------------------------------------------------------------
# What each capability says
# --------------------------------------------------------------------------------------------
# noun: (en, zh) for summaries; audience: (en, zh); sentences: [(en, zh)] for descriptions;
# refs: [(title_en with {city}, title_zh with {city}, description_en)].

_CAP_TEXT: dict[str, dict] = {
    "iot": {
        "noun": ("IoT sensor networks", "物聯網感應器網絡"),
        "audience": ("utilities, property managers and public bodies", "公用事業機構、物業管理公司及公營機構"),
        "sentences": [
            ("We design and deploy low-power IoT sensor networks, from LoRaWAN gateways to device-management dashboards.",
             "我們設計及部署低功耗物聯網感應器網絡，範圍涵蓋LoRaWAN網關以至裝置管理平台。"),
            ("Our IoT platform connects meters, lampposts and plant equipment, turning field data into real-time alerts for operators.",
             "我們的物聯網平台連接水電錶、智慧燈柱及機電設備，把現場數據轉化為即時警報，方便營運人員跟進。"),
        ],
        "refs": [
            ("Smart lamppost sensor network, {city}", "{city}智慧燈柱感應器網絡",
             "Supplied and commissioned a LoRaWAN sensor network on street lampposts, with a cloud dashboard and alarm rules."),
            ("IoT water-leak monitoring, {city}", "{city}供水管網物聯網滲漏監測",
             "Installed acoustic leak sensors on the distribution network and integrated alerts with the utility's control room."),
        ],
    },
    "fintech": {
        "noun": ("digital payment and regtech solutions", "電子支付及監管科技方案"),
        "audience": ("banks, insurers and merchants", "銀行、保險公司及商戶"),
        "sentences": [
            ("Our fintech team builds digital payment, e-KYC and regtech solutions for banks, insurers and licensed corporations.",
             "我們的金融科技團隊為銀行、保險公司及持牌法團開發電子支付、電子認識你的客戶（e-KYC）及監管科技方案。"),
            ("We have integrated cross-border QR payments and real-time settlement for merchants trading between Hong Kong and overseas markets.",
             "我們曾為往來香港與海外市場的商戶整合跨境QR碼支付及實時結算服務。"),
        ],
        "refs": [
            ("Cross-border QR payment gateway, {city}", "{city}跨境QR碼支付網關",
             "Built and certified a QR payment gateway linking local wallets with Hong Kong merchant acquirers."),
            ("e-KYC onboarding platform for a bank in {city}", "{city}銀行電子開戶（e-KYC）平台",
             "Delivered remote customer onboarding with document checks, liveness detection and AML screening."),
        ],
    },
    "infosec": {
        "noun": ("cybersecurity assessment and managed security", "網絡保安評估及託管保安服務"),
        "audience": ("banks, government and critical infrastructure operators", "銀行、政府及關鍵基礎設施營運者"),
        "sentences": [
            ("Our certified consultants run penetration tests, red-team exercises and ISO 27001 readiness programmes.",
             "我們的認證顧問提供滲透測試、紅隊演練及ISO 27001認證準備服務。"),
            ("A 24/7 security operations centre monitors client networks and responds to incidents within agreed service levels.",
             "我們的保安運作中心24小時監察客戶網絡，並按服務水平協議處理保安事故。"),
        ],
        "refs": [
            ("Security operations centre for a utility, {city}", "{city}公用事業機構保安運作中心",
             "Set up and staffed a security operations centre with log analytics and incident-response playbooks."),
            ("Penetration testing of an e-government portal, {city}", "{city}電子政府網站滲透測試",
             "Carried out application and infrastructure penetration tests and verified the fixes before launch."),
        ],
    },
    "big-data": {
        "noun": ("big data platforms and analytics", "大數據平台及數據分析"),
        "audience": ("city planners, transport operators and retailers", "城市規劃部門、交通營運商及零售商"),
        "sentences": [
            ("We build data lakes and analytics pipelines that bring together records from legacy systems, sensors and open data.",
             "我們建立數據湖及分析流程，整合舊有系統、感應器及開放數據等資料。"),
            ("Our data engineers deliver dashboards and forecasting models that help planners act on evidence rather than guesswork.",
             "我們的數據工程師開發儀表板及預測模型，協助規劃人員以實證為本作出決策。"),
        ],
        "refs": [
            ("City data hub and open-data portal, {city}", "{city}城市數據中樞及開放數據平台",
             "Integrated data from twelve departments into a shared data hub and published open datasets with APIs."),
            ("Passenger-flow analytics for public transport, {city}", "{city}公共交通客流數據分析",
             "Modelled passenger flows from ticketing and sensor data to support timetable and crowd planning."),
        ],
    },
    "ai": {
        "noun": ("applied AI and computer vision", "應用人工智能及電腦視覺"),
        "audience": ("public agencies and enterprises", "公共機構及企業"),
        "sentences": [
            ("We apply computer vision and machine learning to inspection, video analytics and document processing.",
             "我們將電腦視覺及機器學習應用於檢測、影像分析及文件處理。"),
            ("Our bilingual language models power chatbots and search for public services in English and Chinese.",
             "我們的中英雙語語言模型為公共服務的聊天機械人及搜尋功能提供支援。"),
        ],
        "refs": [
            ("AI-assisted building inspection, {city}", "{city}人工智能輔助樓宇檢測",
             "Trained defect-detection models on drone imagery to prioritise façade and roof inspections."),
            ("Citizen chatbot for the municipality, {city}", "{city}市政府市民聊天機械人",
             "Launched a multilingual chatbot answering enquiries on licences and public services, handed over with a tuning toolkit."),
        ],
    },
    "cloud": {
        "noun": ("cloud migration and managed cloud services", "雲端遷移及雲端託管服務"),
        "audience": ("regulated enterprises and public bodies", "受規管企業及公營機構"),
        "sentences": [
            ("We migrate on-premises workloads to public and hybrid cloud, with landing zones designed for regulated industries.",
             "我們協助客戶將本地系統遷移至公共雲及混合雲，並為受規管行業設計合規的雲端架構。"),
            ("Our managed cloud team handles cost optimisation, backup and disaster recovery around the clock.",
             "我們的雲端託管團隊全天候負責成本優化、備份及災難復原。"),
        ],
        "refs": [
            ("Hybrid cloud migration for a hospital group, {city}", "{city}醫院集團混合雲遷移",
             "Moved clinical and administrative systems to a hybrid cloud with zero unplanned downtime."),
            ("Government cloud landing zone, {city}", "{city}政府雲端平台建設",
             "Designed the landing zone, identity model and guardrails for a government cloud programme."),
        ],
    },
    "blockchain": {
        "noun": ("blockchain traceability and digital identity", "區塊鏈溯源及數碼身份認證"),
        "audience": ("traders, logistics operators and banks", "貿易商、物流營運商及銀行"),
        "sentences": [
            ("We build permissioned blockchain networks for trade documents, supply-chain traceability and verifiable credentials.",
             "我們為貿易文件、供應鏈溯源及可驗證憑證建立許可制區塊鏈網絡。"),
            ("Our smart-contract audits and tokenisation pilots are delivered with banks, logistics operators and trade bodies.",
             "我們與銀行、物流營運商及商會合作，提供智能合約審計及代幣化試點項目。"),
        ],
        "refs": [
            ("Blockchain trade-document platform, {city}", "{city}區塊鏈貿易文件平台",
             "Digitised bills of lading and certificates of origin on a permissioned ledger shared by banks and forwarders."),
            ("Food traceability ledger for importers, {city}", "{city}進口商食品溯源區塊鏈",
             "Recorded farm-to-shelf events for imported produce so retailers and inspectors can verify origin."),
        ],
    },
    "5g": {
        "noun": ("5G private networks", "5G專網"),
        "audience": ("ports, campuses and manufacturers", "港口、校園及製造商"),
        "sentences": [
            ("We plan and deploy 5G private networks for ports, campuses and factories, from radio planning to core integration.",
             "我們為港口、校園及工廠規劃及部署5G專網，範圍包括無線網絡規劃及核心網整合。"),
            ("Our engineers test 5G and Wi-Fi 6 coverage and build edge-computing applications on low-latency links.",
             "我們的工程師測試5G及Wi-Fi 6覆蓋，並在低時延網絡上開發邊緣運算應用。"),
        ],
        "refs": [
            ("5G private network for a logistics park, {city}", "{city}物流園5G專網",
             "Deployed a standalone 5G network for automated guided vehicles and video analytics across the park."),
            ("Indoor 5G coverage for the convention centre, {city}", "{city}會議展覽中心室內5G覆蓋",
             "Designed and installed a distributed antenna system for 5G coverage across halls and car parks."),
        ],
    },
    "gis": {
        "noun": ("GIS mapping and spatial analytics", "地理資訊系統及空間分析"),
        "audience": ("planning departments, utilities and surveyors", "規劃部門、公用事業機構及測量師"),
        "sentences": [
            ("We produce 3D spatial data and digital maps, and integrate BIM with GIS for planning and asset management.",
             "我們製作三維空間數據及數碼地圖，並為規劃及資產管理整合建築信息模擬（BIM）與地理資訊系統。"),
            ("Our field teams combine drone surveys and mobile mapping to keep land and utility records up to date.",
             "我們的外勤團隊結合無人機測量及流動測繪，確保土地及公用設施紀錄保持更新。"),
        ],
        "refs": [
            ("3D digital map of a new district, {city}", "{city}新區三維數碼地圖",
             "Captured and modelled a new development district in 3D for planning reviews and public consultation."),
            ("Utility network GIS, {city}", "{city}公用設施網絡地理資訊系統",
             "Migrated paper utility records into an enterprise GIS with mobile editing for field crews."),
        ],
    },
    "robotics": {
        "noun": ("service robots and automation", "服務機械人及自動化方案"),
        "audience": ("hospitals, malls and logistics operators", "醫院、商場及物流營運商"),
        "sentences": [
            ("We design service robots for cleaning, delivery and inspection in hospitals, shopping malls and transport interchanges.",
             "我們為醫院、商場及交通交匯處設計清潔、送遞及巡查服務機械人。"),
            ("Our automation engineers integrate robotic arms and autonomous mobile robots into warehouses and production lines.",
             "我們的自動化工程師將機械臂及自主移動機械人整合至倉庫及生產線。"),
        ],
        "refs": [
            ("Autonomous tunnel inspection robots, {city}", "{city}隧道自主巡查機械人",
             "Supplied rail-mounted inspection robots that patrol cable tunnels and report temperature and gas readings."),
            ("Warehouse robotics for a logistics hub, {city}", "{city}物流樞紐倉庫機械人系統",
             "Integrated autonomous mobile robots with the warehouse management system, doubling picking throughput."),
        ],
    },
    "e-commerce": {
        "noun": ("cross-border e-commerce platforms", "跨境電子商貿平台"),
        "audience": ("brands, retailers and SMEs", "品牌、零售商及中小企"),
        "sentences": [
            ("We build cross-border online stores with multi-currency checkout, logistics and customs integration.",
             "我們建立跨境網店，支援多幣種結帳，並整合物流及清關服務。"),
            ("Our marketplace integrations help brands reach buyers on regional online marketplaces.",
             "我們的網上市集整合服務協助品牌透過區內網上市集接觸買家。"),
        ],
        "refs": [
            ("Cross-border online store for a retailer, {city}", "{city}零售商跨境網店",
             "Launched a bilingual online store with local payment methods and bonded-warehouse fulfilment."),
            ("Marketplace integration for a consumer brand, {city}", "{city}消費品牌網上市集整合",
             "Connected the brand's product and order data to three regional marketplaces."),
        ],
    },
    "smart-building": {
        "noun": ("smart building and energy management systems", "智能建築及能源管理系統"),
        "audience": ("landlords, developers and facility managers", "業主、地產發展商及設施管理公司"),
        "sentences": [
            ("We integrate building management, lighting and access control systems onto one open platform.",
             "我們將樓宇管理、照明及門禁系統整合於單一開放平台。"),
            ("Our energy analytics help commercial landlords cut electricity use and prepare for green-building certification.",
             "我們的能源分析服務協助商業業主減少用電，並為綠色建築認證作好準備。"),
        ],
        "refs": [
            ("Smart building retrofit of an office tower, {city}", "{city}商業大廈智能化改造",
             "Retrofitted chillers, lighting and meters with an integrated building management platform."),
            ("Energy management system for a university campus, {city}", "{city}大學校園能源管理系統",
             "Sub-metered forty buildings and delivered monthly energy reports with saving recommendations."),
        ],
    },
    "smart-mobility": {
        "noun": ("intelligent transport and smart parking", "智能交通及智能泊車系統"),
        "audience": ("transport departments and operators", "運輸部門及交通營運商"),
        "sentences": [
            ("We deliver traffic signal optimisation, real-time passenger information and smart parking systems.",
             "我們提供交通燈號優化、實時乘客資訊及智能泊車系統。"),
            ("Our transport data platform fuses GPS, camera and ticketing data to support bus-route planning.",
             "我們的交通數據平台整合全球定位系統、攝影機及票務數據，支援巴士路線規劃。"),
        ],
        "refs": [
            ("Smart parking guidance system, {city}", "{city}智能泊車指引系統",
             "Installed bay sensors and guidance signs in public car parks, with availability published to a mobile app."),
            ("Real-time bus arrival information, {city}", "{city}巴士實時到站資訊系統",
             "Equipped buses with GPS units and stops with display panels showing predicted arrival times."),
        ],
    },
    "smart-environment": {
        "noun": ("environmental monitoring and smart waste solutions", "環境監測及智慧廢物管理方案"),
        "audience": ("environmental agencies and municipalities", "環保部門及市政機構"),
        "sentences": [
            ("We supply air-quality, noise and water-quality monitoring networks with open-data dashboards.",
             "我們提供空氣質素、噪音及水質監測網絡，並附設開放數據儀表板。"),
            ("Our smart waste and recycling solutions use fill-level sensors and route optimisation to cut collection trips.",
             "我們的智慧廢物及回收方案利用滿溢感應器及路線優化，減少收集車次。"),
        ],
        "refs": [
            ("Air quality sensor network, {city}", "{city}空氣質素感應網絡",
             "Deployed roadside air-quality sensors calibrated against reference stations, with an open-data feed."),
            ("Smart recycling stations, {city}", "{city}智能回收站",
             "Supplied recycling stations with fill-level sensors and a collection-routing system for the municipality."),
        ],
    },
    "govtech": {
        "noun": ("digital government services", "數碼政府服務"),
        "audience": ("government departments and public bodies", "政府部門及公營機構"),
        "sentences": [
            ("We build e-government portals, online licensing and case-management systems for public agencies.",
             "我們為公營機構開發電子政府網站、網上發牌及個案管理系統。"),
            ("Our teams have digitised paper-based workflows for government departments, with accessibility built in from day one.",
             "我們的團隊協助政府部門將紙本流程數碼化，並由設計初期已照顧無障礙需要。"),
        ],
        "refs": [
            ("Online licensing portal for the municipal government, {city}", "{city}市政府網上發牌平台",
             "Replaced counter-based licence applications with an online portal, e-payment and digital certificates."),
            ("Digital case management for public services, {city}", "{city}公共服務數碼個案管理系統",
             "Delivered a case-management system shared by frontline offices, with bilingual forms and audit trails."),
        ],
    },
    "healthtech": {
        "noun": ("telehealth and clinical data systems", "遙距醫療及臨床數據系統"),
        "audience": ("hospitals, clinics and elderly-care operators", "醫院、診所及安老服務機構"),
        "sentences": [
            ("We develop telehealth, electronic health record and remote patient monitoring solutions for clinics and hospitals.",
             "我們為診所及醫院開發遙距醫療、電子健康紀錄及遙距病人監測方案。"),
            ("Our elderly-care technology, from fall detection to medication reminders, helps older people live safely at home.",
             "我們的樂齡科技涵蓋跌倒偵測以至服藥提示，支援長者安全地居家安老。"),
        ],
        "refs": [
            ("Telehealth platform for community clinics, {city}", "{city}社區診所遙距醫療平台",
             "Rolled out video consultations, e-prescriptions and appointment booking across a network of clinics."),
            ("Remote patient monitoring pilot, {city}", "{city}遙距病人監測試點計劃",
             "Equipped chronic-disease patients with connected devices feeding readings to a nurse dashboard."),
        ],
    },
    "edtech": {
        "noun": ("digital learning platforms", "數碼學習平台"),
        "audience": ("schools, universities and training bodies", "中小學、大學及培訓機構"),
        "sentences": [
            ("We build learning management systems, e-assessment tools and STEM classroom kits for schools and universities.",
             "我們為中小學及大學開發學習管理系統、電子評估工具及STEM課堂教材套。"),
            ("Our bilingual courseware and teacher training are used in vocational colleges across the region.",
             "我們的雙語課件及教師培訓已應用於區內多所職業學院。"),
        ],
        "refs": [
            ("Learning management system for a vocational college, {city}", "{city}職業學院學習管理系統",
             "Implemented a learning management system with e-assessment and trained the teaching staff."),
            ("STEM smart classrooms, {city}", "{city}STEM智能課室",
             "Fitted out smart classrooms with interactive displays, coding kits and a lesson-sharing platform."),
        ],
    },
    "data-centre": {
        "noun": ("data centre design, build and operation", "數據中心設計、建造及營運"),
        "audience": ("telecom operators, cloud providers and banks", "電訊商、雲端服務供應商及銀行"),
        "sentences": [
            ("We design, build and operate Tier III data centre facilities, including power, cooling and DCIM.",
             "我們設計、建造及營運Tier III級數據中心，範圍涵蓋供電、冷卻及數據中心基礎設施管理（DCIM）。"),
            ("Our engineers specialise in energy-efficient cooling and modular edge data centres for fast-growing markets.",
             "我們的工程師專注於高能源效益冷卻系統及模組化邊緣數據中心，配合高速發展市場的需要。"),
        ],
        "refs": [
            ("Modular edge data centre, {city}", "{city}模組化邊緣數據中心",
             "Delivered a prefabricated edge data centre with N+1 power and cooling in under six months."),
            ("Data centre cooling upgrade for a telecom operator, {city}", "{city}電訊商數據中心冷卻系統升級",
             "Replaced legacy cooling with indirect evaporative units, cutting cooling energy by about a third."),
        ],
    },
    "system-integration": {
        "noun": ("end-to-end system integration", "一站式系統集成"),
        "audience": ("government, transport and utility clients", "政府、交通及公用事業客戶"),
        "sentences": [
            ("As a system integrator we take projects from requirements and procurement through installation, testing and maintenance.",
             "作為系統集成商，我們負責項目由需求分析、採購以至安裝、測試及維護的整個流程。"),
            ("We integrate hardware and software from multiple vendors and coordinate multi-party delivery on large public works.",
             "我們整合多家供應商的軟硬件，並在大型公共工程中統籌多方交付。"),
        ],
        "refs": [
            ("Integrated operations centre for a smart city project, {city}", "{city}智慧城市綜合指揮中心",
             "Integrated CCTV, traffic, utility and emergency systems into one operations centre with a video wall."),
            ("Airport systems integration, {city}", "{city}機場系統集成",
             "Integrated baggage, flight-information and access-control systems for a terminal expansion."),
        ],
    },
    "consulting": {
        "noun": ("smart-city strategy and technology consulting", "智慧城市策略及科技顧問服務"),
        "audience": ("cities, public bodies and enterprises", "城市政府、公營機構及企業"),
        "sentences": [
            ("Our consultants help cities and enterprises write smart-city roadmaps, business cases and tender specifications.",
             "我們的顧問協助城市及企業制定智慧城市藍圖、商業論證及招標規格。"),
            ("We provide independent project assurance and digital-transformation advice to boards and public bodies.",
             "我們為董事會及公營機構提供獨立項目審核及數碼轉型顧問服務。"),
        ],
        "refs": [
            ("Smart city master plan, {city}", "{city}智慧城市總體規劃",
             "Prepared the smart-city master plan, project pipeline and funding options with the city administration."),
            ("Digital transformation roadmap for a utility, {city}", "{city}公用事業機構數碼轉型藍圖",
             "Assessed systems and processes and set out a five-year digital roadmap with a business case."),
        ],
    },
}

#: Capabilities that often go together (used when adding a listing's second, third… capability).
_AFFINITY: dict[str, tuple[str, ...]] = {
    "iot": ("smart-building", "smart-environment", "big-data", "5g", "smart-mobility"),
    "fintech": ("blockchain", "infosec", "cloud", "ai", "e-commerce"),
    "infosec": ("cloud", "consulting", "fintech", "data-centre", "system-integration"),
    "big-data": ("ai", "cloud", "gis", "govtech"),
    "ai": ("big-data", "robotics", "healthtech", "smart-mobility"),
    "cloud": ("data-centre", "infosec", "system-integration", "big-data"),
    "blockchain": ("fintech", "e-commerce", "govtech"),
    "5g": ("iot", "smart-mobility", "system-integration"),
    "gis": ("big-data", "smart-mobility", "smart-environment", "govtech"),
    "robotics": ("ai", "iot", "smart-building", "healthtech"),
    "e-commerce": ("fintech", "cloud", "big-data"),
    "smart-building": ("iot", "smart-environment", "system-integration", "data-centre"),
    "smart-mobility": ("iot", "gis", "ai", "5g"),
    "smart-environment": ("iot", "gis", "smart-building"),
    "govtech": ("consulting", "cloud", "big-data", "infosec"),
    "healthtech": ("ai", "iot", "cloud"),
    "edtech": ("cloud", "ai", "big-data"),
    "data-centre": ("cloud", "system-integration", "smart-building"),
    "system-integration": ("iot", "infosec", "5g", "cloud", "smart-building"),
    "consulting": ("govtech", "infosec", "big-data", "system-integration"),
}

#: How common each capability is as a company's main line (relative weights).
_CAP_WEIGHTS: dict[str, float] = {
    "iot": 3, "fintech": 2.5, "infosec": 2, "big-data": 2, "ai": 3, "cloud": 2,
    "blockchain": 1, "5g": 1, "gis": 1, "robotics": 1, "e-commerce": 1.5,
    "smart-building": 1.5, "smart-mobility": 1, "smart-environment": 1, "govtech": 1,
    "healthtech": 1, "edtech": 1, "data-centre": 0.8, "system-integration": 2.5, "consulting": 1.5,
}

# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------

#: Cities for project references, by ISO country: (English, Traditional Chinese).
_CITIES: dict[str, tuple[tuple[str, str], ...]] = {
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
_STATED_COUNTRIES: tuple[tuple[str, float], ...] = (
    ("SG", 3), ("MY", 3), ("TH", 2), ("VN", 2.5), ("ID", 2), ("PH", 1.5), ("KH", 1),
    ("AE", 3), ("SA", 3), ("QA", 1.5), ("TR", 1), ("EG", 1), ("KZ", 1.5), ("UZ", 1),
    ("IN", 1), ("PK", 1), ("BD", 0.7), ("LK", 0.7), ("PL", 1), ("HU", 1), ("RS", 0.7),
    ("CZ", 0.7), ("GR", 0.5), ("KE", 1), ("NG", 0.8), ("ZA", 0.8), ("ET", 0.5), ("MA", 0.5),
    ("MO", 1.2), ("CN", 0.6),
)
_REGION_WEIGHTS: dict[str, float] = {
    "mainland-china": 4, "asean": 4, "south-asia": 1.2, "central-asia": 1,
    "middle-east": 3, "central-eastern-europe": 1, "africa": 1,
}
#: "the" before a market name in an English sentence.
_NEEDS_THE = frozenset({"middle-east", "AE", "PH"})

#: Hong Kong office addresses: (English street, Chinese street, English district, Chinese
#: district, area en, area zh, max street number, kind).  Real streets and districts.
_STREETS: tuple[tuple[str, str, str, str, str, str, int, str], ...] = (
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
_SCIENCE_PARK_BUILDINGS = ("5W", "6W", "12W", "15W", "16W", "17W", "19W")

# --------------------------------------------------------------------------------------------
# People and other fields
# --------------------------------------------------------------------------------------------

_SURNAMES = ("Chan", "Wong", "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung", "Lam", "Yip", "Tsang",
             "Chow", "Kwok", "Mak", "Fung", "Tang", "Yeung", "Lo", "Siu", "Ma", "Choi", "Tse",
             "Poon", "Kwan", "Yuen", "Chu", "Ko", "Wu", "Hui", "Law")
#: (English given names, romanised Chinese given names), women's and men's.
_GIVEN_NAMES = (
    (("Jessica", "Winnie", "Karen", "Vivian", "Cecilia", "Gloria", "Mandy", "Natalie", "Phoebe",
      "Iris", "Yvonne", "Queenie", "Michelle", "Ada", "Fiona", "Tiffany"),
     ("Ka-yan", "Siu-ling", "Mei-yee", "Pui-shan", "Wing-sze", "Hoi-ying", "Lok-yi", "Suet-ying")),
    (("Peter", "Kelvin", "Raymond", "Alan", "Eric", "Terence", "Ivan", "Samuel", "Anthony",
      "Dickson", "Matthew", "Kenneth", "Brian", "Jason", "Vincent", "Edmond"),
     ("Chi-keung", "Kwok-wai", "Ho-yin", "Tsz-hin", "Chun-kit", "Man-kit", "Yiu-fai", "Wai-man")),
)
_OTHER_NAMES = ("Priya Sharma", "Ahmed Khan", "David Thompson", "Rashid Abdullah",
                "Sophie Martin", "Aisha Rahman", "Marek Nowak", "Nurul Huda",
                "Daniel Müller", "Ananya Rao", "Tomasz Kowalski", "Farah Hussain")
_TITLES_SMALL = ("Founder and CEO", "Co-founder", "Managing Director", "Director",
                 "Business Development Manager", "Chief Technology Officer")
_TITLES_LARGE = ("Director, Business Development", "Head of Belt and Road Business",
                 "General Manager", "Regional Sales Director", "Head of International Markets",
                 "Partnerships Manager", "Senior Solutions Architect", "Director of Operations",
                 "Vice President, Strategy", "Chief Executive Officer")

_STAFF_BANDS = tuple(taxonomy.STAFF_SIZES)
_STAFF_WEIGHTS = (0.22, 0.32, 0.22, 0.12, 0.07, 0.05)
_YEAR_RANGE = {"1-10": (2008, 2024), "11-50": (2000, 2024), "51-200": (1992, 2022),
               "201-500": (1988, 2018), "501-1000": (1985, 2012), "1001+": (1985, 2005)}
_SIZE_WORDS = {
    "1-10": ("a small, specialist Hong Kong technology company", "一家小型專業的香港科技公司"),
    "11-50": ("a fast-growing Hong Kong technology company", "一家發展迅速的香港科技公司"),
    "51-200": ("a mid-sized Hong Kong technology company", "一家中型香港科技公司"),
    "201-500": ("a well-established Hong Kong technology company", "一家具規模的香港科技公司"),
    "501-1000": ("a large Hong Kong technology company", "一家大型香港科技公司"),
    "1001+": ("one of Hong Kong's leading technology companies", "香港具領導地位的科技公司之一"),
}

#: (certification, base probability, capabilities that make it likely, probability then).
_CERTIFICATIONS: tuple[tuple[str, float, frozenset[str], float], ...] = (
    ("ISO 9001", 0.55, frozenset({"system-integration", "consulting", "data-centre"}), 0.75),
    ("ISO 27001", 0.12, frozenset({"infosec", "cloud", "data-centre", "fintech"}), 0.7),
    ("ISO 14001", 0.06, frozenset({"smart-environment", "smart-building"}), 0.5),
    ("ISO 45001", 0.04, frozenset({"data-centre", "smart-building", "system-integration"}), 0.3),
    ("ISO 20000-1", 0.04, frozenset({"cloud", "data-centre", "system-integration"}), 0.35),
    ("ISO 22301", 0.02, frozenset({"data-centre", "fintech"}), 0.2),
    ("ISO 27701", 0.0, frozenset({"infosec", "cloud"}), 0.15),
    ("ISO 13485", 0.0, frozenset({"healthtech"}), 0.35),
    ("ISO 50001", 0.0, frozenset({"smart-building", "smart-environment"}), 0.2),
    ("CMMI Level 3", 0.06, frozenset({"system-integration", "govtech", "consulting"}), 0.3),
    ("SOC 2 Type II", 0.03, frozenset({"cloud", "fintech"}), 0.4),
    ("PCI DSS", 0.0, frozenset({"fintech", "e-commerce"}), 0.4),
    ("CREST", 0.0, frozenset({"infosec"}), 0.35),
    ("Uptime Institute Tier III", 0.0, frozenset({"data-centre"}), 0.35),
)

#: Working languages that go with a region served.
_REGION_LANGUAGES: dict[str, tuple[str, ...]] = {
    "mainland-china": (), "asean": ("ms", "id", "th", "vi", "fil"), "south-asia": ("hi", "ur", "bn"),
    "central-asia": ("ru", "kk", "uz"), "middle-east": ("ar", "tr", "fa"),
    "central-eastern-europe": ("ru", "pl", "uk"), "africa": ("fr", "sw", "ar", "pt"),
}

#: The main working language(s) of a country a listing names.
_COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "SG": ("ms",), "MY": ("ms",), "TH": ("th",), "VN": ("vi",), "ID": ("id",), "PH": ("fil",),
    "KH": ("km",), "AE": ("ar",), "SA": ("ar",), "QA": ("ar",), "EG": ("ar",), "MA": ("ar", "fr"),
    "TR": ("tr",), "KZ": ("ru", "kk"), "UZ": ("ru", "uz"), "IN": ("hi",), "PK": ("ur",),
    "BD": ("bn",), "LK": ("si", "ta"), "PL": ("pl",), "HU": ("hu",), "RS": ("sr",),
    "CZ": ("cs",), "GR": ("el",), "KE": ("sw",), "NG": ("ha",), "ZA": (), "ET": (), "MO": ("pt",),
    "CN": (),
}

_EMAIL_PREFIXES = ("info", "enquiry", "bd", "sales", "hello", "contact", "partnerships")
_CLIENT_TYPES = tuple(taxonomy.CLIENT_TYPES)
_CLIENT_PHRASES = {"government": "a government client", "public-body": "a public body",
                   "private": "a private-sector client"}
_ROLE_PHRASES = {"prime-contractor": "Prime contractor", "sub-contractor": "Sub-contractor",
                 "supplier": "Supplier", "consultant": "Consultant"}

_CONSENT_START = datetime(2023, 1, 2, tzinfo=timezone.utc)
_CONSENT_SPAN_SECONDS = int(timedelta(days=900).total_seconds())


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=512)
def _cumulative(weights: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(accumulate(weights))


def _weighted(rng: random.Random, items, weights):
    """One item of ``items`` (a sequence) drawn with the given relative weights."""
    cumulative = _cumulative(tuple(weights))
    return items[bisect_right(cumulative, rng.random() * cumulative[-1])]


def _join_en(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _join_zh(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "及" + items[-1]


def _join_nouns_en(items: list[str]) -> str:
    """Two noun phrases that may contain "and" themselves."""
    if any(" and " in item for item in items):
        return " as well as ".join(items)
    return _join_en(items)


def _join_nouns_zh(items: list[str]) -> str:
    if any("及" in item for item in items):
        return "與".join(items)
    return _join_zh(items)


def _market_en(code: str) -> str:
    name = taxonomy.region_label(code, "en")
    if code == "mainland-china":
        return "the Mainland"
    return f"the {name}" if code in _NEEDS_THE else name


def _market_zh(code: str) -> str:
    return taxonomy.region_label(code, "zh-Hant")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------

class _Generator:
    """All the state of one generate() call; every random choice comes from self.rng
    (a seeded PRNG: reproducible demo data, nothing security-related)."""

    def __init__(self, count: int, seed: int):
        self.count = count
        self.rng = random.Random(seed)  # nosec B311
        self.used_en: set[str] = set()
        self.used_zh: set[str] = set()
        self.used_br: set[str] = set()
        self.used_domains: set[str] = set()
        self.used_phones: set[str] = set()
        self.roots: list[tuple[str, str, str]] = []
        rng = self.rng
        # Coverage by construction: shuffled lists of what must appear at least once.
        caps = list(taxonomy.CAPABILITY_CODES)
        rng.shuffle(caps)
        self.required_caps: list[list[str]] = [[] for _ in range(count)]
        if count:
            for i, cap in enumerate(caps):
                if i // count < 4:                       # at most four capabilities a listing
                    self.required_caps[i % count].append(cap)
        regions = list(taxonomy.REGION_CODES)
        rng.shuffle(regions)
        self.required_regions: list[list[str]] = [[] for _ in range(count)]
        if count:
            for i, region in enumerate(regions):
                if i // count < 3:
                    self.required_regions[i % count].append(region)
        bands = list(_STAFF_BANDS)
        rng.shuffle(bands)
        self.required_band = bands
        self.scc_numbers = rng.sample(range(1, max(10_000, count * 2)), count)
        self.order = list(range(count))
        rng.shuffle(self.order)      # so the guaranteed listings are not all at the front

    # -- choices ------------------------------------------------------------------------------

    def capabilities(self, required: list[str]) -> list[str]:
        rng = self.rng
        caps = list(required)
        target = max(len(caps), _weighted(rng, (1, 2, 3, 4), (0.25, 0.35, 0.25, 0.15)))
        if not caps:
            codes = list(_CAP_WEIGHTS)
            caps.append(_weighted(rng, codes, [_CAP_WEIGHTS[c] for c in codes]))
        while len(caps) < target:
            related = [c for c in _AFFINITY[caps[0]] if c not in caps]
            if related and rng.random() < 0.75:
                caps.append(rng.choice(related))
            else:
                others = [c for c in taxonomy.CAPABILITY_CODES if c not in caps]
                caps.append(rng.choice(others))
        return caps

    def regions_served(self, required: list[str]) -> list[str]:
        rng = self.rng
        regions = list(required)
        n_regions = max(len(regions), _weighted(rng, (0, 1, 2, 3), (0.12, 0.4, 0.33, 0.15)))
        codes = list(_REGION_WEIGHTS)
        while len(regions) < n_regions:
            pick = _weighted(rng, codes, [_REGION_WEIGHTS[c] for c in codes])
            if pick not in regions:
                regions.append(pick)
        covered = taxonomy.expand_served(regions)
        n_countries = _weighted(rng, (0, 1, 2, 3), (0.35, 0.3, 0.2, 0.15))
        if not regions and n_countries == 0:
            n_countries = 1
        candidates = [(c, w) for c, w in _STATED_COUNTRIES if c not in covered]
        countries: list[str] = []
        while len(countries) < n_countries and candidates:
            pick = _weighted(rng, [c for c, _ in candidates], [w for _, w in candidates])
            countries.append(pick)
            candidates = [(c, w) for c, w in candidates if c != pick]
        ordered_regions = [r for r in taxonomy.REGION_CODES if r in regions]
        return ordered_regions + countries

    def name(self, primary: str) -> tuple[str, str, str]:
        """(name_en, name_zh, domain slug), neither name used before."""
        rng = self.rng
        for attempt in range(60):
            root_en, root_zh, root_slug = self.next_root()
            if rng.random() < 0.55:
                sector = rng.choice(_CAPABILITY_SECTORS[primary])
            else:
                sector = rng.choice(_GENERIC_SECTORS)
            form_en, form_zh = _weighted(rng, _FORMS, (5, 2, 3, 2, 1.2, 1.2, 1, 0.8, 0.8, 0.8))
            en = f"{root_en} {sector[0]} {form_en}"
            zh = f"{root_zh}{sector[1]}{form_zh}"
            if attempt >= 50:                      # only for very large counts
                serial = len(self.used_en) + 1
                en = f"{root_en} {sector[0]} {serial} {form_en}"
                zh = f"{root_zh}{sector[1]}{serial}{form_zh}"
            if en not in self.used_en and zh not in self.used_zh:
                self.used_en.add(en)
                self.used_zh.add(zh)
                return en, zh, f"{root_slug}-{sector[2]}"
        raise RuntimeError("could not find an unused company name")  # pragma: no cover

    def next_root(self) -> tuple[str, str, str]:
        """Roots are dealt like cards, so a name root repeats only after all were used."""
        if not self.roots:
            self.roots = list(_ROOTS)
            self.rng.shuffle(self.roots)
        return self.roots.pop()

    def domain(self, slug: str) -> str:
        rng = self.rng
        tld = "example.hk" if rng.random() < 0.7 else "example.com"
        domain = f"{slug}.{tld}"
        n = 2
        while domain in self.used_domains:
            domain = f"{slug}{n}.{tld}"
            n += 1
        self.used_domains.add(domain)
        return domain

    def br_number(self, year: int) -> str:
        # Business Registration numbers were issued roughly in sequence, so older companies
        # get lower numbers.
        rng = self.rng
        base = 10_000_000 + int((year - 1985) / 40 * 64_000_000)
        while True:
            number = str(base + rng.randrange(0, 4_000_000))
            if number not in self.used_br:
                self.used_br.add(number)
                return number

    def phone(self) -> str:
        rng = self.rng
        while True:
            first = _weighted(rng, "23569", (0.45, 0.3, 0.08, 0.1, 0.07))
            number = first + "".join(str(rng.randrange(10)) for _ in range(7))
            e164 = "+852" + number
            if e164 in self.used_phones:
                continue
            if _valid_prefix(number[:4]):
                self.used_phones.add(e164)
                return e164

    def address(self, primary: str, band: str) -> tuple[str, str, str, str]:
        """(address_en, address_zh, district_en, district_zh)."""
        rng = self.rng
        weights = []
        for street in _STREETS:
            kind = street[7]
            if kind == "science-park":
                w = 6 if band in ("1-10", "11-50", "51-200") else 1.5
            elif kind == "cyberport":
                w = 5 if band in ("1-10", "11-50") else 1
            elif street[2] == "Tseung Kwan O":
                w = 6 if primary == "data-centre" else 0.4
            else:
                w = 1
            weights.append(w)
        (street_en, street_zh, district_en, district_zh, area_en, area_zh,
         max_no, kind) = _weighted(rng, _STREETS, weights)
        floor = rng.randrange(1, 9) if kind == "estate" else rng.randrange(2, 32)
        room = floor * 100 + rng.randrange(1, 25)
        if kind == "science-park":
            building = rng.choice(_SCIENCE_PARK_BUILDINGS)
            floor = rng.randrange(1, 7)
            room = floor * 100 + rng.randrange(1, 30)
            en = (f"Unit {room}, {floor}/F, Building {building}, Hong Kong Science Park, "
                  f"Pak Shek Kok, Sha Tin, New Territories")
            zh = f"新界沙田白石角香港科學園{building}大樓{floor}樓{room}室"
        elif kind == "cyberport":
            tower = rng.randrange(1, 5)
            floor = rng.randrange(1, 14)
            room = floor * 100 + rng.randrange(1, 30)
            en = f"Unit {room}, Level {floor}, Cyberport {tower}, 100 Cyberport Road, Pok Fu Lam, Hong Kong"
            zh = f"香港薄扶林數碼港道100號數碼港{tower}座{floor}樓{room}室"
        else:
            number = rng.randrange(1, max_no + 1)
            prefix = rng.choice(("Room", "Unit", "Flat"))
            en = f"{prefix} {room}, {floor}/F, {number} {street_en}, {district_en}, {area_en}"
            zh = f"{area_zh}{district_zh}{street_zh}{number}號{floor}樓{room}室"
        return en, zh, district_en, district_zh

    def contact(self, band: str) -> tuple[str, str]:
        rng = self.rng
        roll = rng.random()
        surname = rng.choice(_SURNAMES)
        given_en, given_zh = rng.choice(_GIVEN_NAMES)
        if roll < 0.5:
            name = f"{rng.choice(given_en)} {surname}"
        elif roll < 0.7:
            name = f"{surname} {rng.choice(given_zh)}"
        elif roll < 0.9:
            name = f"{rng.choice(given_en)} {surname} {rng.choice(given_zh)}"
        else:
            name = rng.choice(_OTHER_NAMES)
        titles = _TITLES_SMALL if band in ("1-10", "11-50") else _TITLES_LARGE
        return name, rng.choice(titles)

    def certifications(self, caps: list[str], band: str) -> list[str]:
        rng = self.rng
        scale = 0.5 if band == "1-10" else 1.0
        result = []
        for name, base, related, likely in _CERTIFICATIONS:
            p = likely if related.intersection(caps) else base
            if rng.random() < p * scale:
                result.append(name)
        if band in ("501-1000", "1001+") and "system-integration" in caps and rng.random() < 0.3:
            result = [c for c in result if c != "CMMI Level 3"] + ["CMMI Level 5"]
        return result

    def languages(self, served: list[str]) -> list[str]:
        rng = self.rng
        langs = ["en", "yue"]
        if rng.random() < 0.9 or "mainland-china" in served or "CN" in served:
            langs.append("zh")
        extra: list[str] = []
        for code in served:
            options = (_REGION_LANGUAGES.get(code, ()) if taxonomy.is_region(code)
                       else _COUNTRY_LANGUAGES.get(code, ()))
            for lang in options:
                if lang not in extra and lang not in langs:
                    extra.append(lang)
        for lang in extra:
            if rng.random() < 0.35 and len(langs) < 6:
                langs.append(lang)
        return langs

    def references(self, caps, served, year_est, band) -> list[dict]:
        rng = self.rng
        n = _weighted(rng, (0, 1, 2, 3, 4), (0.15, 0.3, 0.25, 0.18, 0.12))
        if not n:
            return []
        stated = [c for c in served if c in _CITIES]
        expanded = sorted(c for c in taxonomy.expand_served(served) if c in _CITIES)
        if not expanded:
            return []
        first_year = max(year_est, 2008)
        refs, seen = [], set()
        for _ in range(n * 3):
            if len(refs) >= n:
                break
            pool = stated if stated and rng.random() < 0.6 else expanded
            country = rng.choice(pool)
            city_en, city_zh = rng.choice(_CITIES[country])
            cap = rng.choice(caps)
            title_en, title_zh, what = rng.choice(_CAP_TEXT[cap]["refs"])
            title_en = title_en.format(city=city_en)
            if title_en in seen:
                continue
            seen.add(title_en)
            client = _weighted(rng, _CLIENT_TYPES, (0.4, 0.3, 0.3))
            if band in ("1-10", "11-50"):
                role = _weighted(rng, ("prime-contractor", "sub-contractor", "supplier", "consultant"),
                                 (0.15, 0.35, 0.3, 0.2))
            else:
                role = _weighted(rng, ("prime-contractor", "sub-contractor", "supplier", "consultant"),
                                 (0.5, 0.2, 0.15, 0.15))
            if cap == "consulting":
                role = "consultant"
            refs.append({
                "title_en": title_en,
                "title_zh": title_zh.format(city=city_zh),
                "country": country,
                "city": city_en,
                "year": rng.randint(first_year, LAST_YEAR),
                "client_type": client,
                "role": role,
                "description": f"{_ROLE_PHRASES[role]} for {_CLIENT_PHRASES[client]} in {city_en}. {what}",
            })
        refs.sort(key=lambda r: -r["year"])
        return refs

    # -- texts --------------------------------------------------------------------------------

    def summary(self, caps, served) -> tuple[str, str]:
        rng = self.rng
        nouns = [_CAP_TEXT[c]["noun"] for c in caps[:2]]
        markets = served[:2]
        more = len(served) > 2
        m_en = [_market_en(c) for c in markets]
        m_zh = [_market_zh(c) for c in markets]
        markets_en = ", ".join(m_en) + " and beyond" if more else _join_en(m_en)
        markets_zh = "、".join(m_zh) + "等地" if more else _join_zh(m_zh)
        with_hk_en = ("Hong Kong, " + markets_en) if more else _join_en(["Hong Kong", *m_en])
        with_hk_zh = ("香港、" + markets_zh) if more else _join_zh(["香港", *m_zh])
        audience_en, audience_zh = _CAP_TEXT[caps[0]]["audience"]
        for use in (2, 1):
            n_en = _join_nouns_en([n[0] for n in nouns[:use]])
            n_zh = _join_nouns_zh([n[1] for n in nouns[:use]])
            variant = rng.randrange(4)
            if variant == 0:
                en = f"{_capitalise(n_en)} for {audience_en} in {with_hk_en}."
                zh = f"為{with_hk_zh}的{audience_zh}提供{n_zh}。"
            elif variant == 1:
                en = f"Hong Kong specialist in {n_en}, serving {markets_en}."
                zh = f"香港{n_zh}專家，業務遍及{markets_zh}。"
            elif variant == 2:
                en = f"{_capitalise(n_en)}, delivered from Hong Kong to {markets_en}."
                zh = f"由香港出發，為{markets_zh}客戶提供{n_zh}。"
            else:
                en = f"We help {audience_en} in {markets_en} with {n_en}."
                zh = f"我們為{markets_zh}的{audience_zh}提供{n_zh}。"
            if len(en) <= 200 and len(zh) <= 200:
                return en, zh
        return en[:199].rstrip() + "…", zh[:199] + "…"      # pragma: no cover

    def description(self, d: dict, district_en: str, district_zh: str, refs) -> tuple[str, str]:
        rng = self.rng
        name_en = d["company_name_en"] or "The company"
        name_en_mid = d["company_name_en"] or "the company"
        name_zh = d["company_name_zh"] or d["company_name_en"]
        year, band = d["year_established"], d["staff_size"]
        size_en, size_zh = _SIZE_WORDS[band]
        staff_zh = taxonomy.label(taxonomy.STAFF_SIZES, band, "zh-Hant")
        variant = rng.randrange(3)
        if variant == 0:
            en = [f"Founded in {year} and based in {district_en}, {name_en_mid} is {size_en}."]
            zh = [f"{name_zh}於{year}年成立，總部設於{district_zh}，是{size_zh}。"]
        elif variant == 1:
            en = [f"{name_en} has served clients from its offices in {district_en} since {year}."]
            zh = [f"{name_zh}自{year}年起以{district_zh}為基地，為客戶提供服務。"]
        else:
            en = [f"Established in {year}, {name_en_mid} brings together engineers, designers and "
                  f"project managers in {district_en} ({taxonomy.label(taxonomy.STAFF_SIZES, band)})."]
            zh = [f"{name_zh}成立於{year}年，於{district_zh}匯聚工程師、設計師及項目經理等專才（{staff_zh}）。"]
        for cap in d["capabilities"]:
            s_en, s_zh = rng.choice(_CAP_TEXT[cap]["sentences"])
            en.append(s_en)
            zh.append(s_zh)
        served = d["regions_served"]
        m_en = _join_en([_market_en(c) for c in served])
        m_zh = _join_zh([_market_zh(c) for c in served])
        if rng.random() < 0.5:
            en.append(f"We currently serve clients in {m_en}, working with local partners on the ground.")
            zh.append(f"我們現時服務{m_zh}的客戶，並與當地夥伴緊密合作。")
        else:
            en.append(f"Beyond Hong Kong, our markets include {m_en}.")
            zh.append(f"除香港外，我們的業務亦覆蓋{m_zh}。")
        certs = d["certifications"]
        if certs:
            en.append(f"The company is certified to {_join_en(certs)}.")
            zh.append(f"公司已取得{_join_zh(certs)}認證。")
        if refs:
            cities_en = list(dict.fromkeys(r["city"] for r in refs))
            cities_zh = list(dict.fromkeys(_city_zh(r["country"], r["city"]) for r in refs))
            en.append(f"Recent projects have taken our team to {_join_en(cities_en)}.")
            zh.append(f"近年項目遍及{_join_zh(cities_zh)}。")
        closing = rng.randrange(4)
        if closing == 0:
            en.append("We are a member of the Smart City Consortium.")
            zh.append("我們是智慧城市聯盟會員。")
        elif closing == 1:
            en.append("We welcome partnership enquiries from companies across the Belt and Road.")
            zh.append("歡迎「一帶一路」沿線企業與我們洽談合作。")
        elif closing == 2 and "zh" in d["languages"]:
            en.append("Our bilingual team supports clients in English, Cantonese and Putonghua.")
            zh.append("我們的團隊可以英語、粵語及普通話為客戶提供支援。")
        return " ".join(en), "".join(zh)

    # -- one listing --------------------------------------------------------------------------

    def listing(self, index: int) -> dict:
        rng = self.rng
        slot = self.order[index]
        caps = self.capabilities(self.required_caps[slot])
        served = self.regions_served(self.required_regions[slot])
        if slot < len(self.required_band):
            band = self.required_band[slot]
        else:
            band = _weighted(rng, _STAFF_BANDS, _STAFF_WEIGHTS)
        lo, hi = _YEAR_RANGE[band]
        year = rng.randint(lo, hi)
        name_en, name_zh, slug = self.name(caps[0])
        which = rng.random()
        if which < 0.06:
            name_zh = ""                       # English name only
        elif which < 0.12:
            name_en = ""                       # Chinese name only
        domain = self.domain(slug)
        address_en, address_zh, district_en, district_zh = self.address(caps[0], band)
        contact_name, contact_title = self.contact(band)
        consent = rng.random() < 0.85
        consent_at = ""
        if consent:
            moment = _CONSENT_START + timedelta(seconds=rng.randrange(_CONSENT_SPAN_SECONDS))
            consent_at = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        data = {
            "company_name_en": name_en,
            "company_name_zh": name_zh,
            "br_number": self.br_number(year),
            "year_established": year,
            "staff_size": band,
            "website": f"https://www.{domain}",
            "email": f"{rng.choice(_EMAIL_PREFIXES)}@{domain}",
            "phone": self.phone(),
            "address_en": address_en,
            "address_zh": address_zh,
            "summary_en": "",
            "summary_zh": "",
            "description_en": "",
            "description_zh": "",
            "capabilities": caps,
            "regions_served": served,
            "certifications": self.certifications(caps, band),
            "languages": self.languages(served),
            "contact_name": contact_name,
            "contact_title": contact_title,
            "scc_member_no": f"SCC-{self.scc_numbers[index]:04d}",
            "hktdc_consent": consent,
            "consent_at": consent_at,
            "logo": None,
            "references": [],
        }
        refs = self.references(caps, served, year, band)
        data["references"] = refs
        data["summary_en"], data["summary_zh"] = self.summary(caps, served)
        data["description_en"], data["description_zh"] = self.description(
            data, district_en, district_zh, refs)
        return data


_PREFIX_VALID: dict[str, bool] = {}


def _valid_prefix(prefix: str) -> bool:
    """Whether Hong Kong numbers starting with these four digits are valid (phonenumbers'
    metadata for HK is decided by the leading digits; cached, since parsing is slow)."""
    valid = _PREFIX_VALID.get(prefix)
    if valid is None:
        valid = all(phonenumbers.is_valid_number(phonenumbers.parse(f"+852{prefix}{tail}"))
                    for tail in ("0000", "5281", "9999"))
        _PREFIX_VALID[prefix] = valid
    return valid


def _city_zh(country: str, city_en: str) -> str:
    for en, zh in _CITIES.get(country, ()):
        if en == city_en:
            return zh
    return city_en


def generate(count: int = 40, seed: int = 7) -> list[dict]:
    """``count`` demo listings in the data shape of docs/listing-data.md, the same for a seed.

    With ``count >= 20`` every capability and every region code occurs at least once (for
    fewer listings up to four capabilities and three regions a listing are used to cover as
    many as possible); with ``count >= 6`` every staff-size band.  BR numbers, SCC member
    numbers, company names (English and Chinese), websites and phone numbers are unique.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    generator = _Generator(count, seed)
    return [generator.listing(i) for i in range(count)]
