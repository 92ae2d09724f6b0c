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
# The serial collector is what the JVM picks by itself in the Deployment's pod (one CPU); said here
# so that it runs so anywhere. The heap starts at 32 MB and grows as needed, rather than at 1/64 of
# the machine's memory: after 200 investigations the server held ~60 MB live in a G1 heap of
# ~490 MB (RSS 549 MiB); serial, from 32 MB, 310 MiB (BENCHMARKS.md, "Server memory").
# C1 only, as the agent image: the server is a control plane (requests, store, API calls), and on a
# small CPU share C2 spent more CPU compiling than the requests took; warm, C1 made 3x the Jobs at
# half the CPU per Job (BENCHMARKS.md, "Pod tokens, the API server's ceiling").
ENV OATS_DATA_DIR=/data \
    OATS_PORT=8000 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -Xms32m -XX:TieredStopAtLevel=1"
EXPOSE 8000
VOLUME ["/data"]
ENTRYPOINT ["java", "-jar", "/app/oats.jar", "server"]
