"""delivery state per alert and sender

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 02:20:00

Delivery becomes a port: each sender (email first) keeps its own state per alert, so a webhook or
chat sender is one module and a setting. The email state moves from the alert row into a delivery
row of sender "email"; nothing else changes.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | Sequence[str] | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MOVED = ('emailed_at', 'message_id', 'delivery_attempts', 'delivery_error', 'next_attempt_at', 'delivery_state')


def upgrade() -> None:
    op.create_table(
        'deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('alert_id', sa.Integer(), nullable=False),
        sa.Column('sender', sa.String(length=32), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False, server_default='pending'),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
        sa.Column('message_id', sa.String(length=300), nullable=True),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('alert_id', 'sender', name='uq_delivery_alert_sender'),
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_due', ['sender', 'state', 'alert_id'], unique=False)
    op.execute(
        "INSERT INTO deliveries (alert_id, sender, state, attempts, error, next_attempt_at, message_id, delivered_at) "
        "SELECT id, 'email', delivery_state, delivery_attempts, delivery_error, next_attempt_at, message_id, emailed_at "
        "FROM alerts"
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_emailed')
        batch_op.drop_index('ix_alerts_delivery')
        for column in _MOVED:
            batch_op.drop_column(column)
        batch_op.create_index('ix_alerts_channel', ['channel'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_channel')
        batch_op.add_column(sa.Column('emailed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('delivery_attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('delivery_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('delivery_state', sa.String(length=16), nullable=False, server_default='pending'))
    op.execute(
        "UPDATE alerts SET emailed_at = d.delivered_at, message_id = d.message_id, delivery_attempts = d.attempts, "
        "delivery_error = d.error, next_attempt_at = d.next_attempt_at, delivery_state = d.state "
        "FROM deliveries d WHERE d.alert_id = alerts.id AND d.sender = 'email'"
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index('ix_alerts_emailed', ['emailed_at'], unique=False)
        batch_op.create_index('ix_alerts_delivery', ['delivery_state', 'channel'], unique=False)
    op.drop_table('deliveries')
