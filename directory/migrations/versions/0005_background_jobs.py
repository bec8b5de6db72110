"""background jobs

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    pass  # reserved for the reads-and-jobs work (issue 8 rows 7, 8)


def downgrade():
    pass
