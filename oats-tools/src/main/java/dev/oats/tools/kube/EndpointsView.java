package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An Endpoints object as kubectl describes it: ready and not-ready addresses with the pods behind
 * them, and {@code <none>} when there are none, which is the finding (no pod matches the Service's
 * selector, or none is ready).
 */
final class EndpointsView {

  private EndpointsView() {}

  static String render(Endpoints endpoints, Instant now) {
    StringBuilder out = new StringBuilder(ObjectView.title(endpoints, now)).append('\n');
    String labels = ObjectTables.labels(endpoints.getMetadata().getLabels());
    out.append("Labels: ").append(labels.isEmpty() ? "<none>" : labels).append('\n');
    List<EndpointSubset> subsets = ObjectTables.listOrEmpty(endpoints.getSubsets());
    if (subsets.isEmpty()) {
      return out.append(
              "Subsets: <none> (no ready or not-ready addresses: no pod matches the Service's"
                  + " selector, or the matching pods have no IP yet)\n")
          .toString();
    }
    out.append("Subsets:\n");
    for (EndpointSubset subset : subsets) {
      out.append("  Addresses: ").append(addresses(subset.getAddresses())).append('\n');
      out.append("  NotReadyAddresses: ")
          .append(addresses(subset.getNotReadyAddresses()))
          .append('\n');
      out.append("  Ports: ").append(ports(subset.getPorts())).append('\n');
    }
    return out.toString();
  }

  private static String addresses(List<EndpointAddress> addresses) {
    List<String> shown = new ArrayList<>();
    for (EndpointAddress address : ObjectTables.listOrEmpty(addresses)) {
      String target =
          address.getTargetRef() == null
              ? ""
              : " ("
                  + address.getTargetRef().getKind()
                  + "/"
                  + address.getTargetRef().getName()
                  + ")";
      shown.add(address.getIp() + target);
    }
    return shown.isEmpty() ? "<none>" : String.join(", ", shown);
  }

  private static String ports(List<EndpointPort> ports) {
    String shown =
        ObjectTables.listOrEmpty(ports).stream()
            .map(
                port ->
                    (port.getName() == null ? "" : port.getName() + " ")
                        + port.getPort()
                        + "/"
                        + port.getProtocol())
            .collect(Collectors.joining(", "));
    return shown.isEmpty() ? "<none>" : shown;
  }
}
