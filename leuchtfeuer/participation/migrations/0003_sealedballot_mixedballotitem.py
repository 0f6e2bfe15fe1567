# Ballot secrecy, step 1 of 3: the sealed ballot, and a ballot-item table with random (UUID) keys
# that the next migration fills in random order. Three migrations, not one: on PostgreSQL a table
# that received rows in a transaction cannot be altered in it ("pending trigger events").

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0002_draw_dropped'),
    ]

    operations = [
        migrations.CreateModel(
            name='SealedBallot',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('ciphertext', models.BinaryField()),
                ('budget', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sealed_ballots', to='participation.budget')),
            ],
        ),
        migrations.CreateModel(
            name='MixedBallotItem',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('points', models.PositiveSmallIntegerField(default=1)),
                ('ballot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='participation.ballot')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participation.proposal')),
            ],
        ),
    ]
