"""kg: a license knowledge graph for machine-learning supply chains, stored in Neo4j."""

__version__ = "0.1.0"
