"""`kg neo4j start | stop | status`: manage the embedded Neo4j (being written)."""
