# Ballot secrecy, step 2 of 3: ballots stored before sealing existed were written in the same order
# as the "has voted" markers. Rewrite every existing ballot under a new random key, in random order,
# with its items in the UUID-keyed table; then remove the old rows. Re-runnable (mixing again is
# harmless); the reverse copies the items back into the old table.

import secrets
import uuid
from collections import defaultdict

from django.db import migrations

CHUNK = 500


def mix_forward(apps, schema_editor):
    Ballot = apps.get_model('participation', 'Ballot')
    OldItem = apps.get_model('participation', 'BallotItem')
    NewItem = apps.get_model('participation', 'MixedBallotItem')
    old = list(Ballot.objects.values_list('id', 'budget_id', 'is_paper'))
    if not old:
        return
    items = defaultdict(list)
    for ballot_id, proposal_id, points in OldItem.objects.values_list('ballot_id', 'proposal_id', 'points'):
        items[ballot_id].append((proposal_id, points))
    for ballot_id, proposal_id, points in NewItem.objects.values_list('ballot_id', 'proposal_id', 'points'):
        items[ballot_id].append((proposal_id, points))  # a re-run after a partial mix
    secrets.SystemRandom().shuffle(old)
    ballots, new_items = [], []
    for old_id, budget_id, is_paper in old:
        ballot = Ballot(id=uuid.uuid4(), budget_id=budget_id, is_paper=is_paper)
        ballots.append(ballot)
        new_items.extend(
            NewItem(id=uuid.uuid4(), ballot_id=ballot.id, proposal_id=proposal_id, points=points)
            for proposal_id, points in items[old_id]
        )
    Ballot.objects.bulk_create(ballots, batch_size=CHUNK)
    NewItem.objects.bulk_create(new_items, batch_size=CHUNK)
    old_ids = [row[0] for row in old]
    for start in range(0, len(old_ids), CHUNK):
        chunk = old_ids[start:start + CHUNK]
        OldItem.objects.filter(ballot_id__in=chunk).delete()
        NewItem.objects.filter(ballot_id__in=chunk).delete()
        Ballot.objects.filter(id__in=chunk).delete()


def mix_backward(apps, schema_editor):
    OldItem = apps.get_model('participation', 'BallotItem')
    NewItem = apps.get_model('participation', 'MixedBallotItem')
    rows = list(NewItem.objects.values_list('ballot_id', 'proposal_id', 'points'))
    OldItem.objects.bulk_create(
        [OldItem(ballot_id=b, proposal_id=p, points=n) for b, p, n in rows], batch_size=CHUNK
    )
    NewItem.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0003_sealedballot_mixedballotitem'),
    ]

    operations = [
        migrations.RunPython(mix_forward, mix_backward),
    ]
