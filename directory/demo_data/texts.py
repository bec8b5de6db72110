"""What the demo listings say: per-capability phrases and the other sentence fragments."""
from __future__ import annotations

# noun: (en, zh) for summaries; audience: (en, zh); sentences: [(en, zh)] for descriptions;
# refs: [(title_en, title_zh, description_en)]. A title names no place: the reference's city and
# country are shown beside it ("Smart city master plan · Chonburi · Thailand"), never twice.

CAP_TEXT: dict[str, dict] = {
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
            ("Smart lamppost sensor network", "智慧燈柱感應器網絡",
             "Supplied and commissioned a LoRaWAN sensor network on street lampposts, with a cloud dashboard and alarm rules."),
            ("IoT water-leak monitoring", "供水管網物聯網滲漏監測",
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
            ("Cross-border QR payment gateway", "跨境QR碼支付網關",
             "Built and certified a QR payment gateway linking local wallets with Hong Kong merchant acquirers."),
            ("e-KYC onboarding platform for a bank", "銀行電子開戶（e-KYC）平台",
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
            ("Security operations centre for a utility", "公用事業機構保安運作中心",
             "Set up and staffed a security operations centre with log analytics and incident-response playbooks."),
            ("Penetration testing of an e-government portal", "電子政府網站滲透測試",
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
            ("City data hub and open-data portal", "城市數據中樞及開放數據平台",
             "Integrated data from twelve departments into a shared data hub and published open datasets with APIs."),
            ("Passenger-flow analytics for public transport", "公共交通客流數據分析",
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
            ("AI-assisted building inspection", "人工智能輔助樓宇檢測",
             "Trained defect-detection models on drone imagery to prioritise façade and roof inspections."),
            ("Citizen chatbot for the municipality", "市政府市民聊天機械人",
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
            ("Hybrid cloud migration for a hospital group", "醫院集團混合雲遷移",
             "Moved clinical and administrative systems to a hybrid cloud with zero unplanned downtime."),
            ("Government cloud landing zone", "政府雲端平台建設",
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
            ("Blockchain trade-document platform", "區塊鏈貿易文件平台",
             "Digitised bills of lading and certificates of origin on a permissioned ledger shared by banks and forwarders."),
            ("Food traceability ledger for importers", "進口商食品溯源區塊鏈",
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
            ("5G private network for a logistics park", "物流園5G專網",
             "Deployed a standalone 5G network for automated guided vehicles and video analytics across the park."),
            ("Indoor 5G coverage for the convention centre", "會議展覽中心室內5G覆蓋",
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
            ("3D digital map of a new district", "新區三維數碼地圖",
             "Captured and modelled a new development district in 3D for planning reviews and public consultation."),
            ("Utility network GIS", "公用設施網絡地理資訊系統",
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
            ("Autonomous tunnel inspection robots", "隧道自主巡查機械人",
             "Supplied rail-mounted inspection robots that patrol cable tunnels and report temperature and gas readings."),
            ("Warehouse robotics for a logistics hub", "物流樞紐倉庫機械人系統",
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
            ("Cross-border online store for a retailer", "零售商跨境網店",
             "Launched a bilingual online store with local payment methods and bonded-warehouse fulfilment."),
            ("Marketplace integration for a consumer brand", "消費品牌網上市集整合",
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
            ("Smart building retrofit of an office tower", "商業大廈智能化改造",
             "Retrofitted chillers, lighting and meters with an integrated building management platform."),
            ("Energy management system for a university campus", "大學校園能源管理系統",
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
            ("Smart parking guidance system", "智能泊車指引系統",
             "Installed bay sensors and guidance signs in public car parks, with availability published to a mobile app."),
            ("Real-time bus arrival information", "巴士實時到站資訊系統",
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
            ("Air quality sensor network", "空氣質素感應網絡",
             "Deployed roadside air-quality sensors calibrated against reference stations, with an open-data feed."),
            ("Smart recycling stations", "智能回收站",
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
            ("Online licensing portal for the municipal government", "市政府網上發牌平台",
             "Replaced counter-based licence applications with an online portal, e-payment and digital certificates."),
            ("Digital case management for public services", "公共服務數碼個案管理系統",
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
            ("Telehealth platform for community clinics", "社區診所遙距醫療平台",
             "Rolled out video consultations, e-prescriptions and appointment booking across a network of clinics."),
            ("Remote patient monitoring pilot", "遙距病人監測試點計劃",
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
            ("Learning management system for a vocational college", "職業學院學習管理系統",
             "Implemented a learning management system with e-assessment and trained the teaching staff."),
            ("STEM smart classrooms", "STEM智能課室",
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
            ("Modular edge data centre", "模組化邊緣數據中心",
             "Delivered a prefabricated edge data centre with N+1 power and cooling in under six months."),
            ("Data centre cooling upgrade for a telecom operator", "電訊商數據中心冷卻系統升級",
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
            ("Integrated operations centre for a smart city project", "智慧城市綜合指揮中心",
             "Integrated CCTV, traffic, utility and emergency systems into one operations centre with a video wall."),
            ("Airport systems integration", "機場系統集成",
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
            ("Smart city master plan", "智慧城市總體規劃",
             "Prepared the smart-city master plan, project pipeline and funding options with the city administration."),
            ("Digital transformation roadmap for a utility", "公用事業機構數碼轉型藍圖",
             "Assessed systems and processes and set out a five-year digital roadmap with a business case."),
        ],
    },
}

#: How a company of each staff-size band introduces itself: (English, Traditional Chinese).
SIZE_WORDS = {
    "1-10": ("a small, specialist Hong Kong technology company", "一家小型專業的香港科技公司"),
    "11-50": ("a fast-growing Hong Kong technology company", "一家發展迅速的香港科技公司"),
    "51-200": ("a mid-sized Hong Kong technology company", "一家中型香港科技公司"),
    "201-500": ("a well-established Hong Kong technology company", "一家具規模的香港科技公司"),
    "501-1000": ("a large Hong Kong technology company", "一家大型香港科技公司"),
    "1001+": ("one of Hong Kong's leading technology companies", "香港具領導地位的科技公司之一"),
}

#: Words for project-reference descriptions.
CLIENT_PHRASES = {"government": "a government client", "public-body": "a public body",
                  "private": "a private-sector client"}
ROLE_PHRASES = {"prime-contractor": "Prime contractor", "sub-contractor": "Sub-contractor",
                "supplier": "Supplier", "consultant": "Consultant"}
