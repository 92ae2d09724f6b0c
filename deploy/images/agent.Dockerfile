# syntax=docker/dockerfile:1
# The agent image: what each investigation Job runs (`oats agent`), with an AOT cache so the JVM
# starts warm (JEP 483/514/515, JDK 25).
#
# Build from the repository root, after `./mvnw -B package -DskipTests` made oats-cli/target/oats.jar:
#   docker build -f deploy/images/agent.Dockerfile -t localhost/oats-agent:0.1.0 .
# See docs/install.md for loading it into kind or minikube.
#
# The cache is made here, in the image's own last stage, by a training run of the very jar at the
# very path and JVM it will run with: an AOT cache is only used when the JVM build and the class
# path (jar path, size and time) match, so it must not be made elsewhere and copied in.
ARG JRE_IMAGE=eclipse-temurin:25-jre
FROM ${JRE_IMAGE}

ARG UID=10001
RUN groupadd --system --gid ${UID} oats \
 && useradd --system --uid ${UID} --gid ${UID} --home-dir /workspace --shell /usr/sbin/nologin oats \
 && mkdir -p /app /results /workspace \
 && chown ${UID}:${UID} /results /workspace

COPY oats-cli/target/oats.jar /app/oats.jar

# Training run: a real `oats agent` run up to its first model request (see train-aot.sh): the CLI,
# the configuration, every tool, the model's SDK client, the loop. Trained on `oats tools` alone,
# the cache missed the SDK and the loop, and the agent took 1.2 s instead of under 1 s to its first
# request (bench/agent-start.sh). It needs no cluster, key or network. The JVM writes the cache
# when the run ends.
#
# JVM options, set before the training run so that the cache is made with the options it runs
# with. An agent is one short investigation, mostly waiting on the model: C1 alone
# (TieredStopAtLevel=1) spares the C2 compilations that competed with the start for the pod's CPU,
# and mined a 20 MB log with 40% of the CPU time of the default tiers; the serial collector has no
# concurrent threads to start (the JVM picks it by itself in a pod of one CPU). See
# BENCHMARKS.md, "Agent start".
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
COPY deploy/images/train-aot.sh /app/train-aot.sh
RUN /app/train-aot.sh java /app/oats.jar /app/oats.aot \
 && chmod 0444 /app/oats.jar /app/oats.aot

USER ${UID}:${UID}
WORKDIR /workspace
ENV OATS_RESULTS_DIR=/results \
    OATS_WORKSPACE=/workspace
# An unusable cache (another JVM build) only costs start-up time: the JVM warns and goes on.
ENTRYPOINT ["java", "-XX:AOTCache=/app/oats.aot", "-jar", "/app/oats.jar", "agent"]
