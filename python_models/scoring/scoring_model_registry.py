"""dbt Python model: the scoring model registry (trains the goal models that are due).

Thin: reads the goal configuration, the gate statistics, this table's previous rows
(trained models are kept and reused) and, only for goals that are due and pass the
gates, their training examples; the logic is b2b_enrich.scoring.registry.
"""

from b2b_enrich.scoring.registry import GoalModel, goals_from_frame, update_registry

BATCH_ROWS = 100_000


def _previous_rows(dbt, session):
    """This table as it was before this run (None on the first run)."""
    this = dbt.this
    found = session.execute(
        "select count(*) from information_schema.tables "
        "where table_catalog = ? and table_schema = ? and table_name = ?",
        [this.database, this.schema, this.identifier],
    ).fetchall()[0][0]
    if not found:
        return None
    return session.sql(f"select * from {this!r}").to_arrow_table()


def model(dbt, session):
    dbt.config(materialized="table")
    goals = goals_from_frame(dbt.ref("int_scoring_goals").df())
    stats = dbt.ref("int_scoring_goal_stats").df()
    examples = {
        "person": dbt.ref("int_scoring_person_training_examples"),
        "account": dbt.ref("int_scoring_account_training_examples"),
    }

    def load_examples(goal: GoalModel):
        name = goal.goal_name.replace("'", "''")
        return (
            examples[goal.model_type].filter(f"goal_name = '{name}'").to_arrow_table()
        )

    def load_person_snapshots():
        snapshots = dbt.ref("int_scoring_person_snapshots")
        yield from snapshots.to_arrow_reader(BATCH_ROWS)

    def load_links():
        links = dbt.ref("int_scoring_person_accounts")
        return links.project("person_key, account_key").to_arrow_table()

    return update_registry(
        goals,
        stats,
        _previous_rows(dbt, session),
        load_examples,
        load_person_snapshots=load_person_snapshots,
        load_links=load_links,
    )
