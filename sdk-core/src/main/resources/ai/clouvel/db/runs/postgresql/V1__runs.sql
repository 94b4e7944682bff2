-- Pipeline runs: one per task, the checkpoint of every step, and the trends each account has used.
CREATE TABLE clouvel_runs (
  account_id    VARCHAR(100) NOT NULL,
  task_id       BIGINT NOT NULL,
  seq           BIGSERIAL NOT NULL,
  task_type     VARCHAR(64) NOT NULL,
  commission_id VARCHAR(200),
  status        VARCHAR(16) NOT NULL,
  error         VARCHAR(4000),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (account_id, task_id)
);
CREATE INDEX clouvel_runs_account_seq ON clouvel_runs (account_id, seq);
CREATE TABLE clouvel_run_steps (
  account_id VARCHAR(100) NOT NULL,
  task_id    BIGINT NOT NULL,
  step       VARCHAR(200) NOT NULL,
  seq        BIGSERIAL NOT NULL,
  state      VARCHAR(16) NOT NULL,
  output     TEXT,
  elapsed_ms BIGINT NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (account_id, task_id, step),
  FOREIGN KEY (account_id, task_id) REFERENCES clouvel_runs (account_id, task_id) ON DELETE CASCADE
);
CREATE TABLE clouvel_used_trends (
  account_id VARCHAR(100) NOT NULL,
  trend_key  VARCHAR(300) NOT NULL,
  task_id    BIGINT NOT NULL,
  used_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (account_id, trend_key)
);
