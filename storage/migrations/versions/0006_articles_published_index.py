"""articles published index

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:15:00

Reruns by publication date and the timelines' window select articles by ``published``; without an
index each of them reads the whole articles table.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index('ix_articles_published', ['published'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_published')
