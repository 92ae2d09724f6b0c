# syntax=docker/dockerfile:1
# The server image: `oats server` (HTTP API and UI on 8000, the Kubernetes runner).
#
# Build from the repository root, after `./mvnw -B package -DskipTests` made oats-cli/target/oats.jar:
#   docker build -f deploy/images/server.Dockerfile -t localhost/oats-server:0.1.0 .
# See docs/install.md for loading it into kind or minikube.
ARG JRE_IMAGE=eclipse-temurin:25-jre
FROM ${JRE_IMAGE}

ARG UID=10001
RUN groupadd --system --gid ${UID} oats \
 && useradd --system --uid ${UID} --gid ${UID} --home-dir /data --shell /usr/sbin/nologin oats \
 && mkdir -p /app /data \
 && chown ${UID}:${UID} /data

COPY oats-cli/target/oats.jar /app/oats.jar
RUN chmod 0444 /app/oats.jar

USER ${UID}:${UID}
WORKDIR /data
ENV OATS_DATA_DIR=/data \
    OATS_PORT=8000 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8000
VOLUME ["/data"]
ENTRYPOINT ["java", "-jar", "/app/oats.jar", "server"]
