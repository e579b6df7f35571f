-- Runs once, when the postgres volume is created: Prefect's server keeps its own database beside ours.
CREATE DATABASE prefect OWNER stancewatch;
