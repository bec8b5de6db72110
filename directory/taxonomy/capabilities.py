"""The capability vocabulary: codes, labels and search synonyms."""
from __future__ import annotations

from .terms import DEFAULT_LANG, Capability, Vocabulary, _L

# --------------------------------------------------------------------------------------------
# Capabilities
# --------------------------------------------------------------------------------------------

CAPABILITIES = Vocabulary("capabilities", [
    Capability("iot", _L("Internet of Things (IoT)", "物聯網", "物联网"), (
        "internet of things", "IoT", "IIoT", "industrial internet of things", "sensor network",
        "sensors", "LoRaWAN", "NB-IoT", "connected devices", "smart devices",
        "物聯網", "物联网", "傳感器", "感應器", "传感器", "感測器", "工業物聯網", "工业互联网")),
    Capability("fintech", _L("Fintech", "金融科技", "金融科技"), (
        "financial technology", "fin tech", "digital payments", "payments", "e-payment",
        "mobile payment", "regtech", "insurtech", "wealthtech", "digital banking", "e-KYC",
        "金融科技", "電子支付", "電子付款", "电子支付", "移動支付", "移动支付", "監管科技",
        "监管科技", "虛擬銀行", "虚拟银行", "保險科技", "保险科技")),
    Capability("infosec", _L("Information Security", "資訊保安", "信息安全"), (
        "information security", "cybersecurity", "cyber security", "InfoSec", "IT security",
        "network security", "penetration testing", "pen test", "security operations centre",
        "資訊保安", "網絡安全", "網絡保安", "資訊安全", "信息安全", "网络安全", "滲透測試",
        "渗透测试", "數據保安", "数据安全")),
    Capability("big-data", _L("Big Data & Analytics", "大數據及分析", "大数据与分析"), (
        "big data", "bigdata", "data analytics", "analytics", "data science",
        "business intelligence", "data lake", "data warehouse", "open data",
        "大數據", "大数据", "數據分析", "数据分析", "商業智能", "商业智能", "數據科學",
        "数据科学", "開放數據", "开放数据")),
    Capability("ai", _L("Artificial Intelligence", "人工智能", "人工智能"), (
        "artificial intelligence", "AI", "machine learning", "ML", "deep learning",
        "computer vision", "natural language processing", "NLP", "generative AI", "GenAI",
        "chatbot", "LLM", "人工智能", "人工智慧", "機器學習", "机器学习", "深度學習",
        "深度学习", "電腦視覺", "計算機視覺", "计算机视觉", "生成式人工智能", "聊天機械人",
        "聊天机器人", "大模型")),
    Capability("cloud", _L("Cloud Computing", "雲端運算", "云计算"), (
        "cloud computing", "cloud", "cloud services", "cloud migration", "hybrid cloud",
        "public cloud", "private cloud", "SaaS", "IaaS", "PaaS", "managed cloud",
        "雲端運算", "雲計算", "云计算", "雲端", "云端", "雲端服務", "云服务", "混合雲",
        "混合云", "雲遷移", "上云")),
    Capability("blockchain", _L("Blockchain", "區塊鏈", "区块链"), (
        "blockchain", "distributed ledger", "DLT", "smart contracts", "Web3", "tokenisation",
        "tokenization", "digital assets", "區塊鏈", "区块链", "分佈式賬本", "分布式账本",
        "智能合約", "智能合约", "數碼資產", "数字资产", "代幣化", "代币化")),
    Capability("5g", _L("5G & Mobile Networks", "5G及流動通訊", "5G与移动通信"), (
        "5G", "5G networks", "private 5G", "mobile networks", "wireless", "telecommunications",
        "telecoms", "edge computing", "Wi-Fi 6", "5G網絡", "5G网络", "流動通訊", "流動網絡",
        "移动通信", "移动网络", "無線通訊", "无线通信", "電訊", "电信", "邊緣運算",
        "边缘计算", "5G專網", "5G专网")),
    Capability("gis", _L("Geographic Information Systems (GIS)", "地理資訊系統",
                         "地理信息系统"), (
        "GIS", "geographic information system", "geospatial", "mapping", "spatial data",
        "remote sensing", "surveying", "3D mapping", "digital twin", "BIM",
        "地理資訊系統", "地理信息系统", "地理信息", "空間數據", "空间数据", "測繪", "测绘",
        "遙感", "遥感", "數碼孿生", "數字孿生", "数字孪生", "建築信息模擬", "建筑信息模型")),
    Capability("robotics", _L("Robotics & Automation", "機械人及自動化", "机器人与自动化"), (
        "robotics", "robot", "robots", "automation", "service robots", "industrial robots",
        "drones", "autonomous mobile robots", "AMR", "RPA", "機械人", "機器人", "机器人",
        "自動化", "自动化", "無人機", "无人机", "服務機械人", "服务机器人", "機械臂",
        "机械臂")),
    Capability("e-commerce", _L("E-commerce", "電子商貿", "电子商务"), (
        "e-commerce", "ecommerce", "online retail", "online shop", "cross-border e-commerce",
        "marketplace", "online marketplace", "digital commerce", "電子商貿", "電子商務",
        "电子商务", "電商", "电商", "網上購物", "网购", "跨境電商", "跨境电商", "網店",
        "网店")),
    Capability("smart-building", _L("Smart Buildings", "智能建築", "智能建筑"), (
        "smart building", "smart buildings", "intelligent building", "building management system",
        "BMS", "building automation", "energy management", "proptech", "facility management",
        "智能建築", "智慧建築", "智能建筑", "智慧建筑", "樓宇自動化", "楼宇自动化",
        "樓宇管理系統", "楼宇管理系统", "能源管理", "物業科技", "物业科技", "設施管理",
        "设施管理")),
    Capability("smart-mobility", _L("Smart Mobility", "智慧出行", "智慧交通"), (
        "smart mobility", "intelligent transport systems", "ITS", "smart transport",
        "smart parking", "traffic management", "mobility as a service", "MaaS",
        "electric vehicles", "EV charging", "智慧出行", "智能交通", "智慧交通", "智能泊車",
        "智能停车", "智慧停车", "交通管理", "電動車", "电动汽车", "新能源汽车", "充電",
        "充电桩")),
    Capability("smart-environment", _L("Smart Environment", "智慧環境", "智慧环境"), (
        "smart environment", "environmental monitoring", "air quality", "water quality",
        "smart waste", "recycling", "climate tech", "cleantech", "green tech", "carbon",
        "ESG", "智慧環境", "智慧环境", "智慧环保", "環境監測", "环境监测", "空氣質素",
        "空气质量", "廢物管理", "废物管理", "回收", "綠色科技", "绿色科技", "減碳",
        "减碳", "碳中和")),
    Capability("govtech", _L("GovTech", "政府科技", "数字政府"), (
        "govtech", "gov tech", "e-government", "digital government", "smart government",
        "public sector digital services", "civic tech", "政府科技", "數碼政府", "数字政府",
        "電子政府", "电子政府", "電子政務", "电子政务", "智慧政府", "政务科技", "政務服務",
        "政务服务")),
    Capability("healthtech", _L("HealthTech", "醫療科技", "医疗科技"), (
        "healthtech", "health tech", "healthcare technology", "medtech", "digital health",
        "telehealth", "telemedicine", "e-health", "electronic health records", "EHR",
        "gerontech", "elderly care technology", "醫療科技", "医疗科技", "智慧醫療",
        "智慧医疗", "遙距醫療", "远程医疗", "數碼醫療", "数字医疗", "樂齡科技", "乐龄科技",
        "智慧养老", "電子健康紀錄", "电子健康档案")),
    Capability("edtech", _L("EdTech", "教育科技", "教育科技"), (
        "edtech", "education technology", "e-learning", "elearning", "online learning",
        "learning management system", "LMS", "STEM education", "STEAM", "教育科技",
        "智慧教育", "電子學習", "电子学习", "網上學習", "在线学习", "在線教育", "在线教育",
        "STEM教育")),
    Capability("data-centre", _L("Data Centres", "數據中心", "数据中心"), (
        "data centre", "data center", "data centres", "data centers", "colocation",
        "DCIM", "hosting", "server room", "edge data centre", "數據中心", "数据中心",
        "資料中心", "机房", "機房", "託管", "托管", "IDC")),
    Capability("system-integration", _L("System Integration", "系統集成", "系统集成"), (
        "system integration", "systems integration", "system integrator",
        "IT infrastructure", "solution integration", "turnkey", "系統集成", "系統整合",
        "系统集成", "系统整合", "系統集成商", "系统集成商", "總承包", "总承包")),
    Capability("consulting", _L("Technology Consulting", "科技顧問服務", "技术咨询"), (
        "consulting", "consultancy", "IT consulting", "technology consulting",
        "smart city consulting", "digital transformation", "advisory", "project management",
        "顧問", "顧問服務", "咨询", "技术咨询", "諮詢", "科技顧問", "數碼轉型", "数字化转型",
        "項目管理", "项目管理", "智慧城市規劃", "智慧城市规划")),
])

CAPABILITY_CODES: tuple[str, ...] = CAPABILITIES.codes


def capability_label(code: str, lang: str = DEFAULT_LANG) -> str:
    return CAPABILITIES.label(code, lang)


def capability_choices(lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    return CAPABILITIES.choices(lang)


def is_capability(code: str) -> bool:
    return code in CAPABILITIES
