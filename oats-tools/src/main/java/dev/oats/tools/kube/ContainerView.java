package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A pod's containers, spec and state, as the lines of a describe view: the one view of them, for
 * {@code kubectl_info describe} (pods and workloads' templates, read from the API) and for {@code
 * yaml_parser}'s summary of a manifest (read from a file).
 */
public final class ContainerView {

  private static final int MAX_ENV = 25;
  private static final int MAX_ENV_VALUE = 120;

  private ContainerView() {}

  /**
   * Writes the init containers and the containers of a pod spec, each with its state when the pod's
   * status is known.
   *
   * @param status the pod's status, or null for a pod template or a manifest without one
   * @param now the time ages are counted to
   * @param indent the indent of the section titles; containers are indented two more
   */
  public static void writeAll(
      StringBuilder out, PodSpec spec, PodStatus status, Instant now, String indent) {
    section(
        out,
        now,
        indent,
        "Init containers",
        spec.getInitContainers(),
        status == null ? List.of() : status.getInitContainerStatuses());
    section(
        out,
        now,
        indent,
        "Containers",
        spec.getContainers(),
        status == null ? List.of() : status.getContainerStatuses());
  }

  private static void section(
      StringBuilder out,
      Instant now,
      String indent,
      String title,
      List<Container> containers,
      List<ContainerStatus> statuses) {
    if (containers == null || containers.isEmpty()) {
      return;
    }
    out.append(indent).append(title).append(":\n");
    for (Container container : containers) {
      ContainerStatus status =
          ObjectTables.listOrEmpty(statuses).stream()
              .filter(s -> container.getName().equals(s.getName()))
              .findFirst()
              .orElse(null);
      write(out, container, status, now, indent + "  ");
    }
  }

