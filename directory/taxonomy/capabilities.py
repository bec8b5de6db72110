"""The capability vocabulary: codes, labels, equivalents (``synonyms``) and related search terms."""
from __future__ import annotations

from directory.taxonomy.terms import DEFAULT_LANG, Capability, Vocabulary, _L

# --------------------------------------------------------------------------------------------
# Capabilities
# --------------------------------------------------------------------------------------------

# ``synonyms`` are *equivalents*: other names of the capability itself (its acronym, spelled-out
# forms, British/American spellings, the Hong Kong and Mainland Chinese names). A query for one
# finds text saying any of them. ``related`` are neighbouring terms (products, techniques): a query
# for one also surfaces providers tagged with the capability, ranked below every provider whose
# own text matches, and never highlighted. Concepts of their own (SOC, BMS, CCTV ...) with their
# equivalents live in equivalents.py.

CAPABILITIES = Vocabulary("capabilities", [
    Capability("iot", _L("Internet of Things (IoT)", "物聯網", "物联网"), (
        "internet of things", "IoT", "物聯網", "物联网"), related=(
        "IIoT", "industrial internet of things", "sensor network", "sensors", "LoRaWAN", "NB-IoT",
        "connected devices", "smart devices", "smart lamppost", "smart meters", "telemetry", "SCADA",
        "RFID", "predictive maintenance", "smart home",
        "傳感器", "感應器", "传感器", "感測器", "工業物聯網", "工业互联网", "智慧燈柱")),
    Capability("fintech", _L("Fintech", "金融科技", "金融科技"), (
        "fintech", "financial technology", "fin tech", "金融科技"), related=(
        "digital payments", "payments", "e-payment", "mobile payment", "regtech", "insurtech",
        "wealthtech", "digital banking", "e-KYC", "AML", "QR payment", "電子支付", "電子付款", "电子支付",
        "移動支付", "移动支付", "監管科技", "监管科技", "虛擬銀行", "虚拟银行", "保險科技", "保险科技")),
    Capability("infosec", _L("Information Security", "資訊保安", "信息安全"), (
        "information security", "cybersecurity", "cyber security", "InfoSec", "IT security",
        "資訊保安", "網絡安全", "網絡保安", "資訊安全", "信息安全", "网络安全"), related=(
        "network security", "penetration testing", "pen test", "SOC", "security operations centre",
        "ISO 27001", "red team", "滲透測試", "渗透测试", "數據保安", "数据安全")),
    Capability("big-data", _L("Big Data & Analytics", "大數據及分析", "大数据与分析"), (
        "big data", "bigdata", "big data analytics", "大數據", "大数据"), related=(
        "data analytics", "analytics", "data science", "business intelligence", "data lake",
        "data warehouse", "open data", "dashboards", "數據分析", "数据分析", "商業智能", "商业智能",
        "數據科學", "数据科学", "開放數據", "开放数据")),
    Capability("ai", _L("Artificial Intelligence", "人工智能", "人工智能"), (
        "artificial intelligence", "AI", "人工智能", "人工智慧"), related=(
        "machine learning", "ML", "deep learning", "computer vision", "natural language processing",
        "NLP", "NLU", "facial recognition", "speech recognition", "OCR", "generative AI", "GenAI",
        "chatbot", "LLM", "video analytics", "機器學習", "机器学习", "深度學習", "深度学习", "電腦視覺",
        "計算機視覺", "计算机视觉", "生成式人工智能", "聊天機械人",
        "聊天机器人", "大模型")),
    Capability("cloud", _L("Cloud Computing", "雲端運算", "云计算"), (
        "cloud computing", "cloud", "雲端運算", "雲計算", "云计算", "雲端", "云端"), related=(
        "cloud services", "cloud migration", "hybrid cloud", "public cloud", "private cloud", "SaaS",
        "IaaS", "PaaS", "managed cloud", "disaster recovery", "雲端服務", "云服务", "混合雲", "混合云",
        "雲遷移", "上云")),
    Capability("blockchain", _L("Blockchain", "區塊鏈", "区块链"), (
        "blockchain", "區塊鏈", "区块链"), related=(
        "distributed ledger", "DLT", "smart contracts", "Web3", "tokenisation", "digital assets",
        "traceability", "verifiable credentials", "分佈式賬本", "分布式账本", "智能合約", "智能合约",
        "數碼資產", "数字资产", "代幣化", "代币化", "溯源")),
    Capability("5g", _L("5G & Mobile Networks", "5G及流動通訊", "5G与移动通信"), (
        "5G", "mobile networks", "5G networks", "5G網絡", "5G网络", "流動通訊", "流動網絡", "移动通信",
        "移动网络"), related=(
        "private 5G", "wireless", "telecommunications", "edge computing", "MEC", "Wi-Fi 6", "無線通訊",
        "无线通信", "電訊", "电信", "邊緣運算", "边缘计算")),
    Capability("gis", _L("Geographic Information Systems (GIS)", "地理資訊系統", "地理信息系统"), (
        "GIS", "geographic information system", "地理資訊系統", "地理信息系统"), related=(
        "geospatial", "mapping", "spatial data", "remote sensing", "surveying", "3D mapping",
        "digital twin", "BIM", "drone", "地理信息", "空間數據", "空间数据", "測繪", "测绘", "遙感", "遥感",
        "數碼孿生", "建築信息模擬")),
    Capability("robotics", _L("Robotics & Automation", "機械人及自動化", "机器人与自动化"), (
        "robotics", "robot", "robots", "機械人", "機器人", "机器人"), related=(
        "automation", "service robots", "industrial robots", "drone", "AMR", "RPA", "AGV",
        "自動化", "自动化", "服務機械人", "服务机器人", "機械臂", "机械臂")),
    Capability("e-commerce", _L("E-commerce", "電子商貿", "电子商务"), (
        "e-commerce", "ecommerce", "電子商貿", "電子商務", "电子商务", "電商", "电商"), related=(
        "online retail", "online shop", "cross-border e-commerce", "marketplace", "online marketplace",
        "digital commerce", "網上購物", "网购", "跨境電商", "網店")),
    Capability("smart-building", _L("Smart Buildings", "智能建築", "智能建筑"), (
        "smart building", "intelligent building", "智能建築", "智慧建築", "智能建筑", "智慧建筑"),
        related=("BMS", "building automation", "energy management", "proptech", "facility management",
                 "access control", "green building", "smart lighting", "HVAC", "樓宇自動化", "楼宇自动化", "樓宇管理系統",
                 "能源管理", "物業科技", "物业科技", "設施管理", "设施管理", "property management")),
    Capability("smart-mobility", _L("Smart Mobility", "智慧出行", "智慧交通"), (
        "smart mobility", "smart transport", "intelligent transport systems", "智慧出行", "智能交通",
        "智慧交通"), related=(
        "smart parking", "traffic management", "MaaS", "electric vehicles", "EV charging",
        "passenger information", "traffic signals", "智能泊車", "交通管理", "電動車", "电动汽车",
        "新能源汽车", "充電", "充电桩")),
    Capability("smart-environment", _L("Smart Environment", "智慧環境", "智慧环境"), (
        "smart environment", "智慧環境", "智慧环境", "智慧环保"), related=(
        "environmental monitoring", "air quality", "water quality", "smart waste", "recycling",
        "climate tech", "cleantech", "carbon", "carbon accounting", "ESG", "環境監測", "环境监测", "空氣質素", "空气质量",
        "廢物管理", "废物管理", "回收", "綠色科技", "绿色科技", "減碳", "减碳", "碳中和")),
    Capability("govtech", _L("GovTech", "政府科技", "数字政府"), (
        "govtech", "gov tech", "政府科技", "政务科技"), related=(
        "e-government", "digital government", "smart government", "public sector digital services",
        "civic tech", "online licensing", "數碼政府", "電子政府", "电子政府", "電子政務",
        "电子政务", "智慧政府", "政務服務", "政务服务")),
    Capability("healthtech", _L("HealthTech", "醫療科技", "医疗科技"), (
        "healthtech", "health tech", "healthcare technology", "醫療科技", "医疗科技"), related=(
        "medtech", "digital health", "telehealth", "e-health", "EHR", "gerontech",
        "remote patient monitoring", "fall detection", "智慧醫療", "智慧医疗", "遙距醫療", "數碼醫療",
        "数字医疗", "樂齡科技", "乐龄科技", "智慧养老", "電子健康紀錄")),
    Capability("edtech", _L("EdTech", "教育科技", "教育科技"), (
        "edtech", "education technology", "教育科技"), related=(
        "e-learning", "LMS", "STEM education", "STEAM", "smart classroom", "courseware", "智慧教育",
        "電子學習", "電子評估", "STEM教育")),
    Capability("data-centre", _L("Data Centres", "數據中心", "数据中心"), (
        "data centre", "data centres", "數據中心", "数据中心", "資料中心"), related=(
        "colocation", "DCIM", "hosting", "server room", "edge data centre", "edge computing", "cooling",
        "IDC", "机房", "機房")),
    Capability("system-integration", _L("System Integration", "系統集成", "系统集成"), (
        "system integration", "systems integration", "系統集成", "系統整合", "系统集成", "系统整合"),
        related=("system integrator", "IT infrastructure", "solution integration", "turnkey", "CCTV",
                 "integrated operations centre", "video wall",
                 "系統集成商", "總承包", "总承包")),
    Capability("consulting", _L("Technology Consulting", "科技顧問服務", "技术咨询"), (
        "technology consulting", "IT consulting", "consulting", "consultancy", "科技顧問服務", "科技顧問",
        "技术咨询", "顧問服務", "顧問", "咨询", "諮詢"), related=(
        "smart city consulting", "digital transformation", "advisory", "project management",
        "smart city roadmap", "master plan", "數碼轉型", "数字化转型", "項目管理", "项目管理",
        "智慧城市規劃", "智慧城市规划")),
])

CAPABILITY_CODES: tuple[str, ...] = CAPABILITIES.codes


def capability_label(code: str, lang: str = DEFAULT_LANG) -> str:
    return CAPABILITIES.label(code, lang)


def capability_choices(lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    return CAPABILITIES.choices(lang)


def is_capability(code: str) -> bool:
    return code in CAPABILITIES
