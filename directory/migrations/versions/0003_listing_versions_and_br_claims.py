"""listing versions and br claims

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    pass  # reserved for the listing-integrity work (issue 8 rows 1, 6)


def downgrade():
    pass