  /**
   * Writes one container.
   *
   * @param status the container's status, or null for a pod template
   */
  static void write(
      StringBuilder out, Container container, ContainerStatus status, Instant now, String indent) {
    String in = indent + "  ";
    out.append(indent).append(container.getName()).append(":\n");
    out.append(in).append("Image: ").append(container.getImage()).append('\n');
    if (status != null) {
      out.append(in).append("State: ").append(state(status.getState(), now)).append('\n');
      if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
        out.append(in)
            .append("Last termination: ")
            .append(state(status.getLastState(), now))
            .append('\n');
      }
      out.append(in)
          .append("Ready: ")
          .append(Boolean.TRUE.equals(status.getReady()))
          .append("   Restarts: ")
          .append(ObjectTables.orZero(status.getRestartCount()))
          .append('\n');
    }
    line(out, in, "Command", join(container.getCommand()));
    line(out, in, "Args", join(container.getArgs()));
    line(out, in, "Ports", ports(container.getPorts()));
    line(out, in, "Requests", quantities(requests(container.getResources())));
    line(out, in, "Limits", quantities(limits(container.getResources())));
    if (container.getResources() == null || limits(container.getResources()).isEmpty()) {
      out.append(in).append("Limits: none\n");
    }
    line(out, in, "Liveness", probe(container.getLivenessProbe()));
    line(out, in, "Readiness", probe(container.getReadinessProbe()));
    line(out, in, "Startup", probe(container.getStartupProbe()));
    List<String> env = env(container);
    if (!env.isEmpty()) {
      out.append(in).append("Environment:\n");
      env.forEach(e -> out.append(in).append("  ").append(e).append('\n'));
    }
    line(out, in, "Mounts", mounts(container.getVolumeMounts()));
  }

  /** As kubectl describe: {@code /etc/checkout from config (ro)}. */
  private static String mounts(List<VolumeMount> mounts) {
    return ObjectTables.listOrEmpty(mounts).stream()
        .map(
            m ->
                m.getMountPath()
                    + " from "
                    + m.getName()
                    + (m.getSubPath() == null ? "" : " (subPath " + m.getSubPath() + ")")
                    + (Boolean.TRUE.equals(m.getReadOnly()) ? " (ro)" : " (rw)"))
        .collect(Collectors.joining(", "));
  }

  /**
   * A container state in words: "Waiting: CrashLoopBackOff — back-off 5m0s…", "Running since 3m
   * ago", "Terminated: OOMKilled, exit 137 (finished 2m ago)".
   */
  static String state(ContainerState state, Instant now) {
    if (state == null) {
      return "unknown";
    }
    if (state.getWaiting() != null) {
      var waiting = state.getWaiting();
      return "Waiting: "
          + (waiting.getReason() == null ? "(no reason)" : waiting.getReason())
          + (waiting.getMessage() == null ? "" : " — " + waiting.getMessage());
    }
    if (state.getRunning() != null) {
      return "Running since " + Ages.since(state.getRunning().getStartedAt(), now) + " ago";
    }
    if (state.getTerminated() != null) {
      var terminated = state.getTerminated();
      return "Terminated: "
          + PodStatuses.terminationText(terminated)
          + (terminated.getFinishedAt() == null
              ? ""
              : " (finished " + Ages.since(terminated.getFinishedAt(), now) + " ago)")
          + (terminated.getMessage() == null ? "" : " — " + terminated.getMessage().strip());
    }
    return "unknown";
  }

  /**
   * A probe as kubectl prints it: the action, then delay, timeout, period and failure threshold.
   */
  static String probe(Probe probe) {
    if (probe == null) {
      return "";
    }
    String action;
    if (probe.getHttpGet() != null) {
      var http = probe.getHttpGet();
      action =
          "http-get "
              + (http.getScheme() == null ? "http" : http.getScheme().toLowerCase(Locale.ROOT))
              + "://:"
              + intOrString(http.getPort())
              + (http.getPath() == null ? "" : http.getPath());
    } else if (probe.getTcpSocket() != null) {
      action = "tcp-socket :" + intOrString(probe.getTcpSocket().getPort());
    } else if (probe.getExec() != null) {
      action = "exec " + join(probe.getExec().getCommand());
    } else if (probe.getGrpc() != null) {
      action = "grpc :" + probe.getGrpc().getPort();
    } else {
      action = "(no action)";
    }
    return action
        + " delay="
        + orZero(probe.getInitialDelaySeconds())
        + "s timeout="
        + (probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds())
        + "s period="
        + (probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds())
        + "s failure="
        + (probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold());
  }

  /**
   * Environment variables. Values from Secrets are never here (the spec only holds the reference),
   * and the reference is what is shown.
   */
  static List<String> env(Container container) {
    List<String> lines = new ArrayList<>();
    for (EnvVar var : ObjectTables.listOrEmpty(container.getEnv())) {
      lines.add(var.getName() + envValue(var));
    }
    for (EnvFromSource from : ObjectTables.listOrEmpty(container.getEnvFrom())) {
      String prefix = from.getPrefix() == null ? "" : " (prefix " + from.getPrefix() + ")";
      if (from.getSecretRef() != null) {
        lines.add("all keys of secret " + from.getSecretRef().getName() + prefix);
      }
      if (from.getConfigMapRef() != null) {
        lines.add("all keys of configmap " + from.getConfigMapRef().getName() + prefix);
      }
    }
    if (lines.size() > MAX_ENV) {
      int more = lines.size() - MAX_ENV;
      lines = new ArrayList<>(lines.subList(0, MAX_ENV));
      lines.add("… " + more + " more");
    }
    return lines;
  }

  private static String envValue(EnvVar var) {
    EnvVarSource from = var.getValueFrom();
    if (from == null) {
      String value = var.getValue() == null ? "" : var.getValue();
      return "="
          + (value.length() > MAX_ENV_VALUE
              ? dev.oats.redact.SafeCut.head(value, MAX_ENV_VALUE) + "…"
              : value);
    }
    if (from.getSecretKeyRef() != null) {
      return " <- secret "
          + from.getSecretKeyRef().getName()
          + " key "
          + from.getSecretKeyRef().getKey()
          + (Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()) ? " (optional)" : "");
    }
    if (from.getConfigMapKeyRef() != null) {
      return " <- configmap "
          + from.getConfigMapKeyRef().getName()
          + " key "
          + from.getConfigMapKeyRef().getKey();
    }
    if (from.getFieldRef() != null) {
      return " <- field " + from.getFieldRef().getFieldPath();
    }
    if (from.getResourceFieldRef() != null) {
      return " <- resource " + from.getResourceFieldRef().getResource();
    }
    return " <- (another source)";
  }

  static Map<String, Quantity> requests(ResourceRequirements resources) {
    return resources == null || resources.getRequests() == null
        ? Map.of()
        : resources.getRequests();
  }

  static Map<String, Quantity> limits(ResourceRequirements resources) {
    return resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
  }

  /** {@code cpu=100m, memory=128Mi}. */
  static String quantities(Map<String, Quantity> values) {
    return new TreeMap<>(values)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
  }

  private static String ports(List<ContainerPort> ports) {
    return ObjectTables.listOrEmpty(ports).stream()
        .map(
            p ->
                p.getContainerPort()
                    + "/"
                    + (p.getProtocol() == null ? "TCP" : p.getProtocol())
                    + (p.getName() == null ? "" : " (" + p.getName() + ")"))
        .collect(Collectors.joining(", "));
  }

  private static String intOrString(IntOrString value) {
    if (value == null) {
      return "";
    }
    return value.getStrVal() != null ? value.getStrVal() : String.valueOf(value.getIntVal());
  }

  private static void line(StringBuilder out, String indent, String label, String value) {
    if (value != null && !value.isEmpty()) {
      out.append(indent).append(label).append(": ").append(value).append('\n');
    }
  }

  private static String join(List<String> parts) {
    return parts == null || parts.isEmpty() ? "" : String.join(" ", parts);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
