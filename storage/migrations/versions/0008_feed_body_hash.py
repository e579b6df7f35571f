"""feed body hash

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 20:20:00

A feed whose body is the same as at its last read (and read with the same lexicon and filter) is not
parsed again: the hash of what was read is kept on the feed.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | Sequence[str] | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.drop_column('body_hash')
