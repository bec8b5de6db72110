"""Migration 0006: a project reference's single-language city and description move into the
language they are written in; readers of old data (API, diff, exports) agree with it."""
import sqlalchemy as sa

from directory.core.extensions import db
from directory.models import ListingRevision
from directory.listings.reference_text import bilingual, upgraded

OLD_REFS = [
    {"title_en": "Smart poles", "title_zh": "智慧燈柱", "country": "SG", "city": "Singapore", "year": 2021,
     "client_type": "government", "role": "supplier", "description": "300 poles, 5G ready."},
    {"title_en": "", "title_zh": "港口感測", "country": "AE", "city": "杜拜", "year": 2019,
     "client_type": "private", "role": "supplier", "description": "空氣質素感測，共120個站點。"},
]


def _revision_with(app, make_user, refs) -> int:
    from directory.models import User
    from directory.listings import operations as listings
    make_user()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        revision_id = listings.create(user).working.id
        db.session.commit()
        # Written as SQL: the data as stored before 0006, untouched by today's save rules.
        db.session.execute(sa.update(ListingRevision).where(ListingRevision.id == revision_id)
                           .values(data={"company_name_en": "Old Data Ltd", "references": refs}))
        db.session.commit()
        return revision_id


def _data(app, revision_id) -> dict:
    with app.app_context():
        db.session.expire_all()
        return db.session.get(ListingRevision, revision_id).data


def test_upgrade_moves_text_into_its_language_and_downgrade_joins_it_back(app, runner, make_user):
    result = runner.invoke(args=["db", "downgrade", "0005"])
    assert result.exit_code == 0, result.output
    rid = _revision_with(app, make_user, OLD_REFS)
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    data = _data(app, rid)
    first, second = data["references"]
    assert (first["city_en"], first["city_zh"]) == ("Singapore", "")
    assert (first["description_en"], first["description_zh"]) == ("300 poles, 5G ready.", "")
    assert (second["city_en"], second["city_zh"]) == ("", "杜拜")
    assert (second["description_en"], second["description_zh"]) == ("", "空氣質素感測，共120個站點。")
    assert "city" not in first and "description" not in second
    assert first["title_zh"] == "智慧燈柱" and second["year"] == 2019 and data["company_name_en"] == "Old Data Ltd"

    assert runner.invoke(args=["db", "downgrade", "0005"]).exit_code == 0
    old = _data(app, rid)["references"]
    assert [(r["city"], r["description"]) for r in old] == [(r["city"], r["description"]) for r in OLD_REFS]
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0


def test_readers_of_unmigrated_data_see_the_same_as_the_migration():
    assert bilingual(OLD_REFS[1], "city") == ("", "杜拜")
    assert bilingual(OLD_REFS[0], "description") == ("300 poles, 5G ready.", "")
    assert upgraded(OLD_REFS[0])["city_en"] == "Singapore" and "city" not in upgraded(OLD_REFS[0])
