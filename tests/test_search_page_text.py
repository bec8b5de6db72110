"""The search page reads as its language is written: in Chinese nothing is glued after a
full-width colon ("服務地區：東盟", never "服務地區： 東盟"); in English a space follows the colon."""
import re

from test_api import seed_directory


def test_labels_on_each_result_follow_the_readers_typography(app, client):
    seed_directory(app, count=12)
    for lang, label in (("zh-Hant", "服務地區："), ("zh-Hans", "服务地区：")):
        html = client.get(f"/search?q=iot&lang={lang}").get_data(as_text=True)
        assert label in html
        assert not re.search(r"：\s", html.replace("\n", "")), re.findall(r".{8}：\s.{8}", html)[:3]
    english = client.get("/search?q=iot&lang=en").get_data(as_text=True)
    assert "Serves: " in english
