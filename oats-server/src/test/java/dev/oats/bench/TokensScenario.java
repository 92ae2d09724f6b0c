package dev.oats.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A scripted 15-turn investigation of a crash-looping checkout service: 14 tool calls whose outputs
 * add up to about 200 KB (a few long logs, many short listings, as kubectl gives them), then
 * finish. The root cause (the database password was rotated, the service still uses the old one) is
 * shown once, near the end of the third call's output, the previous run's log: {@link #ROOT_CAUSE}.
 * The model's scripted thoughts never repeat it, so it reaches the last request only if the context
 * kept it. Deterministic: the same text on every run.
 */
final class TokensScenario {

  static final String GOAL = "checkout-api in namespace shop is crash-looping since 10:00. Why?";

  static final String ROOT_CAUSE =
      "FATAL: password authentication failed for user \"checkout_app\"";

  /** {@link #ROOT_CAUSE} as it appears inside a JSON string. */
  static final String ROOT_CAUSE_JSON = ROOT_CAUSE.replace("\"", "\\\"");

  /**
   * One turn of the script.
   *
   * @param thought what the model says before its call
   * @param tool the tool it calls
   * @param argumentsJson the call's arguments
   * @param output what the tool answers; null for finish
   */
  record Step(String thought, String tool, String argumentsJson, String output) {}

  private TokensScenario() {}

  static List<Step> steps() {
    Random random = new Random(14);
    List<Step> steps = new ArrayList<>();
    steps.add(
        kube(
            "Start from the pods of the namespace.",
            "{\"action\":\"get\",\"resource\":\"pods\",\"namespace\":\"shop\"}",
            pods(random)));
    steps.add(
        kube(
            "checkout-api restarts; its container state and events say more.",
            "{\"action\":\"describe\",\"resource\":\"pods\",\"name\":\"checkout-api-7d9f8c6b5-x2x7q\"}",
            describe(random)));
    steps.add(
        kube(
            "The container exits with code 1 during start. The previous run's log should say why.",
            "{\"action\":\"logs\",\"name\":\"checkout-api-7d9f8c6b5-x2x7q\",\"previous\":true,"
                + "\"tail_lines\":5000}",
            previousLog(random)));
    steps.add(
        kube(
            "The start fails on the database connection. Events around 10:00 may show what changed.",
            "{\"action\":\"events\",\"namespace\":\"shop\"}",
            events(random)));
    steps.add(
        kube(
            "payments-api shares the database; is it failing the same way?",
            "{\"action\":\"logs\",\"name\":\"deployment/payments-api\",\"tail_lines\":5000}",
            appLog(random, "payments-api", 40_000)));
    steps.add(
        kube(
            "Look at the credentials Secret's metadata: when was it last written, and by whom?",
            "{\"action\":\"describe\",\"resource\":\"secrets\",\"name\":\"checkout-db-credentials\"}",
            secret()));
    steps.add(
        shell(
            "How does the deployment pass the credentials to the container?",
            "kubectl get deployment checkout-api -n shop -o yaml",
            deployment(random)));
    steps.add(
        kube(
            "The Secret was written at 10:00 by vault-sync. Its log should show the rotation.",
            "{\"action\":\"logs\",\"name\":\"job/vault-sync-29411700\",\"tail_lines\":5000,"
                + "\"namespace\":\"platform\"}",
            appLog(random, "vault-sync", 30_000)));
    steps.add(
        shell(
            "Check the service's datasource configuration.",
            "kubectl get configmap checkout-api-config -n shop -o yaml",
            configMap(random)));
    steps.add(
        kube(
            "Does the ingress see errors from checkout as well, or only failed upstreams?",
            "{\"action\":\"logs\",\"name\":\"deployment/ingress-nginx-controller\",\"namespace\":"
                + "\"ingress-nginx\",\"grep\":\"checkout\",\"tail_lines\":2000}",
            ingressLog(random)));
    steps.add(
        kube(
            "Rule out a network policy that blocks the database.",
            "{\"action\":\"get\",\"resource\":\"networkpolicies\",\"namespace\":\"shop\"}",
            table(random, "NAME POD-SELECTOR AGE", 2_000, "np")));
    steps.add(
        shell(
            "Was checkout-api rolled out around 10:00?",
            "kubectl rollout history deployment/checkout-api -n shop",
            table(random, "REVISION CHANGE-CAUSE", 2_000, "rev")));
    steps.add(
        kube(
            "Does the database Service have endpoints?",
            "{\"action\":\"get\",\"resource\":\"endpoints\",\"namespace\":\"shop\"}",
            table(random, "NAME ENDPOINTS AGE", 2_000, "ep")));
    steps.add(
        shell(
            "Where does the service read the password, and does it reload it?",
            "grep -rn \"datasource\" /workspace/checkout-api/src",
            grep(random)));
    steps.add(
        new Step(
            "Enough evidence.",
            "finish",
            "{\"result\":\"## Root cause\\ncheckout-api cannot log in to its database: the password"
                + " was rotated at 10:00 and the pods still start with the old one.\\n## Evidence\\n"
                + "- previous log of checkout-api\\n- Secret written by vault-sync at 10:00\\n"
                + "## Next steps\\nkubectl rollout restart deployment/checkout-api -n shop\"}",
            null));
    return steps;
  }

  /** The bytes of every tool output of the script. */
  static long outputBytes() {
    return steps().stream()
        .filter(step -> step.output() != null)
        .mapToLong(step -> step.output().length())
        .sum();
  }

  private static Step kube(String thought, String args, String output) {
    return new Step(thought, "kubectl_info", args, output);
  }

  private static Step shell(String thought, String command, String output) {
    return new Step(
        thought,
        "bash_executor",
        "{\"command\":\"" + command.replace("\"", "\\\"") + "\"}",
        output);
  }

  private static String pods(Random random) {
    StringBuilder text = new StringBuilder("NAME READY STATUS RESTARTS AGE\n");
    String[] apps = {"cart", "catalog", "frontend", "payments-api", "search", "shipping", "user"};
    for (String app : apps) {
      for (int i = 0; i < 3; i++) {
        text.append(app).append("-6c4b9d7f8-").append(suffix(random)).append(" 1/1 Running 0 3d\n");
      }
    }
    for (int i = 0; i < 3; i++) {
      text.append("checkout-api-7d9f8c6b5-")
          .append(i == 0 ? "x2x7q" : suffix(random))
          .append(" 0/1 CrashLoopBackOff ")
          .append(7 + i)
          .append(" 14m\n");
    }
    return pad(text, 2_000, random, "pod");
  }

  private static String describe(Random random) {
    StringBuilder text =
        new StringBuilder(
            """
            Name:         checkout-api-7d9f8c6b5-x2x7q
            Namespace:    shop
            Node:         worker-3/10.0.3.17
            Labels:       app=checkout-api
                          pod-template-hash=7d9f8c6b5
            Status:       Running
            Containers:
              app:
                Image:          registry.local/shop/checkout-api:2.14.1
                State:          Waiting
                  Reason:       CrashLoopBackOff
                Last State:     Terminated
                  Reason:       Error
                  Exit Code:    1
                  Started:      Sun, 06 Dec 2026 10:13:02 +0000
                  Finished:     Sun, 06 Dec 2026 10:13:21 +0000
                Ready:          False
                Restart Count:  7
                Environment:
                  SPRING_DATASOURCE_URL:       jdbc:postgresql://orders-db:5432/orders
                  SPRING_DATASOURCE_USERNAME:  checkout_app
                  SPRING_DATASOURCE_PASSWORD:  <set to the key 'password' in secret 'checkout-db-credentials'>
            Events:
              Type     Reason   Age                 From     Message
              Normal   Pulled   14m (x8 over 25m)   kubelet  Container image already present
              Warning  BackOff  2m (x61 over 24m)   kubelet  Back-off restarting failed container app
            """);
    return pad(text, 5_000, random, "annotation");
  }

  /** The previous run's log: a Spring Boot start that ends on the database login. */
  private static String previousLog(Random random) {
    StringBuilder text = new StringBuilder();
    Instant at = Instant.parse("2026-12-06T10:13:02Z");
    String[] starting = {
      "o.s.b.StartupInfoLogger : Starting CheckoutApplication v2.14.1 using Java 21.0.5",
      "o.s.b.SpringApplication : The following 2 profiles are active: \"prod\", \"k8s\"",
      "o.s.d.r.c.RepositoryConfigurationDelegate : Bootstrapping Spring Data JPA repositories",
      "o.s.b.w.e.tomcat.TomcatWebServer : Tomcat initialized with port 8080 (http)",
      "o.a.catalina.core.StandardService : Starting service [Tomcat]",
      "o.s.b.a.h.HealthEndpointAutoConfiguration : health groups liveness, readiness",
      "c.s.c.config.CacheConfig : cache 'prices' configured with ttl=PT5M max=50000",
      "c.s.c.kafka.ConsumerConfig : subscribing to orders.v2 with group checkout",
      "org.hibernate.Version : HHH000412: Hibernate ORM core version 6.4.4.Final",
      "o.h.c.internal.RegionFactoryInitiator : HHH000026: Second-level cache disabled",
      "c.s.c.feature.Flags : flag %s = %s",
      "c.s.c.catalog.PriceClient : warming price cache, batch %d of 400",
    };
    int lines = 0;
    while (text.length() < 57_000) {
      at = at.plusMillis(3 + random.nextInt(40));
      String message = starting[random.nextInt(starting.length)];
      message =
          message
              .replace("%s = %s", "feature-" + random.nextInt(300) + " = " + random.nextBoolean())
              .replace("%d", Integer.toString(++lines));
      text.append(at).append("  INFO 1 --- [main] ").append(message).append('\n');
    }
    text.append(at)
        .append(" ERROR 1 --- [main] o.s.boot.SpringApplication : Application run failed\n")
        .append(
            "org.springframework.beans.factory.BeanCreationException: Error creating bean with name"
                + " 'entityManagerFactory': Unable to open JDBC Connection for DDL execution\n")
        .append("Caused by: org.postgresql.util.PSQLException: ")
        .append(ROOT_CAUSE)
        .append('\n');
    String[] frames = {
      "org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)",
      "org.postgresql.core.v3.ConnectionFactoryImpl.tryConnect(ConnectionFactoryImpl.java:203)",
      "org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:258)",
      "org.postgresql.jdbc.PgConnection.<init>(PgConnection.java:263)",
      "com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:359)",
      "com.zaxxer.hikari.pool.HikariPool.checkFailFast(HikariPool.java:554)",
      "com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)",
    };
    for (String frame : frames) {
      text.append("\tat ").append(frame).append('\n');
    }
    text.append("\t... 58 common frames omitted\n");
    return text.toString();
  }

  private static String events(Random random) {
    StringBuilder text = new StringBuilder("LAST SEEN TYPE REASON OBJECT MESSAGE\n");
    String[] normal = {
      "Normal Scheduled pod/cart-6c4b9d7f8-%s Successfully assigned shop/cart to worker-2",
      "Normal Pulled pod/search-6c4b9d7f8-%s Container image already present on machine",
      "Normal SuccessfulCreate replicaset/frontend-6c4b9d7f8 Created pod: frontend-%s",
      "Normal ScalingReplicaSet deployment/search Scaled up replica set search-6c4b9d7f8 to 3",
    };
    while (text.length() < 7_600) {
      text.append(random.nextInt(59) + 1)
          .append("m ")
          .append(normal[random.nextInt(normal.length)].replace("%s", suffix(random)))
          .append('\n');
    }
    text.append(
        "2m Warning BackOff pod/checkout-api-7d9f8c6b5-x2x7q Back-off restarting failed container\n");
    return text.toString();
  }

  private static String appLog(Random random, String app, int size) {
    StringBuilder text = new StringBuilder();
    Instant at = Instant.parse("2026-12-06T09:40:00Z");
    String[] messages = {
      "GET /api/v1/orders/%d 200 %dms",
      "POST /api/v1/payments 201 %dms",
      "handled batch %d in %dms",
      "cache hit ratio 0.9%d",
      "kafka offset committed partition=%d offset=%d",
      "synced key shop/%d version %d",
    };
    while (text.length() < size) {
      at = at.plusMillis(50 + random.nextInt(900));
      String message = messages[random.nextInt(messages.length)];
      while (message.contains("%d")) {
        message = message.replaceFirst("%d", Integer.toString(random.nextInt(9_000)));
      }
      String level = random.nextInt(40) == 0 ? "WARN" : "INFO";
      text.append(at).append(' ').append(level).append(' ').append(app).append(' ');
      text.append(level.equals("WARN") ? "slow upstream, retrying: " : "").append(message);
      text.append('\n');
    }
    return text.toString();
  }

  private static String secret() {
    return """
        Name:         checkout-db-credentials
        Namespace:    shop
        Labels:       app.kubernetes.io/managed-by=vault-sync
        Annotations:  vault-sync/last-sync: 2026-12-06T10:00:04Z
                      vault-sync/source: database/creds/checkout-app
        Type:  Opaque
        Data
        ====
        password:  32 bytes
        username:  12 bytes
        """
        + "managedFields: (vault-sync, Update, 2026-12-06T10:00:04Z)\n".repeat(40);
  }

  private static String deployment(Random random) {
    StringBuilder text =
        new StringBuilder(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: checkout-api
              namespace: shop
              generation: 31
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - name: app
                    image: registry.local/shop/checkout-api:2.14.1
                    env:
                    - name: SPRING_DATASOURCE_PASSWORD
                      valueFrom:
                        secretKeyRef: {name: checkout-db-credentials, key: password}
            """);
    return pad(text, 8_000, random, "label");
  }

  private static String configMap(Random random) {
    StringBuilder text =
        new StringBuilder(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: checkout-api-config
            data:
              application.yaml: |
                spring.datasource.hikari.maximum-pool-size: 20
                spring.datasource.hikari.initialization-fail-timeout: 1
            """);
    return pad(text, 6_000, random, "setting");
  }

  private static String ingressLog(Random random) {
    StringBuilder text = new StringBuilder();
    while (text.length() < 15_000) {
      text.append("10.0.")
          .append(random.nextInt(8))
          .append('.')
          .append(random.nextInt(250))
          .append(" - - [06/Dec/2026:10:")
          .append(10 + random.nextInt(40))
          .append(":")
          .append(10 + random.nextInt(49))
          .append(
              " +0000] \"POST /api/checkout HTTP/1.1\" 503 190 \"-\" \"shop-web\" upstream:"
                  + " shop-checkout-api-8080 no live upstreams\n");
    }
    return text.toString();
  }

  private static String grep(Random random) {
    StringBuilder text = new StringBuilder();
    while (text.length() < 15_000) {
      text.append("/workspace/checkout-api/src/main/java/shop/checkout/")
          .append(new String[] {"db", "config", "orders", "health"}[random.nextInt(4)])
          .append("/Source")
          .append(random.nextInt(90))
          .append(".java:")
          .append(random.nextInt(400))
          .append(":    // datasource ")
          .append(new String[] {"pool", "url", "user", "timeout", "metrics"}[random.nextInt(5)])
          .append(" set from spring.datasource.* at start, never reloaded\n");
    }
    return text.toString();
  }

  private static String table(Random random, String header, int size, String prefix) {
    return pad(new StringBuilder(header).append('\n'), size, random, prefix);
  }

  private static String pad(StringBuilder text, int size, Random random, String prefix) {
    while (text.length() < size) {
      text.append(prefix)
          .append('-')
          .append(suffix(random))
          .append(" ")
          .append(random.nextInt(1000))
          .append(" ")
          .append(random.nextInt(60))
          .append("d\n");
    }
    return text.toString();
  }

  private static String suffix(Random random) {
    String letters = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(letters.charAt(random.nextInt(letters.length())));
    }
    return suffix.toString();
  }
}
