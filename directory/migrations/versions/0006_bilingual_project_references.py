"""bilingual project references

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

A project reference's city and description were one key each, in whatever language the member
wrote them; they become city_en / city_zh and description_en / description_zh (as titles
already were). The text moves to the language it is written in: Chinese when it contains CJK
characters, else English. A data migration over listing_revisions.data; no schema change.
The rules are copied here (not imported) so the migration keeps doing what it did.
"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_revisions = sa.table("listing_revisions", sa.column("id", sa.Integer), sa.column("data", sa.JSON))


def _split(ref: dict) -> dict:
    out = {k: v for k, v in ref.items() if k not in ("city", "description")}
    for field in ("city", "description"):
        old = ref.get(field) or ""
        en, zh = ref.get(f"{field}_en") or "", ref.get(f"{field}_zh") or ""
        if old and not en and not zh:
            en, zh = ("", old) if _CJK.search(old) else (old, "")
        out[f"{field}_en"], out[f"{field}_zh"] = en, zh
    return out


def _join(ref: dict) -> dict:
    out = {k: v for k, v in ref.items() if k not in ("city_en", "city_zh", "description_en", "description_zh")}
    out["city"] = ref.get("city_en") or ref.get("city_zh") or ""
    out["description"] = "\n".join(t for t in (ref.get("description_en"), ref.get("description_zh")) if t)
    return out


def _rewrite(change) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_revisions.c.id, _revisions.c.data)).all()
    for row_id, data in rows:
        refs = (data or {}).get("references") if isinstance(data, dict) else None
        if not refs or not isinstance(refs, list):
            continue
        new = [change(r) if isinstance(r, dict) else r for r in refs]
        if new != refs:
            bind.execute(_revisions.update().where(_revisions.c.id == row_id)
                         .values(data={**data, "references": new}))


def upgrade():
    _rewrite(_split)


def downgrade():
    _rewrite(_join)
