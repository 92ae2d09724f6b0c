package dev.oats.logs.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grouping accuracy (Zhu et al., ICSE-SEIP 2019): the share of lines whose predicted group is
 * exactly one ground-truth event — same lines, no more, no fewer.
 */
final class GroupingAccuracy {

  private GroupingAccuracy() {}

  static double of(int[] predicted, List<String> truth) {
    if (predicted.length != truth.size()) {
      throw new IllegalArgumentException(
          "predicted " + predicted.length + " lines, truth has " + truth.size());
    }
    Map<Integer, Set<String>> eventsOfGroup = new HashMap<>();
    Map<Integer, Integer> groupSize = new HashMap<>();
    Map<String, Integer> eventSize = new HashMap<>();
    for (int i = 0; i < predicted.length; i++) {
      eventsOfGroup.computeIfAbsent(predicted[i], k -> new HashSet<>()).add(truth.get(i));
      groupSize.merge(predicted[i], 1, Integer::sum);
      eventSize.merge(truth.get(i), 1, Integer::sum);
    }
    long correct = 0;
    for (Map.Entry<Integer, Set<String>> group : eventsOfGroup.entrySet()) {
      Set<String> events = group.getValue();
      if (events.size() == 1) {
        int size = groupSize.get(group.getKey());
        if (eventSize.get(events.iterator().next()) == size) {
          correct += size;
        }
      }
    }
    return (double) correct / predicted.length;
  }
}
