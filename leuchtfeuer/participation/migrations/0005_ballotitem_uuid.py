# Ballot secrecy, step 3 of 3: the UUID-keyed item table becomes `BallotItem` (the old one with
# sequential ids is empty after 0004). Constraints are added before the rename: on SQLite that
# rebuilds the table, and its index names must not collide with the old table's when migrating
# back. Refuses to go back while sealed ballots exist: they would be lost with their table.

from django.db import migrations, models


def refuse_if_sealed(apps, schema_editor):
    SealedBallot = apps.get_model('participation', 'SealedBallot')
    if SealedBallot.objects.exists():
        raise RuntimeError(
            'Es gibt noch versiegelte Stimmzettel. Bitte zuerst auszählen (entsiegelt sie), '
            'dann zurückmigrieren. (Sealed ballots exist; count first.)'
        )


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0004_mix_existing_ballots'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, refuse_if_sealed),
        migrations.DeleteModel(
            name='BallotItem',
        ),
        migrations.AlterField(
            model_name='mixedballotitem',
            name='ballot',
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name='items', to='participation.ballot'),
        ),
        migrations.AddConstraint(
            model_name='mixedballotitem',
            constraint=models.UniqueConstraint(fields=('ballot', 'proposal'), name='participation_ballotitem_unique'),
        ),
        migrations.AddConstraint(
            model_name='mixedballotitem',
            constraint=models.CheckConstraint(condition=models.Q(('points__gte', 1)), name='participation_ballotitem_points_positive'),
        ),
        migrations.RenameModel(
            old_name='MixedBallotItem',
            new_name='BallotItem',
        ),
    ]
