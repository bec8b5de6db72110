"""Building listing form posts the way a browser sends them."""
import re

from conftest import csrf_from

COMPLETE = {
    "company_name_en": "Harbour Sensors Limited",
    "company_name_zh": "海港感測有限公司",
    "br_number": "12345678",
    "year_established": "2012",
    "staff_size": "11-50",
    "website": "https://harbour-sensors.example.hk",
    "email": "hello@harbour-sensors.example.hk",
    "phone": "2123 4567",
    "address_en": "Unit 5, Science Park, Sha Tin",
    "address_zh": "沙田科學園5室",
    "summary_en": "IoT sensing for smart buildings",
    "summary_zh": "智慧建築物聯網感測",
    "description_en": "We design and install sensor networks.",
    "description_zh": "我們設計及安裝感測網絡。",
    "capabilities": ["iot", "smart-building"],
    "regions": ["asean"],
    "countries": ["AE"],
    "certifications": "ISO 9001; ISO 27001",
    "languages": ["en", "yue"],
    "contact_name": "Chan Tai Man",
    "contact_title": "Director",
    "scc_member_no": "SCC-0042",
    "hktdc_consent": "y",
}


def create_listing(client) -> str:
    page = client.get("/members/").get_data(as_text=True)
    response = client.post("/members/listings/new", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302, response.status_code
    return re.search(r"/members/listings/([a-z0-9]+)/edit", response.location).group(1)


def post_listing(client, public_id, fields, action="save", references=(), **kw):
    url = f"/members/listings/{public_id}/edit"
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = {"csrf_token": token, **fields}
    if action:
        data[{"save": "save", "submit": "submit_listing", "add": "add_reference"}.get(action, action)] = "1"
    for i, ref in enumerate(references):
        for key, value in ref.items():
            data[f"references-{i}-{key}"] = value
    return client.post(url, data=data, content_type=kw.pop("content_type", "multipart/form-data"), **kw)
