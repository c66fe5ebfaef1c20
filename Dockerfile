# kg as a container, for `docker compose` (see docker-compose.yml and the README).
# The image has no Java: it always talks to the Neo4j named by NEO4J_URI (the compose `neo4j` service).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# What the wheel is built from: the package and the data folders pyproject.toml force-includes.
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY cypher ./cypher
COPY licenses ./licenses
COPY loaders ./loaders
COPY graphql ./graphql
COPY launcher ./launcher
COPY examples ./examples
RUN pip install . && useradd --create-home --uid 10001 kg

USER kg
WORKDIR /home/kg
ENTRYPOINT ["kg"]
CMD ["--help"]
