"""dbt Python model: today's scores of every goal model (scores, percentiles, factors).

Thin: reads the goal configuration, the model registry and the features as of the run
date in record batches; the logic is b2b_enrich.scoring.scorer. Goals without a usable
model produce no rows (scoring_job_log reports them as skipped).
"""

from b2b_enrich.scoring.registry import goals_from_frame
from b2b_enrich.scoring.scorer import score_goals

BATCH_ROWS = 100_000


def model(dbt, session):
    dbt.config(materialized="table")
    goals = goals_from_frame(dbt.ref("int_scoring_goals").df())
    registry = dbt.ref("scoring_model_registry").to_arrow_table()
    features = {
        "person": dbt.ref("int_scoring_person_features"),
        "account": dbt.ref("int_scoring_account_features"),
    }

    def read_features(model_type, columns):
        quoted = ", ".join('"' + column.replace('"', '""') + '"' for column in columns)
        relation = features[model_type].project(quoted)
        yield from relation.to_arrow_reader(BATCH_ROWS)

    def read_links():
        links = dbt.ref("int_scoring_person_accounts")
        return links.project("person_key, account_key").to_arrow_table()

    return score_goals(goals, registry, read_features, read_links=read_links)
