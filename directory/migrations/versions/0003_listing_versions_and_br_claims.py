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
    # Every revision starts at version 1; each write bumps it (optimistic concurrency, S31).
    with op.batch_alter_table('listing_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    # A BR number is claimed only on submission (S35): listings never published whose pending
    # revision is not submitted release the number their drafts held.
    op.execute(
        "UPDATE listings SET br_number = NULL WHERE published_revision_id IS NULL AND "
        "(working_revision_id IS NULL OR working_revision_id IN "
        "(SELECT id FROM listing_revisions WHERE state <> 'submitted'))")


def downgrade():
    with op.batch_alter_table('listing_revisions', schema=None) as batch_op:
        batch_op.drop_column('version')
